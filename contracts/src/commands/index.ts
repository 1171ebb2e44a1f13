// The command catalog as one discriminated union; `type` names are the public API.
import { z } from 'zod';
import * as c from './schemas.ts';

export { PRESENTATION_MAX_CHARS, MIN_TURN_MS, MAX_TURN_MS } from './schemas.ts';

const commandOptions = [
  c.CreateDebate,
  c.OpenDebate,
  c.StartDebate,
  c.AdvanceRound,
  c.EndDebate,
  c.UpdatePresentation,
  c.JoinDebate,
  c.LeaveDebate,
  c.RaiseHand,
  c.LowerHand,
  c.GrantTurn,
  c.YieldTurn,
  c.EndTurn,
  c.ExtendTurn,
  c.IssueTurnWarning,
  c.ExpireTurn,
  c.OpenVote,
  c.CastVote,
  c.CloseVote,
  c.MuteParticipant,
  c.UnmuteParticipant,
  c.RemoveParticipant,
  c.PromoteToSpeaker,
  c.DemoteToAudience,
  c.AssignModerator,
  c.RevokeModerator,
  c.LockRoom,
  c.UnlockRoom,
  c.SetRoomAccess,
  c.HideMessage,
  c.InviteToSpeak,
  c.AcceptInvitation,
  c.DeclineInvitation,
  c.DismissRequest,
  c.SetFloorControl,
  c.PostMessage,
  c.MarkQuestionAnswered,
  c.RecordVoiceJoined,
  c.RecordVoiceLeft,
  c.RecordPeerLink,
  c.RecordRejoinAttempt,
  c.RecordStagePublished,
  c.RecordStageUnpublished,
  c.RecordStageListening,
  c.RecordStageListenerLeft,
  c.RecordStageFailure,
] as const;
const commandNames = commandOptions.map((o) => o.shape.type.value);

export const DebateCommandSchema = z.discriminatedUnion('type', commandOptions, {
  // zod's own message for an unknown discriminator is a bare "Invalid input": name the choices.
  error: (issue) =>
    issue.code === 'invalid_union'
      ? `Unknown command type ${JSON.stringify((issue.input as { type?: unknown } | undefined)?.type)}; expected one of: ${commandNames.join(', ')}`
      : undefined,
});

/** A validated command (defaults applied). */
export type DebateCommand = z.infer<typeof DebateCommandSchema>;
/** A command as a client may send it (defaults not yet applied). */
export type DebateCommandInput = z.input<typeof DebateCommandSchema>;
export type DebateCommandType = DebateCommand['type'];
export type CommandOf<T extends DebateCommandType> = Extract<DebateCommand, { type: T }>;
export const debateCommandTypes = DebateCommandSchema.options.map((o) => o.shape.type.value);
export const CreateDebateData = c.CreateDebate.shape.data;
export type CreateDebateData = z.infer<typeof CreateDebateData>;
