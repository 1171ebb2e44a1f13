// The voice_quality fold, pure: per debate counters of the signaling lifecycle, plus one row per
// established link (its connect time and candidate type). The counters count from zero: folded
// over a batch they are what the batch adds, and the projection adds them to the stored ones.
import type { RowFold } from '../rows.ts';

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

const zero = (debateId: string): QualityRow => ({ debate_id: debateId, ...Object.fromEntries(COUNTERS.map((c) => [c, 0])) }) as QualityRow;

export const quality: RowFold<QualityRow> = {
  key: ['debate_id'],
  target: ({ debateId, event: e }) => (counterOf[e.type] ? { key: { debate_id: debateId }, stored: false } : null),
  evolve(q, { debateId, event: e }) {
    const counter = counterOf[e.type];
    if (!counter) return q;
    const row = q ?? zero(debateId);
    return { ...row, [counter]: row[counter] + 1 };
  },
};

export const links: RowFold<LinkRow> = {
  key: ['position'],
  target: ({ position, event: e }) => (e.type === 'PeerLinkEstablished' ? { key: { position }, stored: false } : null),
  evolve(l, { position, debateId, event: e }) {
    if (e.type !== 'PeerLinkEstablished') return l;
    const d = e.data;
    return { position, debate_id: debateId, a: d.a, b: d.b, connect_ms: d.connectMs, candidate_type: d.candidateType, at: d.at };
  },
};
