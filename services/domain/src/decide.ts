// The debate decider: one command against the current state → the events it causes, or a refusal.
import type { DebateCommand, DebateState } from '@booktalk/contracts';
import type { DecideContext, Decision } from './context.ts';
import * as chat from './chat.ts';
import * as lifecycle from './lifecycle.ts';
import * as moderation from './moderation.ts';
import * as room from './room.ts';
import * as speaking from './speaking.ts';
import * as turns from './turns.ts';
import * as votes from './votes.ts';
import * as stage from './stage.ts';
import * as voice from './voice.ts';

export function decide(command: DebateCommand, state: DebateState, ctx: DecideContext): Decision {
  switch (command.type) {
    case 'CreateDebate': return lifecycle.createDebate(command, state, ctx);
    case 'OpenDebate': return lifecycle.openDebate(command, state, ctx);
    case 'StartDebate': return lifecycle.startDebate(command, state, ctx);
    case 'AdvanceRound': return lifecycle.advanceRound(command, state, ctx);
    case 'EndDebate': return lifecycle.endDebate(command, state, ctx);
    case 'UpdatePresentation': return lifecycle.updatePresentation(command, state, ctx);
    case 'JoinDebate': return room.joinDebate(command, state, ctx);
    case 'LeaveDebate': return room.leaveDebate(command, state, ctx);
    case 'RaiseHand': return turns.raiseHand(command, state, ctx);
    case 'LowerHand': return turns.lowerHand(command, state, ctx);
    case 'GrantTurn': return turns.grantTurn(command, state, ctx);
    case 'YieldTurn': return turns.yieldTurn(command, state, ctx);
    case 'EndTurn': return turns.endTurnByModerator(command, state, ctx);
    case 'ExtendTurn': return turns.extendTurn(command, state, ctx);
    case 'IssueTurnWarning': return turns.issueTurnWarning(command, state, ctx);
    case 'ExpireTurn': return turns.expireTurn(command, state, ctx);
    case 'OpenVote': return votes.openVote(command, state, ctx);
    case 'CastVote': return votes.castVote(command, state, ctx);
    case 'CloseVote': return votes.closeVote(command, state, ctx);
    case 'MuteParticipant': return moderation.muteParticipant(command, state, ctx);
    case 'UnmuteParticipant': return moderation.unmuteParticipant(command, state, ctx);
    case 'RemoveParticipant': return moderation.removeParticipant(command, state, ctx);
    case 'PromoteToSpeaker': return moderation.promoteToSpeaker(command, state, ctx);
    case 'DemoteToAudience': return moderation.demoteToAudience(command, state, ctx);
    case 'AssignModerator': return moderation.assignModerator(command, state, ctx);
    case 'RevokeModerator': return moderation.revokeModerator(command, state, ctx);
    case 'LockRoom': return moderation.lockRoom(command, state, ctx);
    case 'UnlockRoom': return moderation.unlockRoom(command, state, ctx);
    case 'SetRoomAccess': return moderation.setRoomAccess(command, state, ctx);
    case 'HideMessage': return moderation.hideMessage(command, state, ctx);
    case 'InviteToSpeak': return speaking.inviteToSpeak(command, state, ctx);
    case 'AcceptInvitation': return speaking.acceptInvitation(command, state, ctx);
    case 'DeclineInvitation': return speaking.declineInvitation(command, state, ctx);
    case 'DismissRequest': return speaking.dismissRequest(command, state, ctx);
    case 'SetFloorControl': return speaking.setFloorControl(command, state, ctx);
    case 'PostMessage': return chat.postMessage(command, state, ctx);
    case 'MarkQuestionAnswered': return chat.markQuestionAnswered(command, state, ctx);
    case 'RecordVoiceJoined': return voice.recordVoiceJoined(command, state, ctx);
    case 'RecordVoiceLeft': return voice.recordVoiceLeft(command, state, ctx);
    case 'RecordPeerLink': return voice.recordPeerLink(command, state, ctx);
    case 'RecordRejoinAttempt': return voice.recordRejoinAttempt(command, state, ctx);
    case 'RecordStagePublished': return stage.recordStagePublished(command, state, ctx);
    case 'RecordStageUnpublished': return stage.recordStageUnpublished(command, state, ctx);
    case 'RecordStageListening': return stage.recordStageListening(command, state, ctx);
    case 'RecordStageListenerLeft': return stage.recordStageListenerLeft(command, state, ctx);
    case 'RecordStageFailure': return stage.recordStageFailure(command, state, ctx);
    default: {
      const _exhaustive: never = command;
      throw new Error(`Unknown command ${(_exhaustive as { type: string }).type}`);
    }
  }
}
