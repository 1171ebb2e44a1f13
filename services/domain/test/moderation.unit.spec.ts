import { describe, it } from 'vitest';
import type { DebateEvent } from '@booktalk/contracts';
import { given } from './support/given.ts';
import { actors, at, granted, joined, openFloor, oxfordRoom, scheduled, opened } from './support/fixtures.ts';

const audit = (targetId: string | null, reason = '', sec = 60) => ({ moderatorId: 'host', targetId, reason, at: at(sec) });
const muted: DebateEvent = { type: 'ParticipantMuted', data: audit('bob', 'noise', 5) };

describe('Mute / Unmute', () => {
  it('mutes with a reason', () => {
    given(...oxfordRoom).when({ type: 'MuteParticipant', data: { accountId: 'bob', reason: 'noise' } }, { at: 5 }).then([muted]);
  });
  it('ALREADY_MUTED, CANNOT_TARGET_HOST, NOT_PARTICIPANT, NOT_MODERATOR', () => {
    given(...oxfordRoom, muted).when({ type: 'MuteParticipant', data: { accountId: 'bob' } }).thenFails('ALREADY_MUTED');
    given(...oxfordRoom).when({ type: 'MuteParticipant', data: { accountId: 'host' } }, { actor: actors.host }).thenFails('CANNOT_TARGET_HOST');
    given(...oxfordRoom).when({ type: 'MuteParticipant', data: { accountId: 'erin' } }).thenFails('NOT_PARTICIPANT');
    given(...oxfordRoom).when({ type: 'MuteParticipant', data: { accountId: 'bob' } }, { actor: actors.alice }).thenFails('NOT_MODERATOR');
  });
  it('unmutes', () => {
    given(...oxfordRoom, muted).when({ type: 'UnmuteParticipant', data: { accountId: 'bob' } }).then([{ type: 'ParticipantUnmuted', data: audit('bob') }]);
  });
  it('NOT_MUTED', () => {
    given(...oxfordRoom).when({ type: 'UnmuteParticipant', data: { accountId: 'bob' } }).thenFails('NOT_MUTED');
  });
});

describe('RemoveParticipant', () => {
  it('removes and bans', () => {
    given(...oxfordRoom).when({ type: 'RemoveParticipant', data: { accountId: 'carol', reason: 'spam' } }).then([{ type: 'ParticipantRemoved', data: audit('carol', 'spam') }]);
  });
  it('removing the floor holder ends the turn by the moderator', () => {
    given(...openFloor, { type: 'VoiceJoined', data: { accountId: 'alice', peerId: 'pa', node: 'n', at: at(4) } }, granted(1, 'alice', 'pro', 30))
      .when({ type: 'RemoveParticipant', data: { accountId: 'alice', reason: 'abuse' } })
      .thenEmits('TurnEnded', 'VoiceLeft', 'ParticipantRemoved');
  });
  it('CANNOT_TARGET_SELF for a co-moderator removing themselves; CANNOT_TARGET_HOST', () => {
    given(...oxfordRoom, { type: 'ModeratorAssigned', data: audit('carol') })
      .when({ type: 'RemoveParticipant', data: { accountId: 'carol' } }, { actor: actors.carol })
      .thenFails('CANNOT_TARGET_SELF');
    given(...oxfordRoom, { type: 'ModeratorAssigned', data: audit('carol') })
      .when({ type: 'RemoveParticipant', data: { accountId: 'host' } }, { actor: actors.carol })
      .thenFails('CANNOT_TARGET_HOST');
  });
  it('DEBATE_ENDED after the end', () => {
    given(...oxfordRoom, { type: 'DebateEnded', data: { by: 'host', at: at(5) } })
      .when({ type: 'RemoveParticipant', data: { accountId: 'carol' } })
      .thenFails('DEBATE_ENDED');
  });
});

