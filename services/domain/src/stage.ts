// The stage-mode lifecycle as the signaling node records it: who published to the SFU and for how
// long, who listened through it, and when the SFU failed. The node decides who may publish; the
// decider checks it again against the state the event lands on, so a stale decision is refused.
import type { CommandOf, DebateState } from '@booktalk/contracts';
import type { DecideContext, Decision } from './context.ts';
import { refuse } from './errors.ts';
import { firstOf, notEnded, participant } from './guards.ts';

export function recordStagePublished(c: CommandOf<'RecordStagePublished'>, s: DebateState, ctx: DecideContext): Decision {
  const me = ctx.actor.accountId;
  const error = firstOf(
    () => participant(s, me),
    () => notEnded(s),
    () => {
      const p = s.participants[me]!;
      if (p.role !== 'speaker' && p.role !== 'moderator') return refuse('NOT_SPEAKER', 'Only speakers publish to the stage');
      return p.muted ? refuse('MUTED', 'A moderator muted you') : null;
    },
  );
  if (error) return error;
  return [{ type: 'StagePublished', data: { accountId: me, feedId: c.data.feedId, node: c.data.node, at: ctx.now.toISOString() } }];
}

export function recordStageUnpublished(c: CommandOf<'RecordStageUnpublished'>, _s: DebateState, ctx: DecideContext): Decision {
  return [{ type: 'StageUnpublished', data: { accountId: ctx.actor.accountId, feedId: c.data.feedId, reason: c.data.reason, at: ctx.now.toISOString() } }];
}

/** Listening is as public as reading the debate: no participant check (a removed one is refused by the node). */
export function recordStageListening(c: CommandOf<'RecordStageListening'>, s: DebateState, ctx: DecideContext): Decision {
  const error = notEnded(s);
  if (error) return error;
  return [{ type: 'StageListenerSubscribed', data: { accountId: ctx.actor.accountId, node: c.data.node, at: ctx.now.toISOString() } }];
}

export function recordStageListenerLeft(c: CommandOf<'RecordStageListenerLeft'>, _s: DebateState, ctx: DecideContext): Decision {
  return [{ type: 'StageListenerLeft', data: { accountId: ctx.actor.accountId, reason: c.data.reason, at: ctx.now.toISOString() } }];
}

export function recordStageFailure(c: CommandOf<'RecordStageFailure'>, _s: DebateState, ctx: DecideContext): Decision {
  return [{ type: 'StageSfuFailed', data: { node: c.data.node, op: c.data.op, at: ctx.now.toISOString() } }];
}
