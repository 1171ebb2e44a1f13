// Room chat: messages, audience questions, moderator notices.
import type { CommandOf, DebateState } from '@booktalk/contracts';
import type { DecideContext, Decision } from './context.ts';
import { isDomainError, refuse } from './errors.ts';
import { firstOf, isModerator, messageOf, moderator, notEnded, participant } from './guards.ts';

export function postMessage(c: CommandOf<'PostMessage'>, s: DebateState, ctx: DecideContext): Decision {
  const me = ctx.actor.accountId;
  const messageId = c.data.messageId ?? ctx.commandId;
  const error = firstOf(
    () => participant(s, me),
    () => notEnded(s),
    () => (s.participants[me]?.muted ? refuse('MUTED', 'A moderator muted you') : null),
    () => (c.data.kind === 'notice' && !isModerator(s, ctx.actor) ? refuse('NOT_MODERATOR', 'Only moderators post notices') : null),
    () => (s.messages[messageId] ? refuse('MESSAGE_EXISTS', `Message ${messageId} already exists`) : null),
  );
  return (
    error ?? [
      { type: 'MessagePosted', data: { messageId, authorId: me, kind: c.data.kind, text: c.data.text, at: ctx.now.toISOString() } },
    ]
  );
}

export function markQuestionAnswered(c: CommandOf<'MarkQuestionAnswered'>, s: DebateState, ctx: DecideContext): Decision {
  const denied = moderator(s, ctx.actor);
  if (denied) return denied;
  const m = messageOf(s, c.data.messageId);
  if (isDomainError(m)) return m;
  const error = firstOf(
    () => (m.kind !== 'question' ? refuse('NOT_A_QUESTION', 'Only questions can be answered') : null),
    () => (m.answered ? refuse('ALREADY_ANSWERED', 'This question is already answered') : null),
  );
  return error ?? [{ type: 'QuestionAnswered', data: { messageId: m.messageId, answeredBy: ctx.actor.accountId, at: ctx.now.toISOString() } }];
}

