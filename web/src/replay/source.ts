// Where a replay's states come from. The timeline (public, paged) gives the items, the track and
// the list. The state at an item: those who may read the raw stream (host, moderators, admins)
// fold it here with fold checkpoints (synchronous, a frame); everyone else fetches the server's
// fold at that position (GET /state?position=), cached by position.
import { type DebateEvent, DebateEventSchema, type DebateState } from '@booktalk/contracts';
import type { AfterDebateApi, TimelineItem } from '../api/afterDebate.ts';
import { ApiRequestError } from '../api/errors.ts';
import { viewToState } from '../room/viewState.ts';
import { FoldCheckpoints, type TimedEvent, eventTime } from './checkpoints.ts';
import { StateCache } from './stateCache.ts';
import { type GrantFacts, type TurnSpan, turnSpans } from './track.ts';

export type SourceMode = 'events' | 'states';

export interface ReplaySource {
  readonly debateId: string;
  readonly mode: SourceMode;
  /** Every timeline item so far, in order. */
  readonly items: readonly TimelineItem[];
  /** The state after item `index` when it is at hand (always, in events mode), else undefined. */
  peek(index: number): DebateState | undefined;
  /** The state after item `index`. */
  stateAt(index: number): Promise<DebateState>;
  /** Reads what was added since the last read; true when there was something. */
  refresh(): Promise<boolean>;
  /** Who held the floor when (reads the state at each grant in states mode). */
  turns(): Promise<TurnSpan[]>;
}

const PAGE = 500;
const CONCURRENCY = 4;

export function toTimed(e: { type: string; data: unknown; position: string; version: number }): TimedEvent {
  const parsed = DebateEventSchema.safeParse({ type: e.type, data: e.data });
  if (!parsed.success) throw new ApiRequestError(0, { code: 'BAD_RESPONSE', message: `Event ${e.type} at version ${e.version} does not match its schema` });
  const event = parsed.data as DebateEvent;
  return { event, position: e.position, atMs: eventTime(event) };
}

async function readTimeline(api: AfterDebateApi, id: string, into: TimelineItem[]): Promise<boolean> {
  let added = false;
  for (;;) {
    const page = await api.timelinePage(id, into.at(-1)?.position, PAGE);
    into.push(...page.items);
    added ||= page.items.length > 0;
    if (!page.next) return added;
  }
}

const factsOf = (state: DebateState): GrantFacts | null => {
  const turn = state.currentTurn;
  if (!turn) return null;
  return { turnNo: turn.turnNo, accountId: turn.accountId, displayName: state.participants[turn.accountId]?.displayName ?? turn.accountId, side: turn.side, kind: turn.kind };
};

/** Runs `f` over `list` with at most `limit` in flight. */
async function mapLimited<T, R>(list: readonly T[], limit: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      out[i] = await f(list[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
  return out;
}

/**
 * Loads the timeline, and the raw stream when `tryEvents` (a signed-in reader who may be the
 * host, a moderator or an admin): a 403 falls back to the server's states.
 */
export async function openReplaySource(api: AfterDebateApi, debateId: string, { tryEvents }: { tryEvents: boolean }): Promise<ReplaySource> {
  const items: TimelineItem[] = [];
  await readTimeline(api, debateId, items);
  if (items.length === 0) throw new ApiRequestError(404, { code: 'DEBATE_NOT_FOUND', message: `No debate ${debateId}` });

  let fold: FoldCheckpoints | null = null;
  let version = -1;
  const readEvents = async (): Promise<boolean> => {
    const page = await api.events(debateId, version + 1);
    if (page.events.length === 0) return false;
    fold!.append(page.events.map(toTimed));
    version = page.events.at(-1)!.version;
    return true;
  };
  if (tryEvents) {
    fold = new FoldCheckpoints(debateId);
    try {
      await readEvents();
    } catch (e) {
      if (!(e instanceof ApiRequestError && (e.status === 403 || e.status === 401))) throw e;
      fold = null;
    }
  }

  if (fold) {
    const f = fold;
    // The stream may run ahead of the timeline's read model, never behind it for long: an item
    // past the folded stream reads the stream again first.
    const stateAt = async (index: number) => {
      const item = items[index]!;
      if (f.length === 0 || BigInt(f.event(f.length - 1)!.position) < BigInt(item.position)) await readEvents();
      return f.stateAt(f.indexAtPosition(item.position));
    };
    return {
      debateId,
      mode: 'events',
      items,
      peek: (index) => {
        const item = items[index];
        if (!item || f.length === 0 || BigInt(f.event(f.length - 1)!.position) < BigInt(item.position)) return undefined;
        return f.stateAt(f.indexAtPosition(item.position));
      },
      stateAt,
      refresh: async () => {
        const added = await readTimeline(api, debateId, items);
        if (added) await readEvents();
        return added;
      },
      turns: async () => {
        const spans = turnSpans(items, (i) => {
          const item = items[i]!;
          const at = f.indexAtPosition(item.position);
          return at < 0 ? null : factsOf(f.stateAt(at));
        });
        return spans;
      },
    };
  }

  const cache = new StateCache<DebateState>(async (position) => viewToState(await api.stateAtPosition(debateId, position)), 128);
  const grantFacts = new Map<string, GrantFacts | null>();
  return {
    debateId,
    mode: 'states',
    items,
    peek: (index) => (items[index] ? cache.peek(items[index].position) : undefined),
    stateAt: (index) => cache.get(items[index]!.position),
    refresh: () => readTimeline(api, debateId, items),
    turns: async () => {
      const grants = items.filter((it) => it.type === 'TurnGranted' && !grantFacts.has(it.position));
      await mapLimited(grants, CONCURRENCY, async (it) => grantFacts.set(it.position, factsOf(await cache.get(it.position))));
      return turnSpans(items, (i) => grantFacts.get(items[i]!.position) ?? null);
    },
  };
}
