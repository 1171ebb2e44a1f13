// Pure readings of a debate's timeline for the replay track and the analytics strip: where an
// instant falls among the items, the markers (turns coloured by side, votes, moderation) and
// who held the floor when.
import { moderationEventTypes } from '@booktalk/contracts';
import type { TimelineItem } from '../api/afterDebate.ts';
import { lastIndexWhere } from './checkpoints.ts';

/** Index of the last item at or before an offset (−1 before the first). */
export const indexAtOffset = (items: readonly TimelineItem[], offsetMs: number): number => lastIndexWhere(items.length, (i) => items[i]!.offsetMs <= offsetMs);

/** Index of the last item at or below a position (−1 when none). */
export const indexAtPosition = (items: readonly TimelineItem[], position: string): number => {
  const p = BigInt(position);
  return lastIndexWhere(items.length, (i) => BigInt(items[i]!.position) <= p);
};

/** Where offsets count from, in ms since the epoch (DebateStarted, else the first event). */
export const originOf = (items: readonly TimelineItem[]): number | null => (items[0] ? Date.parse(items[0].at) - items[0].offsetMs : null);

export type Side = 'pro' | 'con';

/** One turn on the floor, in timeline offsets; `endMs` null while it runs. */
export interface TurnSpan {
  turnNo: number;
  accountId: string;
  displayName: string;
  side: Side | null;
  kind: 'presentation' | 'open';
  startMs: number;
  endMs: number | null;
  /** Timeline positions of the grant and of the end (null while it runs). */
  grantPosition: string;
  endPosition: string | null;
}

/** What a grant's state says about the turn it began. */
export interface GrantFacts {
  turnNo: number;
  accountId: string;
  displayName: string;
  side: Side | null;
  kind: 'presentation' | 'open';
}

/**
 * Turns from the timeline: each TurnGranted item (its facts from `factsAt`, which reads the
 * state at the grant) up to the next TurnEnded item. Turns never overlap: one holds the floor.
 */
export function turnSpans(items: readonly TimelineItem[], factsAt: (grantIndex: number) => GrantFacts | null): TurnSpan[] {
  const spans: TurnSpan[] = [];
  let open: TurnSpan | null = null;
  items.forEach((item, i) => {
    if (item.type === 'TurnEnded' && open) {
      open.endMs = item.offsetMs;
      open.endPosition = item.position;
      open = null;
    } else if (item.type === 'TurnGranted') {
      const facts = factsAt(i);
      if (!facts) return;
      open = { ...facts, startMs: item.offsetMs, endMs: null, grantPosition: item.position, endPosition: null };
      spans.push(open);
    }
  });
  return spans;
}

export type MarkerKind = 'turn-pro' | 'turn-con' | 'turn' | 'vote' | 'moderation';
export interface Marker {
  index: number;
  offsetMs: number;
  kind: MarkerKind;
  label: string;
}

const moderation = new Set<string>(moderationEventTypes);
const voteTypes = new Set(['VoteOpened', 'VoteClosed']);

/** Markers for the track: each turn's grant (by the side it was granted to), votes opened and closed, moderation actions. */
export function markers(items: readonly TimelineItem[], spans: readonly TurnSpan[]): Marker[] {
  const sideAt = new Map(spans.map((s) => [s.grantPosition, s.side]));
  const out: Marker[] = [];
  items.forEach((item, index) => {
    let kind: MarkerKind | null = null;
    if (item.type === 'TurnGranted') {
      const side = sideAt.get(item.position);
      kind = side === 'pro' ? 'turn-pro' : side === 'con' ? 'turn-con' : 'turn';
    } else if (voteTypes.has(item.type)) kind = 'vote';
    else if (moderation.has(item.type)) kind = 'moderation';
    if (kind) out.push({ index, offsetMs: item.offsetMs, kind, label: item.summary });
  });
  return out;
}

/** `?t=` is seconds on the timeline, to the millisecond. */
export const formatT = (offsetMs: number): string => (Math.round(offsetMs) / 1000).toFixed(3).replace(/\.?0+$/, '');
export function parseT(value: unknown): number | null {
  if (typeof value !== 'string' || !/^-?\d{1,9}(\.\d{1,3})?$/.test(value)) return null;
  return Math.round(Number(value) * 1000);
}

export type Category = 'turn' | 'vote' | 'moderation' | 'chat' | 'room' | 'voice' | 'debate';
/** The list's grouping of an event type. */
export function categoryOf(type: string): Category {
  if (moderation.has(type)) return 'moderation';
  if (type.startsWith('Turn')) return 'turn';
  if (type.startsWith('Vote')) return 'vote';
  if (type === 'MessagePosted' || type === 'QuestionAnswered') return 'chat';
  if (type.startsWith('Participant')) return 'room';
  if (type.startsWith('Voice') || type.startsWith('PeerLink')) return 'voice';
  return 'debate';
}
