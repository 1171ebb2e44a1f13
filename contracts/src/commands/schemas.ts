// Every command the domain accepts, as `{type, data}`. HTTP and socket endpoints accept exactly
// these names. Limits here are the ones users see in 400 responses, so they are explicit.
import { z } from 'zod';
import { AccountId, CommandId } from '../ids.ts';
import { BookInput, Format, ReasonInput, Round, Side, message } from '../events/common.ts';
import { Instant, storableText } from '../storable.ts';
import { TurnNo } from '../events/turns.ts';
import { OptionSide, VoteId, VoteKind } from '../events/votes.ts';
import { MessageKind } from '../events/chat.ts';
import { CandidateType } from '../events/voice.ts';
import { FeedId, StageListenerReason, StageUnpublishReason } from '../events/stage.ts';

// Inputs are storable (storable.ts): what a client may send is what every layer can hold.
const Reason = ReasonInput;
const VoteOption = storableText({ min: 1, max: 100 });
const MessageId = storableText({ min: 1, max: 64 });
/**
 * The id a client may choose for its new message is a UUID, like a command id: an id that can hold
 * no words cannot carry what a person typed past their erasure (it is in every later event naming
 * the message, and in no sealed field). Hiding and answering still name any stored id.
 */
const NewMessageId = CommandId;
const PeerId = storableText({ min: 1, max: 128 });

const empty = z.object({}).strict();
export const PRESENTATION_MAX_CHARS = 20_000;
export const MIN_TURN_MS = 5_000;
export const MAX_TURN_MS = 30 * 60_000;

// Lifecycle
export const CreateDebate = message(
  'CreateDebate',
  z.object({
    title: storableText({ min: 3, max: 200 }),
    book: BookInput,
    motion: storableText({ min: 3, max: 500 }),
    format: Format,
    maxMembers: z.number().int().min(2).max(500).default(50),
    startAt: Instant.optional(),
    turnSeconds: z.number().int().min(MIN_TURN_MS / 1000).max(MAX_TURN_MS / 1000).default(120),
    presentationSeconds: z.number().int().min(MIN_TURN_MS / 1000).max(MAX_TURN_MS / 1000).default(300),
    /** Guests may not join (recorded as RoomAccessChanged right after DebateScheduled). */
    accountsOnly: z.boolean().default(false),
    /**
     * Only the floor holder (and moderators) heard while the debate is live. Left out: on for
     * oxford (a debate of turns), off for free; recorded in DebateScheduled either way.
     */
    floorControl: z.boolean().optional().describe('only the speaker holding the floor (and moderators) are heard while the debate is live; default: on for oxford, off for free'),
  }),
);
export const OpenDebate = message('OpenDebate', empty);
export const StartDebate = message('StartDebate', empty);
export const AdvanceRound = message('AdvanceRound', z.object({ to: Round.optional() }).strict());
export const EndDebate = message('EndDebate', empty);
export const UpdatePresentation = message(
  'UpdatePresentation',
  z.object({ content: storableText({ max: PRESENTATION_MAX_CHARS, multiline: true }) }),
);

// Room
export const JoinDebate = message(
  'JoinDebate',
  z.object({ role: z.enum(['speaker', 'audience']), side: Side.optional() }),
);
export const LeaveDebate = message('LeaveDebate', empty);

// Turns
export const RaiseHand = message('RaiseHand', empty);
export const LowerHand = message('LowerHand', empty);
export const GrantTurn = message(
  'GrantTurn',
  z.object({ accountId: AccountId.optional(), durationMs: z.number().int().min(MIN_TURN_MS).max(MAX_TURN_MS).optional() }),
);
export const YieldTurn = message('YieldTurn', empty);
export const EndTurn = message('EndTurn', z.object({ reason: Reason.default('') }));
export const ExtendTurn = message('ExtendTurn', z.object({ ms: z.number().int().min(1_000).max(10 * 60_000) }));
/** From the timekeeper: names the turn it was armed for, so a stale timer is refused. */
export const IssueTurnWarning = message(
  'IssueTurnWarning',
  z.object({ turnNo: TurnNo, remainingMs: z.number().int().positive() }),
);
export const ExpireTurn = message('ExpireTurn', z.object({ turnNo: TurnNo }));

