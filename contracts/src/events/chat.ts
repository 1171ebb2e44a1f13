import { z } from 'zod';
import { AccountId } from '../ids.ts';
import { IsoTime, message } from './common.ts';

export const MessageId = z.string().min(1).max(64);
export const MessageKind = z.enum(['chat', 'question', 'notice']);
export const MessagePosted = message(
  'MessagePosted',
  z.object({ messageId: MessageId, authorId: AccountId, kind: MessageKind, text: z.string(), at: IsoTime }),
);
export const QuestionAnswered = message(
  'QuestionAnswered',
  z.object({ messageId: MessageId, answeredBy: AccountId, at: IsoTime }),
);
