// A small cast and the events that set a debate up, on a fixed clock.
import type { DebateEvent, Side } from '@booktalk/contracts';
import type { Actor } from '../../src/index.ts';
import { SYSTEM_ACTOR } from '../../src/index.ts';

export const DEBATE_ID = 'd1';
export const T0 = Date.parse('2026-01-01T10:00:00.000Z');
/** ISO time `sec` seconds after T0. */
export const at = (sec: number) => new Date(T0 + sec * 1000).toISOString();

const actor = (accountId: string): Actor => ({ accountId, displayName: accountId[0]!.toUpperCase() + accountId.slice(1) });
export const actors = {
  host: actor('host'),
  alice: actor('alice'),
  bob: actor('bob'),
  carol: actor('carol'),
  dave: actor('dave'),
  erin: actor('erin'),
  system: SYSTEM_ACTOR,
};

export const book = { title: 'Middlemarch', author: 'George Eliot' };

/** `floorControl` left out: an event as written before the field existed (the fold reads it as off). */
export const scheduled = (format: 'oxford' | 'free' = 'oxford', maxMembers = 50, floorControl?: boolean): DebateEvent => ({
  type: 'DebateScheduled',
  data: {
    debateId: DEBATE_ID,
    hostId: 'host',
    hostName: 'Host',
    title: 'Is Dorothea a fool?',
    book,
    motion: 'This house believes Dorothea chose wisely',
    format,
    maxMembers,
    startAt: null,
    turnMs: 120_000,
    presentationMs: 300_000,
    ...(floorControl === undefined ? {} : { floorControl }),
    at: at(0),
  },
});
export const opened: DebateEvent = { type: 'DebateOpened', data: { by: 'host', at: at(1) } };
export const started: DebateEvent[] = [
  { type: 'DebateStarted', data: { by: 'host', at: at(2) } },
  { type: 'RoundStarted', data: { round: 'PREPARATION', order: [], by: 'host', at: at(2) } },
];
export const joined = (accountId: string, role: 'speaker' | 'audience' | 'moderator', side: Side | null = null): DebateEvent => ({
  type: 'ParticipantJoined',
  data: { accountId, displayName: accountId[0]!.toUpperCase() + accountId.slice(1), role, side, at: at(1) },
});
export const freeRound: DebateEvent = { type: 'RoundStarted', data: { round: 'FREE', order: [], by: 'host', at: at(3) } };
export const granted = (turnNo: number, speaker: string, side: Side | null, startSec: number, durationMs = 120_000, kind: 'open' | 'presentation' = 'open'): DebateEvent => ({
  type: 'TurnGranted',
  data: { turnNo, speaker, side, kind, durationMs, grantedBy: 'host', startedAt: at(startSec), endsAt: at(startSec + durationMs / 1000) },
});

/** An open oxford room: host moderating, alice (pro) and bob (con) speaking, carol listening. */
export const oxfordRoom: DebateEvent[] = [
  scheduled('oxford'),
  opened,
  joined('host', 'moderator'),
  joined('alice', 'speaker', 'pro'),
  joined('bob', 'speaker', 'con'),
  joined('carol', 'audience'),
];
/** The same room, live, on the open floor. */
export const openFloor: DebateEvent[] = [...oxfordRoom, ...started, freeRound];