// Votes
export const OpenVote = message(
  'OpenVote',
  z.object({
    voteId: VoteId,
    question: storableText({ min: 3, max: 300 }),
    options: z
      .array(VoteOption)
      .min(2)
      .max(10)
      .refine((o) => new Set(o).size === o.length, 'options must be unique')
      .meta({ uniqueItems: true }),
    // Which side each option stands for, whatever its language. Required for pre/post votes
    // (one per option, pro and con both present), absent for polls: the decider says which.
    sides: z
      .array(OptionSide)
      .min(2)
      .max(10)
      .optional()
      .describe('pre/post votes: the side each option stands for, in the order of `options`, with at least one pro and one con option; polls: leave out'),
    kind: VoteKind,
  }),
);
export const CastVote = message('CastVote', z.object({ voteId: VoteId, option: VoteOption }));
export const CloseVote = message('CloseVote', z.object({ voteId: VoteId }));

// Moderation: every one names its target and may give a reason (kept in the audit trail)
const target = z.object({ accountId: AccountId, reason: Reason.default('') });
export const MuteParticipant = message('MuteParticipant', target);
export const UnmuteParticipant = message('UnmuteParticipant', target);
export const RemoveParticipant = message('RemoveParticipant', target);
export const PromoteToSpeaker = message('PromoteToSpeaker', target.extend({ side: Side.optional() }));
export const DemoteToAudience = message('DemoteToAudience', target);
export const AssignModerator = message('AssignModerator', target);
/** The host's or a site admin's: the target keeps no moderator right. */
export const RevokeModerator = message('RevokeModerator', target);
export const LockRoom = message('LockRoom', z.object({ reason: Reason.default('') }));
export const UnlockRoom = message('UnlockRoom', z.object({ reason: Reason.default('') }));
export const SetRoomAccess = message('SetRoomAccess', z.object({ accountsOnly: z.boolean(), reason: Reason.default('') }));
export const HideMessage = message('HideMessage', z.object({ messageId: MessageId, reason: Reason.default('') }));

// Speaking: an audience member's request is RaiseHand; a moderator invites (or dismisses), the
// invited person accepts or declines. Floor control: only the floor holder is heard.
export const InviteToSpeak = message('InviteToSpeak', z.object({ accountId: AccountId, side: Side.optional(), reason: Reason.default('') }));
export const AcceptInvitation = message('AcceptInvitation', empty);
export const DeclineInvitation = message('DeclineInvitation', empty);
export const DismissRequest = message('DismissRequest', target);
export const SetFloorControl = message('SetFloorControl', z.object({ floorControl: z.boolean(), reason: Reason.default('') }));

// Chat
export const PostMessage = message(
  'PostMessage',
  z.object({ messageId: NewMessageId.optional(), kind: MessageKind, text: storableText({ min: 1, max: 2_000, multiline: true }) }),
);
export const MarkQuestionAnswered = message('MarkQuestionAnswered', z.object({ messageId: MessageId }));

// Signaling lifecycle (recorded by the signaling node on behalf of the client)
export const RecordVoiceJoined = message('RecordVoiceJoined', z.object({ peerId: PeerId, node: storableText({ min: 1, max: 128 }) }));
export const RecordVoiceLeft = message(
  'RecordVoiceLeft',
  z.object({ reason: z.enum(['left', 'disconnected', 'failed', 'removed']) }),
);
export const RecordPeerLink = message(
  'RecordPeerLink',
  z.object({
    peerId: AccountId,
    outcome: z.enum(['established', 'failed']),
    connectMs: z.number().int().nonnegative().max(600_000).optional(),
    candidateType: CandidateType.optional(),
    attempt: z.number().int().min(1).max(5),
  }),
);
// Stage-mode lifecycle (recorded by the signaling node; see events/stage.ts)
export const RecordStagePublished = message('RecordStagePublished', z.object({ feedId: FeedId, node: storableText({ min: 1, max: 128 }) }));
export const RecordStageUnpublished = message('RecordStageUnpublished', z.object({ feedId: FeedId, reason: StageUnpublishReason }));
export const RecordStageListening = message('RecordStageListening', z.object({ node: storableText({ min: 1, max: 128 }) }));
export const RecordStageListenerLeft = message('RecordStageListenerLeft', z.object({ reason: StageListenerReason }));
export const RecordStageFailure = message('RecordStageFailure', z.object({ node: storableText({ min: 1, max: 128 }), op: storableText({ min: 1, max: 64 }) }));
export const RecordRejoinAttempt = message(
  'RecordRejoinAttempt',
  z.object({ attempt: z.number().int().min(1).max(5), gaveUp: z.boolean().default(false) }),
);
