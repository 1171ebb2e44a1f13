// One readable line per event for the replay timeline. `name` maps account ids to display names
// (falling back to the id for accounts the timeline never saw join); `motionVote` gives the
// options and their sides of a vote on the motion opened earlier, so its close reads by side.
import type { DebateEvent, OptionSide } from '@booktalk/contracts';

const secs = (ms: number) => `${Math.round(ms / 100) / 10} s`;
const because = (reason: string) => (reason ? ` (${reason})` : '');

/** A vote on the motion as the timeline remembers it between batches. */
export interface MotionVote {
  options: string[];
  sides: OptionSide[];
}
const SIDES: readonly OptionSide[] = ['pro', 'con', 'undecided'];

/** "pro 3 (찬성 3), con 1 (반대 1), undecided 0 (미정 0)": each side's total, then its options. */
function tallyBySide(tallies: Record<string, number>, vote: MotionVote): string {
  return SIDES.filter((side) => vote.sides.includes(side))
    .map((side) => {
      const options = vote.options.filter((_, i) => vote.sides[i] === side);
      const total = options.reduce((sum, o) => sum + (tallies[o] ?? 0), 0);
      return `${side} ${total} (${options.map((o) => `${o} ${tallies[o] ?? 0}`).join(', ')})`;
    })
    .join(', ');
}

