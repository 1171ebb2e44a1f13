// A small oxford debate with known timings (seconds after T0), for exact expectations.
import type { DebateEvent } from '@booktalk/contracts';

export const T0 = Date.parse('2026-01-01T10:00:00.000Z');
export const at = (sec: number) => new Date(T0 + sec * 1000).toISOString();
const mod = (sec: number, targetId: string | null, reason = '') => ({ moderatorId: 'host', targetId, reason, at: at(sec) });
const joined = (accountId: string, role: 'moderator' | 'speaker' | 'audience', side: 'pro' | 'con' | null, sec = 2): DebateEvent => ({
  type: 'ParticipantJoined',
  data: { accountId, displayName: accountId[0]!.toUpperCase() + accountId.slice(1), role, side, at: at(sec) },
});
const granted = (turnNo: number, speaker: string, side: 'pro' | 'con', sec: number, kind: 'open' | 'presentation' = 'open', durationMs = 60_000): DebateEvent => ({
  type: 'TurnGranted',
  data: { turnNo, speaker, side, kind, durationMs, grantedBy: 'host', startedAt: at(sec), endsAt: at(sec + durationMs / 1000) },
});
const ended = (turnNo: number, speaker: string, sec: number, spokeMs: number, overtimeMs: number, reason: 'yielded' | 'expired' | 'moderator' | 'left' = 'yielded'): DebateEvent => ({
  type: 'TurnEnded',
  data: { turnNo, speaker, reason, endedBy: reason === 'moderator' ? 'host' : speaker, spokeMs, overtimeMs, at: at(sec) },
});
const vote = (voteId: string, kind: 'pre' | 'post', sec: number, ballots: [string, string][]): DebateEvent[] => [
  { type: 'VoteOpened', data: { voteId, question: `${kind}: the motion?`, options: ['for', 'against', 'undecided'], sides: ['pro', 'con', 'undecided'], kind, openedBy: 'host', at: at(sec) } },
  ...ballots.map(([accountId, option], i): DebateEvent => ({ type: 'VoteCast', data: { voteId, accountId, option, at: at(sec + 1 + i) } })),
  {
    type: 'VoteClosed',
    data: {
      voteId,
      closedBy: 'host',
      tallies: Object.fromEntries(['for', 'against', 'undecided'].map((o) => [o, ballots.filter(([, b]) => b === o).length])),
      at: at(sec + 9),
    },
  },
];

/**
 * Floor: alice (pro) presents 100 s and speaks 40 s; bob (con) presents 120 s (expired, 0 s
 * over) and speaks 90 s of a 75 s turn (15 s over, cut by the moderator).
 * pro = 140 s, con = 210 s, total 350 s. Audience carol, dave, erin, fred vote pre 2 for /
 * 2 against, post 1 for / 3 against.
 */
export const oxfordDebate: DebateEvent[] = [
  {
    type: 'DebateScheduled',
    data: {
      debateId: 'ox1', hostId: 'host', hostName: 'Host', title: 'Is Dorothea a fool?', book: { title: 'Middlemarch', author: 'George Eliot' },
      motion: 'This house believes Dorothea chose wisely', format: 'oxford', maxMembers: 50, startAt: null, turnMs: 60_000, presentationMs: 120_000, at: at(0),
    },
  },
  { type: 'DebateOpened', data: { by: 'host', at: at(1) } },
  joined('host', 'moderator', null),
  joined('alice', 'speaker', 'pro'),
  joined('bob', 'speaker', 'con'),
  joined('carol', 'audience', null),
  joined('dave', 'audience', null),
  joined('erin', 'audience', null),
  joined('fred', 'audience', null),
  { type: 'VoiceJoined', data: { accountId: 'alice', peerId: 'p-a', node: 'n1', at: at(3) } },
  { type: 'VoiceJoined', data: { accountId: 'bob', peerId: 'p-b', node: 'n1', at: at(3) } },
  { type: 'PeerLinkEstablished', data: { a: 'alice', b: 'bob', connectMs: 300, candidateType: 'host', at: at(4) } },
  { type: 'PeerLinkFailed', data: { a: 'carol', b: 'bob', attempt: 1, at: at(4) } },
  { type: 'VoiceRejoinAttempted', data: { accountId: 'carol', attempt: 1, at: at(5) } },
  { type: 'PeerLinkEstablished', data: { a: 'carol', b: 'bob', connectMs: 900, candidateType: 'relay', at: at(6) } },
  { type: 'PeerLinkEstablished', data: { a: 'carol', b: 'alice', connectMs: 500, candidateType: 'srflx', at: at(6) } },
  ...vote('pre', 'pre', 10, [['carol', 'for'], ['dave', 'for'], ['erin', 'against'], ['fred', 'against']]),
  { type: 'DebateStarted', data: { by: 'host', at: at(30) } },
  { type: 'RoundStarted', data: { round: 'PREPARATION', order: [], by: 'host', at: at(30) } },
  { type: 'RoundStarted', data: { round: 'PRESENTATION', order: ['alice', 'bob'], by: 'host', at: at(40) } },
  granted(1, 'alice', 'pro', 40, 'presentation', 120_000),
  ended(1, 'alice', 140, 100_000, 0),
  granted(2, 'bob', 'con', 140, 'presentation', 120_000),
  ended(2, 'bob', 260, 120_000, 0, 'expired'),
  { type: 'RoundStarted', data: { round: 'FREE', order: [], by: 'host', at: at(260) } },
  granted(3, 'alice', 'pro', 270),
  ended(3, 'alice', 310, 40_000, 0),
  granted(4, 'bob', 'con', 320),
  { type: 'TurnExtended', data: { turnNo: 4, speaker: 'bob', byMs: 15_000, endsAt: at(395), extendedBy: 'host', at: at(350) } },
  ended(4, 'bob', 410, 90_000, 15_000, 'moderator'),
  { type: 'ParticipantMuted', data: mod(420, 'carol', 'noise') },
  { type: 'RoomLocked', data: mod(421, null, 'full') },
  ...vote('post', 'post', 430, [['carol', 'for'], ['dave', 'against'], ['erin', 'against'], ['fred', 'against']]),
  { type: 'DebateEnded', data: { by: 'host', at: at(500) } },
];
