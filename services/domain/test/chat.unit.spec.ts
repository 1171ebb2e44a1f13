import { describe, expect, it } from 'vitest';
import { type DebateEvent, DebateCommandSchema } from '@booktalk/contracts';
import { given } from './support/given.ts';
import { actors, at, oxfordRoom } from './support/fixtures.ts';

/** A message id a client chose: a UUID (a free-text id would outlive its author's erasure). */
const Q1 = '11111111-1111-4111-8111-111111111111';
const question: DebateEvent = { type: 'MessagePosted', data: { messageId: Q1, authorId: 'carol', kind: 'question', text: 'Why Casaubon?', at: at(5) } };
const answered: DebateEvent = { type: 'QuestionAnswered', data: { messageId: Q1, answeredBy: 'host', at: at(9) } };

describe('PostMessage', () => {
  it('posts a question with the client’s message id', () => {
    given(...oxfordRoom).when({ type: 'PostMessage', data: { messageId: Q1, kind: 'question', text: 'Why Casaubon?' } }, { actor: actors.carol, at: 5 }).then([question]);
  });
  it('refuses a client message id that is not a UUID: it could carry words past an erasure', () => {
    for (const messageId of ['q1', 'Emma-is-a-liar', `${Q1} `]) {
      const parsed = DebateCommandSchema.safeParse({ type: 'PostMessage', data: { messageId, kind: 'chat', text: 'hi' } });
      expect(parsed.success, messageId).toBe(false);
    }
  });
  it('falls back to the command id for the message id', () => {
    given(...oxfordRoom)
      .when({ type: 'PostMessage', data: { kind: 'chat', text: 'hi' } }, { actor: actors.carol, at: 5 })
      .then([{ type: 'MessagePosted', data: { messageId: '00000000-0000-4000-8000-000000000001', authorId: 'carol', kind: 'chat', text: 'hi', at: at(5) } }]);
  });
  it('only moderators post notices', () => {
    given(...oxfordRoom).when({ type: 'PostMessage', data: { kind: 'notice', text: 'Break!' } }, { actor: actors.carol }).thenFails('NOT_MODERATOR');
  });
  it('a muted participant cannot post', () => {
    given(...oxfordRoom, { type: 'ParticipantMuted', data: { moderatorId: 'host', targetId: 'carol', reason: '', at: at(4) } })
      .when({ type: 'PostMessage', data: { kind: 'chat', text: 'hello?' } }, { actor: actors.carol })
      .thenFails('MUTED');
  });
  it('cannot reuse a message id', () => {
    given(...oxfordRoom, question).when({ type: 'PostMessage', data: { messageId: Q1, kind: 'chat', text: 'x' } }, { actor: actors.bob }).thenFails('MESSAGE_EXISTS');
  });
  it('someone not in the room cannot post', () => {
    given(...oxfordRoom).when({ type: 'PostMessage', data: { kind: 'chat', text: 'x' } }, { actor: actors.erin }).thenFails('NOT_PARTICIPANT');
  });
  it('nobody can post after the debate ended', () => {
    given(...oxfordRoom, { type: 'DebateEnded', data: { by: 'host', at: at(5) } })
      .when({ type: 'PostMessage', data: { kind: 'chat', text: 'x' } }, { actor: actors.carol })
      .thenFails('DEBATE_ENDED');
  });
});

describe('MarkQuestionAnswered', () => {
  it('marks a question answered', () => {
    given(...oxfordRoom, question).when({ type: 'MarkQuestionAnswered', data: { messageId: Q1 } }, { at: 9 }).then([answered]);
  });
  it('cannot answer a question twice', () => {
    given(...oxfordRoom, question, answered).when({ type: 'MarkQuestionAnswered', data: { messageId: Q1 } }).thenFails('ALREADY_ANSWERED');
  });
  it('only questions can be answered', () => {
    given(...oxfordRoom, { type: 'MessagePosted', data: { messageId: 'c1', authorId: 'carol', kind: 'chat', text: 'hi', at: at(5) } })
      .when({ type: 'MarkQuestionAnswered', data: { messageId: 'c1' } })
      .thenFails('NOT_A_QUESTION');
  });
  it('cannot answer a message that does not exist', () => {
    given(...oxfordRoom).when({ type: 'MarkQuestionAnswered', data: { messageId: 'zz' } }).thenFails('MESSAGE_NOT_FOUND');
  });
  it('a non-moderator cannot mark a question answered', () => {
    given(...oxfordRoom, question).when({ type: 'MarkQuestionAnswered', data: { messageId: Q1 } }, { actor: actors.carol }).thenFails('NOT_MODERATOR');
  });
});
