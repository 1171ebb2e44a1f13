// The voice_quality fold, pure: per debate counters of the signaling lifecycle, plus one row per
// established link (its connect time and candidate type). Folded from empty rows, the counters
// are what this run of events adds: the I/O adds them to the stored ones.
import type { ProjectedEvent } from '../../events.ts';
import { type Rows, withRow } from '../rows.ts';

export const COUNTERS = ['joins', 'leaves', 'links_established', 'link_failures', 'rejoin_attempts', 'rejoins_abandoned'] as const;
export type Counter = (typeof COUNTERS)[number];

const counterOf: Partial<Record<string, Counter>> = {
  VoiceJoined: 'joins',
  VoiceLeft: 'leaves',
  PeerLinkEstablished: 'links_established',
  PeerLinkFailed: 'link_failures',
  VoiceRejoinAttempted: 'rejoin_attempts',
  VoiceRejoinAbandoned: 'rejoins_abandoned',
};

export type QualityRow = { debate_id: string } & Record<Counter, number>;

export interface LinkRow {
  position: bigint;
  debate_id: string;
  a: string;
  b: string;
  connect_ms: number;
  candidate_type: string | null;
  at: string;
}

export interface VoiceQualityRows {
  /** By debate id. */
  quality: Rows<QualityRow>;
  /** By event position. */
  links: Rows<LinkRow>;
}

export const emptyVoiceQuality = (): VoiceQualityRows => ({ quality: new Map(), links: new Map() });

const zero = (debateId: string): QualityRow =>
  ({ debate_id: debateId, ...Object.fromEntries(COUNTERS.map((c) => [c, 0])) }) as QualityRow;

export function evolve(rows: VoiceQualityRows, { position, debateId, event: e }: ProjectedEvent): VoiceQualityRows {
  const counter = counterOf[e.type];
  if (!counter) return rows;
  const q = rows.quality.get(debateId) ?? zero(debateId);
  const quality = withRow(rows.quality, debateId, { ...q, [counter]: q[counter] + 1 });
  if (e.type !== 'PeerLinkEstablished') return { ...rows, quality };
  const l = e.data;
  const link: LinkRow = { position, debate_id: debateId, a: l.a, b: l.b, connect_ms: l.connectMs, candidate_type: l.candidateType, at: l.at };
  return { quality, links: withRow(rows.links, String(position), link) };
}
