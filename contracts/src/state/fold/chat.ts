// Folds room chat: messages, questions and notices, and answered questions.
import type { EventOf } from '../../events/index.ts';
import type { ChatMessage, DebateState } from '../debateState.ts';

export type ChatEvent = EventOf<'MessagePosted' | 'QuestionAnswered'>;

/** The chat message a MessagePosted adds (shared with the in-place fold, ../folding.ts). */
export function postedMessage(s: DebateState, d: EventOf<'MessagePosted'>['data']): ChatMessage {
  return {
    messageId: d.messageId,
    authorId: d.authorId,
    // Only participants post (the decider's rule); the id stands in for a name otherwise.
    authorName: s.participants[d.authorId]?.displayName ?? d.authorId,
    kind: d.kind,
    text: d.text,
    at: d.at,
    hidden: false,
    answered: false,
  };
}

export function evolveChat(s: DebateState, event: ChatEvent): DebateState {
  switch (event.type) {
    case 'MessagePosted': {
      const d = event.data;
      return { ...s, messages: { ...s.messages, [d.messageId]: postedMessage(s, d) } };
    }
    case 'QuestionAnswered': {
      const m = s.messages[event.data.messageId];
      return m ? { ...s, messages: { ...s.messages, [m.messageId]: { ...m, answered: true } } } : s;
    }
    default: {
      const _exhaustive: never = event;
      throw new Error(`Not a chat event: ${(_exhaustive as { type: string }).type}`);
    }
  }
}
