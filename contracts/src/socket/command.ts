// Commands over the socket: the same catalog, validation and idempotency as
// POST /api/debates/:id/commands, with the debate id in the message instead of the path.
import { z } from 'zod';
import type { DebateCommandType } from '../commands/index.ts';
import { CommandId, DebateId } from '../ids.ts';

/** The envelope; `{type, data}` is then validated exactly as the HTTP route does. */
export const C_COMMAND = z.strictObject({
  debateId: DebateId,
  commandId: CommandId,
  type: z.string().min(1).max(64),
  data: z.unknown(),
});
export type C_COMMAND = z.infer<typeof C_COMMAND>;

export const CommandAck = z.object({
  ok: z.literal(true),
  position: z.string().regex(/^\d+$/),
  version: z.number().int(),
  duplicate: z.boolean(),
});
export type CommandAck = z.infer<typeof CommandAck>;

/**
 * The voice lifecycle is recorded by the signaling node from what sockets really did: neither
 * HTTP nor C_COMMAND accepts these (403 / ack code SIGNALING_ONLY).
 */
export const SIGNALING_ONLY_COMMANDS = [
  'RecordVoiceJoined',
  'RecordVoiceLeft',
  'RecordPeerLink',
  'RecordRejoinAttempt',
  'RecordStagePublished',
  'RecordStageUnpublished',
  'RecordStageListening',
  'RecordStageListenerLeft',
  'RecordStageFailure',
] as const satisfies readonly DebateCommandType[];

export const isSignalingOnlyCommand = (type: string): boolean => (SIGNALING_ONLY_COMMANDS as readonly string[]).includes(type);
