// Identifiers shared by every service. Kept as branded-free strings so they travel
// through JSON untouched; the schemas below are where they get checked.
import { z } from 'zod';

export const Uuid = z.uuid();
export const AccountId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ or -');
export type AccountId = z.infer<typeof AccountId>;
export const DebateId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ or -');
export type DebateId = z.infer<typeof DebateId>;
export const CommandId = z.uuid();
export type CommandId = z.infer<typeof CommandId>;

/** One stream per debate. */
export const debateStreamId = (debateId: string): string => `debate-${debateId}`;
export const debateIdFromStream = (streamId: string): string | null =>
  streamId.startsWith('debate-') ? streamId.slice('debate-'.length) : null;
