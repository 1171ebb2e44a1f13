// Speaking-time figures from the speaking_time read model's facts (participants and turns).
// Pure, so the exact arithmetic is unit-tested; the definition of fairness is FAIRNESS_DESCRIPTION.
import type { SpeakingTime } from '../http/schemas.ts';

export interface ParticipantFact {
  accountId: string;
  displayName: string;
  side: 'pro' | 'con' | null;
  role: string;
}
export interface TurnFact {
  accountId: string;
  side: 'pro' | 'con' | null;
  kind: 'presentation' | 'open';
  /** null while the turn runs: not counted yet. */
  spokeMs: number | null;
  overtimeMs: number | null;
}

const SIDES = ['pro', 'con'] as const;
/** Shares are reported to 4 decimals: more is noise, and it keeps figures exactly comparable. */
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const shareOf = (part: number, total: number) => (total > 0 ? round4(part / total) : 0);

/** 1 − (max share − 1/n) / (1 − 1/n); null without floor time or with fewer than two groups. */
export function fairness(groupFloorMs: readonly number[]): number | null {
  const n = groupFloorMs.length;
  const total = groupFloorMs.reduce((a, b) => a + b, 0);
  if (n < 2 || total === 0) return null;
  const equal = 1 / n;
  const max = Math.max(...groupFloorMs) / total;
  return round4(Math.min(1, Math.max(0, 1 - (max - equal) / (1 - equal))));
}

export function speakingTime(debateId: string, format: 'oxford' | 'free', people: readonly ParticipantFact[], allTurns: readonly TurnFact[]): SpeakingTime {
  const turns = allTurns.filter((t) => t.spokeMs !== null);
  const total = turns.reduce((sum, t) => sum + t.spokeMs!, 0);
  const sum = (list: readonly TurnFact[], f: (t: TurnFact) => number) => list.reduce((a, t) => a + f(t), 0);
  const figures = (list: readonly TurnFact[]) => {
    const floorMs = sum(list, (t) => t.spokeMs!);
    return { floorMs, turns: list.length, overtimeMs: sum(list, (t) => t.overtimeMs ?? 0), share: shareOf(floorMs, total) };
  };

  const byAccount = new Map<string, TurnFact[]>();
  for (const t of turns) byAccount.set(t.accountId, [...(byAccount.get(t.accountId) ?? []), t]);
  // Speakers count even with no floor time (that is the unfairness); anyone who spoke counts too.
  const speaking = people.filter((p) => p.role === 'speaker' || byAccount.has(p.accountId));
  const participants = speaking
    .map((p) => {
      const mine = byAccount.get(p.accountId) ?? [];
      const f = figures(mine);
      return {
        accountId: p.accountId,
        displayName: p.displayName,
        side: p.side,
        ...f,
        averageTurnMs: f.turns > 0 ? Math.round(f.floorMs / f.turns) : 0,
        presentationMs: sum(mine.filter((t) => t.kind === 'presentation'), (t) => t.spokeMs!),
        openMs: sum(mine.filter((t) => t.kind === 'open'), (t) => t.spokeMs!),
      };
    })
    .sort((a, b) => b.floorMs - a.floorMs || a.accountId.localeCompare(b.accountId));

  // A turn counts for the side its speaker had when granted (stored with the turn).
  const sides =
    format === 'oxford'
      ? SIDES.map((side) => ({
          side,
          ...figures(turns.filter((t) => t.side === side)),
          speakers: speaking.filter((p) => p.side === side).length,
        }))
      : [];
  const rounds = (['presentation', 'open'] as const).map((round) => {
    const inRound = turns.filter((t) => t.kind === round);
    const roundTotal = sum(inRound, (t) => t.spokeMs!);
    return {
      round,
      ...figures(inRound),
      sides: format === 'oxford' ? SIDES.map((side) => {
        const floorMs = sum(inRound.filter((t) => t.side === side), (t) => t.spokeMs!);
        return { side, floorMs, share: shareOf(floorMs, roundTotal) };
      }) : [],
    };
  });
  return {
    debateId,
    format,
    totalFloorMs: total,
    participants,
    sides,
    rounds,
    fairness: format === 'oxford' ? fairness(sides.map((s) => s.floorMs)) : fairness(participants.map((p) => p.floorMs)),
    fairnessBasis: format === 'oxford' ? 'sides' : 'speakers',
  };
}
