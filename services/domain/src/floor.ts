// Who holds the floor next. Ending a turn, the presentation hand-over and the oxford alternation
// are needed by several deciders (yield, expiry, moderator, leave, remove, demote).
import type { DebateEvent, DebateState, EventOf, Side } from '@booktalk/contracts';

const iso = (d: Date) => d.toISOString();

export function grantEvent(
  s: DebateState,
  speaker: string,
  kind: 'presentation' | 'open',
  durationMs: number,
  grantedBy: string,
  now: Date,
): EventOf<'TurnGranted'> {
  return {
    type: 'TurnGranted',
    data: {
      turnNo: s.turnCount + 1,
      speaker,
      side: s.participants[speaker]?.side ?? null,
      kind,
      durationMs,
      grantedBy,
      startedAt: iso(now),
      endsAt: iso(new Date(now.getTime() + durationMs)),
    },
  };
}

/** Speakers present, in join order: the presentation slots. */
export const presentationOrder = (s: DebateState): string[] =>
  Object.values(s.participants)
    .filter((p) => p.role === 'speaker')
    .sort((a, b) => a.seq - b.seq)
    .map((p) => p.accountId);

/**
 * After a presentation slot ends, the next present speaker in the order takes the floor; after
 * the last one the debate moves to the open floor by itself. `gone` is someone leaving with this
 * same command (they are still in `s`).
 */
export function presentationHandOver(s: DebateState, now: Date, by: string, gone?: string): DebateEvent[] {
  const from = s.currentTurn?.kind === 'presentation' ? s.presentationOrder.indexOf(s.currentTurn.accountId) : s.presentationIndex;
  const next = s.presentationOrder
    .slice(from + 1)
    .find((id) => id !== gone && s.participants[id]?.role === 'speaker');
  if (next) return [grantEvent(s, next, 'presentation', s.presentationMs, by, now)];
  return [{ type: 'RoundStarted', data: { round: 'FREE', order: [], by, at: iso(now) } }];
}

/** Ends the current turn (if any) and, in the presentation round, hands the floor on. */
export function endTurn(
  s: DebateState,
  reason: EventOf<'TurnEnded'>['data']['reason'],
  endedBy: string,
  now: Date,
  opts: { handOver?: boolean; gone?: string } = {},
): DebateEvent[] {
  const t = s.currentTurn;
  if (!t) return [];
  const elapsed = Math.max(0, now.getTime() - Date.parse(t.startedAt));
  const ended: EventOf<'TurnEnded'> = {
    type: 'TurnEnded',
    data: {
      turnNo: t.turnNo,
      speaker: t.accountId,
      reason,
      endedBy,
      spokeMs: elapsed,
      overtimeMs: Math.max(0, now.getTime() - Date.parse(t.endsAt)),
      at: iso(now),
    },
  };
  const handOver = (opts.handOver ?? true) && t.kind === 'presentation' && s.round === 'PRESENTATION';
  return handOver ? [ended, ...presentationHandOver(s, now, endedBy, opts.gone)] : [ended];
}

/**
 * Oxford: the open floor alternates sides; otherwise first come, first served. Only speakers'
 * hands: an audience member's request to speak waits for a moderator's invitation instead.
 */
export function nextInQueue(s: DebateState): string | undefined {
  const hands = s.queue.filter((id) => s.participants[id]?.role === 'speaker');
  if (s.format !== 'oxford' || s.lastSide === null) return hands[0];
  const wanted: Side = s.lastSide === 'pro' ? 'con' : 'pro';
  return hands.find((id) => s.participants[id]?.side === wanted) ?? hands[0];
}
