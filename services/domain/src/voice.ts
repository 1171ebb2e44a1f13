// The signaling lifecycle as the signaling node records it for a client. SDP and ICE never land
// here; only who is in the mesh and how the links fared (the voice_quality read model).
import type { CommandOf, DebateEvent, DebateState } from '@booktalk/contracts';
import type { DecideContext, Decision } from './context.ts';
import { refuse } from './errors.ts';
import { firstOf, notEnded, participant } from './guards.ts';

export function recordVoiceJoined(c: CommandOf<'RecordVoiceJoined'>, s: DebateState, ctx: DecideContext): Decision {
  const me = ctx.actor.accountId;
  const error = firstOf(() => participant(s, me), () => notEnded(s));
  if (error) return error;
  if (s.voice[me] === c.data.peerId) return []; // the same peer announced twice (a socket retry)
  return [{ type: 'VoiceJoined', data: { accountId: me, peerId: c.data.peerId, node: c.data.node, at: ctx.now.toISOString() } }];
}

/**
 * After the end the lifecycle records nothing: EndDebate closed every voice session, and a leave,
 * link or rejoin report that arrives later (a client tearing down) must not stretch the replay.
 */
const afterTheEnd = (s: DebateState): boolean => s.status === 'ended';

export function recordVoiceLeft(c: CommandOf<'RecordVoiceLeft'>, s: DebateState, ctx: DecideContext): Decision {
  const me = ctx.actor.accountId;
  if (afterTheEnd(s)) return [];
  const error = firstOf(
    () => participant(s, me),
    () => (!s.voice[me] ? refuse('NOT_IN_VOICE', 'You are not in the voice mesh') : null),
  );
  return error ?? [{ type: 'VoiceLeft', data: { accountId: me, reason: c.data.reason, at: ctx.now.toISOString() } }];
}

export function recordPeerLink(c: CommandOf<'RecordPeerLink'>, s: DebateState, ctx: DecideContext): Decision {
  const me = ctx.actor.accountId;
  if (afterTheEnd(s)) return [];
  const at = ctx.now.toISOString();
  const error = firstOf(() => participant(s, me), () => participant(s, c.data.peerId, `${c.data.peerId} is`));
  if (error) return error;
  const event: DebateEvent =
    c.data.outcome === 'established'
      ? { type: 'PeerLinkEstablished', data: { a: me, b: c.data.peerId, connectMs: c.data.connectMs ?? 0, candidateType: c.data.candidateType ?? null, at } }
      : { type: 'PeerLinkFailed', data: { a: me, b: c.data.peerId, attempt: c.data.attempt, at } };
  return [event];
}

export function recordRejoinAttempt(c: CommandOf<'RecordRejoinAttempt'>, s: DebateState, ctx: DecideContext): Decision {
  const me = ctx.actor.accountId;
  if (afterTheEnd(s)) return [];
  const at = ctx.now.toISOString();
  const error = participant(s, me);
  if (error) return error;
  // Giving up is not one more attempt: `attempt` then counts the attempts made, and only the
  // abandonment is recorded (voice_quality counts every attempt once).
  if (c.data.gaveUp) return [{ type: 'VoiceRejoinAbandoned', data: { accountId: me, attempts: c.data.attempt, at } }];
  return [{ type: 'VoiceRejoinAttempted', data: { accountId: me, attempt: c.data.attempt, at } }];
}
