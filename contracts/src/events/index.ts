// The event catalog: one discriminated union over every debate event, inferred types, and the
// list of type names. Schema versions and upcasters live in ./upcasting.ts.
import { z } from 'zod';
import * as debate from './debate.ts';
import * as room from './room.ts';
import * as turns from './turns.ts';
import * as votes from './votes.ts';
import * as moderation from './moderation.ts';
import * as chat from './chat.ts';
import * as voice from './voice.ts';
import * as stage from './stage.ts';
import * as speaking from './speaking.ts';

export * from './common.ts';
export { TurnNo, TurnEndReason } from './turns.ts';
export { OptionSide, VoteId, VoteKind, VoteOption } from './votes.ts';
export { MessageId, MessageKind } from './chat.ts';
export { PeerId, CandidateType } from './voice.ts';
export { FeedId, StageUnpublishReason, StageListenerReason } from './stage.ts';

export const DebateEventSchema = z.discriminatedUnion('type', [
  debate.DebateScheduled,
  debate.DebateOpened,
  debate.DebateStarted,
  debate.RoundStarted,
  debate.PresentationUpdated,
  debate.DebateEnded,
  room.ParticipantJoined,
  room.ParticipantLeft,
  turns.TurnRequested,
  turns.TurnRequestWithdrawn,
  turns.TurnGranted,
  turns.TurnWarningIssued,
  turns.TurnExtended,
  turns.TurnEnded,
  votes.VoteOpened,
  votes.VoteCast,
  votes.VoteChanged,
  votes.VoteClosed,
  moderation.ParticipantMuted,
  moderation.ParticipantUnmuted,
  moderation.ParticipantRemoved,
  moderation.SpeakerPromoted,
  moderation.SpeakerDemoted,
  moderation.ModeratorAssigned,
  moderation.ModeratorRevoked,
  moderation.RoomLocked,
  moderation.RoomUnlocked,
  moderation.RoomAccessChanged,
  moderation.MessageHidden,
  speaking.SpeakerInvited,
  speaking.SpeakRequestDismissed,
  speaking.InvitationAccepted,
  speaking.InvitationDeclined,
  speaking.FloorControlChanged,
  chat.MessagePosted,
  chat.QuestionAnswered,
  voice.VoiceJoined,
  voice.VoiceLeft,
  voice.PeerLinkEstablished,
  voice.PeerLinkFailed,
  voice.VoiceRejoinAttempted,
  voice.VoiceRejoinAbandoned,
  stage.StagePublished,
  stage.StageUnpublished,
  stage.StageListenerSubscribed,
  stage.StageListenerLeft,
  stage.StageSfuFailed,
]);

export type DebateEvent = z.infer<typeof DebateEventSchema>;
export type DebateEventType = DebateEvent['type'];
/** The event of one type, e.g. `EventOf<'TurnGranted'>`. */
export type EventOf<T extends DebateEventType> = Extract<DebateEvent, { type: T }>;

export const debateEventTypes = DebateEventSchema.options.map((o) => o.shape.type.value);

/** Moderation actions as they appear in the audit trail. */
export const moderationEventTypes = [
  'ParticipantMuted',
  'ParticipantUnmuted',
  'ParticipantRemoved',
  'SpeakerPromoted',
  'SpeakerDemoted',
  'ModeratorAssigned',
  'ModeratorRevoked',
  'RoomLocked',
  'RoomUnlocked',
  'RoomAccessChanged',
  'MessageHidden',
  'SpeakerInvited',
  'SpeakRequestDismissed',
  'FloorControlChanged',
] as const satisfies readonly DebateEventType[];
export type ModerationEventType = (typeof moderationEventTypes)[number];

/**
 * Every action the moderation audit lists: the moderation events, a turn a moderator cut short
 * (`TurnEnded` with reason `moderator`), and the invited person's answer to an invitation (listed
 * under the inviting moderator, so the audit shows what became of it).
 */
export const auditEventTypes = [...moderationEventTypes, 'TurnEnded', 'InvitationAccepted', 'InvitationDeclined'] as const satisfies readonly DebateEventType[];
export type AuditEventType = (typeof auditEventTypes)[number];