describe('Promote / Demote', () => {
  it('promotes an audience member onto a side', () => {
    given(...oxfordRoom)
      .when({ type: 'PromoteToSpeaker', data: { accountId: 'carol', side: 'con' } })
      .then([{ type: 'SpeakerPromoted', data: { ...audit('carol'), side: 'con' } }]);
  });
  it('ALREADY_SPEAKER, SIDE_REQUIRED, SIDE_NOT_ALLOWED', () => {
    given(...oxfordRoom).when({ type: 'PromoteToSpeaker', data: { accountId: 'alice', side: 'pro' } }).thenFails('ALREADY_SPEAKER');
    given(...oxfordRoom).when({ type: 'PromoteToSpeaker', data: { accountId: 'carol' } }).thenFails('SIDE_REQUIRED');
    given(scheduled('free'), opened, joined('host', 'moderator'), joined('carol', 'audience'))
      .when({ type: 'PromoteToSpeaker', data: { accountId: 'carol', side: 'pro' } })
      .thenFails('SIDE_NOT_ALLOWED');
  });
  it('demotes a speaker, ending their turn', () => {
    given(...openFloor, granted(1, 'bob', 'con', 30))
      .when({ type: 'DemoteToAudience', data: { accountId: 'bob', reason: 'rude' } })
      .thenEmits('TurnEnded', 'SpeakerDemoted');
  });
  it('NOT_SPEAKER when demoting the audience', () => {
    given(...oxfordRoom).when({ type: 'DemoteToAudience', data: { accountId: 'carol' } }).thenFails('NOT_SPEAKER');
  });
});

describe('AssignModerator', () => {
  it('assigns a co-moderator who then may moderate', () => {
    given(...oxfordRoom).when({ type: 'AssignModerator', data: { accountId: 'carol' } }).then([{ type: 'ModeratorAssigned', data: audit('carol') }]);
    given(...oxfordRoom, { type: 'ModeratorAssigned', data: audit('carol') })
      .when({ type: 'MuteParticipant', data: { accountId: 'bob' } }, { actor: actors.carol })
      .thenEmits('ParticipantMuted');
  });
  it('ALREADY_MODERATOR', () => {
    given(...oxfordRoom).when({ type: 'AssignModerator', data: { accountId: 'host' } }).thenFails('ALREADY_MODERATOR');
  });
});

describe('Lock / Unlock', () => {
  const locked: DebateEvent = { type: 'RoomLocked', data: audit(null, 'full house') };
  it('locks and unlocks', () => {
    given(...oxfordRoom).when({ type: 'LockRoom', data: { reason: 'full house' } }).then([locked]);
    given(...oxfordRoom, locked).when({ type: 'UnlockRoom', data: {} }).then([{ type: 'RoomUnlocked', data: audit(null) }]);
  });
  it('ALREADY_LOCKED, NOT_LOCKED, NOT_MODERATOR', () => {
    given(...oxfordRoom, locked).when({ type: 'LockRoom', data: {} }).thenFails('ALREADY_LOCKED');
    given(...oxfordRoom).when({ type: 'UnlockRoom', data: {} }).thenFails('NOT_LOCKED');
    given(...oxfordRoom).when({ type: 'LockRoom', data: {} }, { actor: actors.bob }).thenFails('NOT_MODERATOR');
  });
});

describe('HideMessage', () => {
  const posted: DebateEvent = { type: 'MessagePosted', data: { messageId: 'm1', authorId: 'carol', kind: 'chat', text: 'rude', at: at(5) } };
  it('hides a message; the author is the audited target', () => {
    given(...oxfordRoom, posted)
      .when({ type: 'HideMessage', data: { messageId: 'm1', reason: 'insult' } })
      .then([{ type: 'MessageHidden', data: { ...audit('carol', 'insult'), messageId: 'm1' } }]);
  });
  it('ALREADY_HIDDEN, MESSAGE_NOT_FOUND', () => {
    given(...oxfordRoom, posted, { type: 'MessageHidden', data: { ...audit('carol'), messageId: 'm1' } })
      .when({ type: 'HideMessage', data: { messageId: 'm1' } })
      .thenFails('ALREADY_HIDDEN');
    given(...oxfordRoom).when({ type: 'HideMessage', data: { messageId: 'zz' } }).thenFails('MESSAGE_NOT_FOUND');
  });
});