export function summarise(
  e: DebateEvent,
  name: (accountId: string | null) => string,
  motionVote: (voteId: string) => MotionVote | undefined = () => undefined,
): string {
  switch (e.type) {
    case 'DebateScheduled':
      return `${name(e.data.hostId)} scheduled "${e.data.title}" on ${e.data.book.title} by ${e.data.book.author} (${e.data.format}${e.data.floorControl ? ', only the floor holder heard' : ''})`;
    case 'DebateOpened':
      return `${name(e.data.by)} opened the room`;
    case 'DebateStarted':
      return `${name(e.data.by)} started the debate`;
    case 'RoundStarted':
      return e.data.round === 'PRESENTATION'
        ? `Presentation round began: ${e.data.order.map(name).join(', ') || 'nobody'} in order`
        : `${e.data.round === 'FREE' ? 'Open floor' : 'Preparation'} began`;
    case 'PresentationUpdated':
      return `${name(e.data.accountId)} updated their presentation (${e.data.pageRefs.length} page references)`;
    case 'DebateEnded':
      return `${name(e.data.by)} ended the debate`;
    case 'ParticipantJoined':
      return `${e.data.displayName} joined as ${e.data.role}${e.data.side ? ` (${e.data.side})` : ''}`;
    case 'ParticipantLeft':
      return `${name(e.data.accountId)} ${e.data.reason === 'disconnected' ? 'disconnected' : 'left'}`;
    case 'TurnRequested':
      return `${name(e.data.accountId)} raised a hand`;
    case 'TurnRequestWithdrawn':
      return `${name(e.data.accountId)} lowered their hand`;
    case 'TurnGranted':
      return `${name(e.data.speaker)} has the floor for ${secs(e.data.durationMs)} (${e.data.kind === 'presentation' ? 'presentation' : 'open floor'})`;
    case 'TurnWarningIssued':
      return `${name(e.data.speaker)}: ${secs(e.data.remainingMs)} left`;
    case 'TurnExtended':
      return `${name(e.data.extendedBy)} gave ${name(e.data.speaker)} ${secs(e.data.byMs)} more`;
    case 'TurnEnded': {
      const how = { yielded: 'yielded the floor', expired: 'ran out of time', moderator: `was stopped by ${name(e.data.endedBy)}`, left: 'left the floor' }[e.data.reason];
      const over = e.data.overtimeMs > 0 ? `, ${secs(e.data.overtimeMs)} over` : '';
      return `${name(e.data.speaker)} ${how} after ${secs(e.data.spokeMs)}${over}`;
    }
    case 'VoteOpened': {
      const { sides } = e.data;
      const bySide = sides ? ` (${e.data.options.map((o, i) => `${o}: ${sides[i] ?? 'undecided'}`).join(', ')})` : '';
      return `${name(e.data.openedBy)} opened a ${e.data.kind} vote: ${e.data.question}${bySide}`;
    }
    case 'VoteCast':
      return `${name(e.data.accountId)} voted`;
    case 'VoteChanged':
      return `${name(e.data.accountId)} changed their vote`;
    case 'VoteClosed': {
      const motion = motionVote(e.data.voteId);
      const tallies = motion ? tallyBySide(e.data.tallies, motion) : Object.entries(e.data.tallies).map(([o, n]) => `${o} ${n}`).join(', ');
      return `${name(e.data.closedBy)} closed the vote: ${tallies}`;
    }
    case 'ParticipantMuted':
      return `${name(e.data.moderatorId)} muted ${name(e.data.targetId)}${because(e.data.reason)}`;
    case 'ParticipantUnmuted':
      return `${name(e.data.moderatorId)} unmuted ${name(e.data.targetId)}${because(e.data.reason)}`;
    case 'ParticipantRemoved':
      return `${name(e.data.moderatorId)} removed ${name(e.data.targetId)}${because(e.data.reason)}`;
    case 'SpeakerPromoted':
      return `${name(e.data.moderatorId)} made ${name(e.data.targetId)} a speaker${e.data.side ? ` (${e.data.side})` : ''}${because(e.data.reason)}`;
    case 'SpeakerDemoted':
      return `${name(e.data.moderatorId)} moved ${name(e.data.targetId)} to the audience${because(e.data.reason)}`;
    case 'ModeratorAssigned':
      return `${name(e.data.moderatorId)} made ${name(e.data.targetId)} a moderator${because(e.data.reason)}`;
    case 'ModeratorRevoked':
      return `${name(e.data.moderatorId)} took the moderator role from ${name(e.data.targetId)}${because(e.data.reason)}`;
    case 'RoomLocked':
      return `${name(e.data.moderatorId)} locked the room${because(e.data.reason)}`;
    case 'RoomUnlocked':
      return `${name(e.data.moderatorId)} unlocked the room${because(e.data.reason)}`;
    case 'RoomAccessChanged':
      return `${name(e.data.moderatorId)} ${e.data.accountsOnly ? 'made the room accounts-only (no guests)' : 'opened the room to guests'}${because(e.data.reason)}`;
    case 'SpeakerInvited':
      return `${name(e.data.moderatorId)} invited ${name(e.data.targetId)} to speak${e.data.side ? ` (${e.data.side})` : ''}${because(e.data.reason)}`;
    case 'SpeakRequestDismissed':
      return `${name(e.data.moderatorId)} dismissed ${name(e.data.targetId)}'s request to speak${because(e.data.reason)}`;
    case 'InvitationAccepted':
      return `${name(e.data.accountId)} accepted the invitation to speak${e.data.side ? ` (${e.data.side})` : ''}`;
    case 'InvitationDeclined':
      return `${name(e.data.accountId)} declined the invitation to speak`;
    case 'FloorControlChanged':
      return `${name(e.data.moderatorId)} ${e.data.floorControl ? 'turned floor control on: only the floor holder is heard' : 'turned floor control off: every speaker is heard'}${because(e.data.reason)}`;
    case 'MessageHidden':
      return `${name(e.data.moderatorId)} hid a message by ${name(e.data.targetId)}${because(e.data.reason)}`;
    case 'MessagePosted':
      return `${name(e.data.authorId)} ${e.data.kind === 'question' ? 'asked' : e.data.kind === 'notice' ? 'posted a notice' : 'wrote'}: ${e.data.text.length > 80 ? `${e.data.text.slice(0, 79)}…` : e.data.text}`;
    case 'QuestionAnswered':
      return `${name(e.data.answeredBy)} marked a question answered`;
    case 'VoiceJoined':
      return `${name(e.data.accountId)} joined the voice room`;
    case 'VoiceLeft':
      return `${name(e.data.accountId)} left the voice room (${e.data.reason})`;
    case 'PeerLinkEstablished':
      return `Audio link ${name(e.data.a)} ↔ ${name(e.data.b)} up in ${e.data.connectMs} ms${e.data.candidateType ? ` (${e.data.candidateType})` : ''}`;
    case 'PeerLinkFailed':
      return `Audio link ${name(e.data.a)} ↔ ${name(e.data.b)} failed (attempt ${e.data.attempt})`;
    case 'VoiceRejoinAttempted':
      return `${name(e.data.accountId)} reconnecting to voice (attempt ${e.data.attempt})`;
    case 'VoiceRejoinAbandoned':
      return `${name(e.data.accountId)} gave up reconnecting after ${e.data.attempts} attempts`;
    case 'StagePublished':
      return `${name(e.data.accountId)} went on stage (publishing to the SFU)`;
    case 'StageUnpublished':
      return `${name(e.data.accountId)} stopped publishing to the stage (${e.data.reason.replace('_', ' ')})`;
    case 'StageListenerSubscribed':
      return `${name(e.data.accountId)} listens through the stage`;
    case 'StageListenerLeft':
      return `${name(e.data.accountId)} stopped listening through the stage (${e.data.reason.replace('_', ' ')})`;
    case 'StageSfuFailed':
      return `The stage server failed on ${e.data.node} (${e.data.op})`;
    default: {
      const _exhaustive: never = e;
      throw new Error(`No summary for ${(_exhaustive as { type: string }).type}`);
    }
  }
}
