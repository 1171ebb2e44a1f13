// How long a chat message may be, read from the contracts' PostMessage schema (its text's
// `maxLength` meta, counted in code points like the server counts it), so the chat's counter and
// the server's refusal never disagree.
import { DebateCommandSchema, codePoints } from '@booktalk/contracts';

type WithTextMeta = { shape: { text?: { meta?: () => { maxLength?: number } | undefined } } };
const postMessage = DebateCommandSchema.options.find((o) => o.shape.type.value === 'PostMessage');

export const MESSAGE_MAX_CHARS: number = (postMessage?.shape.data as unknown as WithTextMeta | undefined)?.shape.text?.meta?.()?.maxLength ?? 2_000;

/** Characters as the server counts them. */
export const messageLength = (text: string): number => codePoints(text);
