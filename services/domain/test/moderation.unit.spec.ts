import { describe, it } from 'vitest';
import type { DebateCommandInput, DebateEvent } from '@booktalk/contracts';
import type { Actor } from '../src/index.ts';
import { given } from './support/given.ts';
import { actors, at, granted, joined, openFloor, oxfordRoom, scheduled, opened } from './support/fixtures.ts';

const audit = (targetId: string | null, reason = '', sec = 60) => ({ moderatorId: 'host', targetId, reason, at: at(sec) });
const muted: DebateEvent = { type: 'ParticipantMuted', data: audit('bob', 'noise', 5) };
const carolModerates: DebateEvent = { type: 'ModeratorAssigned', data: audit('carol') };

describe('Mute / Unmute', () => {
  it('mutes with a reason', () => {
    given(...oxfordRoom).when({ type: 'MuteParticipant', data: { accountId: 'bob', reason: 'noise' } }, { at: 5 }).then([muted]);
  });
  it('cannot mute someone who is already muted', () => {
    given(...oxfordRoom, muted).when({ type: 'MuteParticipant', data: { accountId: 'bob' } }).thenFails('ALREADY_MUTED');
  });
  it('cannot mute the host', () => {
    given(...oxfordRoom).when({ type: 'MuteParticipant', data: { accountId: 'host' } }, { actor: actors.host }).thenFails('CANNOT_TARGET_HOST');
  });
  it('cannot mute someone who is not in the room', () => {
    given(...oxfordRoom).when({ type: 'MuteParticipant', data: { accountId: 'erin' } }).thenFails('NOT_PARTICIPANT');
  });
  it('a non-moderator cannot mute anyone', () => {
    given(...oxfordRoom).when({ type: 'MuteParticipant', data: { accountId: 'bob' } }, { actor: actors.alice }).thenFails('NOT_MODERATOR');
  });
  it('unmutes', () => {
    given(...oxfordRoom, muted).when({ type: 'UnmuteParticipant', data: { accountId: 'bob' } }).then([{ type: 'ParticipantUnmuted', data: audit('bob') }]);
  });
  it('cannot unmute someone who is not muted', () => {
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
  it('a co-moderator cannot remove themselves', () => {
    given(...oxfordRoom, carolModerates)
      .when({ type: 'RemoveParticipant', data: { accountId: 'carol' } }, { actor: actors.carol })
      .thenFails('CANNOT_TARGET_SELF');
  });
  it('a co-moderator cannot remove the host', () => {
    given(...oxfordRoom, carolModerates)
      .when({ type: 'RemoveParticipant', data: { accountId: 'host' } }, { actor: actors.carol })
      .thenFails('CANNOT_TARGET_HOST');
  });
  it('nobody can be removed after the debate ended', () => {
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
  it('cannot promote someone who already speaks', () => {
    given(...oxfordRoom).when({ type: 'PromoteToSpeaker', data: { accountId: 'alice', side: 'pro' } }).thenFails('ALREADY_SPEAKER');
  });
  it('an oxford promotion needs a side', () => {
    given(...oxfordRoom).when({ type: 'PromoteToSpeaker', data: { accountId: 'carol' } }).thenFails('SIDE_REQUIRED');
  });
  it('a free-format promotion takes no side', () => {
    given(scheduled('free'), opened, joined('host', 'moderator'), joined('carol', 'audience'))
      .when({ type: 'PromoteToSpeaker', data: { accountId: 'carol', side: 'pro' } })
      .thenFails('SIDE_NOT_ALLOWED');
  });
  it('demotes a speaker, ending their turn', () => {
    given(...openFloor, granted(1, 'bob', 'con', 30))
      .when({ type: 'DemoteToAudience', data: { accountId: 'bob', reason: 'rude' } })
      .thenEmits('TurnEnded', 'SpeakerDemoted');
  });
  it('cannot demote someone in the audience', () => {
    given(...oxfordRoom).when({ type: 'DemoteToAudience', data: { accountId: 'carol' } }).thenFails('NOT_SPEAKER');
  });
});

describe('AssignModerator', () => {
  it('assigns a co-moderator', () => {
    given(...oxfordRoom).when({ type: 'AssignModerator', data: { accountId: 'carol' } }).then([carolModerates]);
  });
  it('an assigned co-moderator may moderate', () => {
    given(...oxfordRoom, carolModerates).when({ type: 'MuteParticipant', data: { accountId: 'bob' } }, { actor: actors.carol }).thenEmits('ParticipantMuted');
  });
  it('cannot assign someone who already moderates', () => {
    given(...oxfordRoom).when({ type: 'AssignModerator', data: { accountId: 'host' } }).thenFails('ALREADY_MODERATOR');
  });
});

describe('Lock / Unlock', () => {
  const locked: DebateEvent = { type: 'RoomLocked', data: audit(null, 'full house') };
  it('locks the room', () => {
    given(...oxfordRoom).when({ type: 'LockRoom', data: { reason: 'full house' } }).then([locked]);
  });
  it('unlocks a locked room', () => {
    given(...oxfordRoom, locked).when({ type: 'UnlockRoom', data: {} }).then([{ type: 'RoomUnlocked', data: audit(null) }]);
  });
  it('cannot lock a room that is locked', () => {
    given(...oxfordRoom, locked).when({ type: 'LockRoom', data: {} }).thenFails('ALREADY_LOCKED');
  });
  it('cannot unlock a room that is not locked', () => {
    given(...oxfordRoom).when({ type: 'UnlockRoom', data: {} }).thenFails('NOT_LOCKED');
  });
  it('a non-moderator cannot lock the room', () => {
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
  it('cannot hide a message twice', () => {
    given(...oxfordRoom, posted, { type: 'MessageHidden', data: { ...audit('carol'), messageId: 'm1' } })
      .when({ type: 'HideMessage', data: { messageId: 'm1' } })
      .thenFails('ALREADY_HIDDEN');
  });
  it('cannot hide a message that does not exist', () => {
    given(...oxfordRoom).when({ type: 'HideMessage', data: { messageId: 'zz' } }).thenFails('MESSAGE_NOT_FOUND');
  });
  it('a non-moderator cannot hide a message', () => {
    given(...oxfordRoom, posted).when({ type: 'HideMessage', data: { messageId: 'm1' } }, { actor: actors.alice }).thenFails('NOT_MODERATOR');
  });
});

describe('RevokeModerator', () => {
  const root: Actor = { accountId: 'root', displayName: 'Root', admin: true };
  const revoked = (by = 'host', reason = 'conflict of interest'): DebateEvent => ({ type: 'ModeratorRevoked', data: { ...audit('carol', reason), moderatorId: by } });
  const aliceModerates: DebateEvent = { type: 'ModeratorAssigned', data: audit('alice') };
  it('the host takes the role back, with the reason in the audit trail', () => {
    given(...oxfordRoom, carolModerates)
      .when({ type: 'RevokeModerator', data: { accountId: 'carol', reason: 'conflict of interest' } })
      .then([revoked()]);
  });
  it('a site admin with no part in the debate may revoke', () => {
    given(...oxfordRoom, carolModerates)
      .when({ type: 'RevokeModerator', data: { accountId: 'carol', reason: 'conflict of interest' } }, { actor: root })
      .then([revoked('root')]);
  });
  it('a revoked moderator moderates nothing any more', () => {
    given(...oxfordRoom, carolModerates, revoked()).when({ type: 'LockRoom', data: {} }, { actor: actors.carol }).thenFails('NOT_MODERATOR');
  });
  it('a revoked moderator stays in the room as audience (may be made a speaker again)', () => {
    given(...oxfordRoom, carolModerates, revoked())
      .when({ type: 'PromoteToSpeaker', data: { accountId: 'carol', side: 'con' } })
      .thenEmits('SpeakerPromoted');
  });
  it('a moderator who left the room can be revoked too', () => {
    given(...oxfordRoom, carolModerates, { type: 'ParticipantLeft', data: { accountId: 'carol', reason: 'left', at: at(61) } })
      .when({ type: 'RevokeModerator', data: { accountId: 'carol', reason: 'conflict of interest' } })
      .then([revoked()]);
  });
  it('the role can be taken back after the debate ended (it opens the audit and raw events)', () => {
    given(...oxfordRoom, carolModerates, { type: 'DebateEnded', data: { by: 'host', at: at(70) } })
      .when({ type: 'RevokeModerator', data: { accountId: 'carol', reason: 'conflict of interest' } })
      .then([revoked()]);
  });
  it('a co-moderator cannot revoke another', () => {
    given(...oxfordRoom, carolModerates, aliceModerates)
      .when({ type: 'RevokeModerator', data: { accountId: 'alice' } }, { actor: actors.carol })
      .thenFails('NOT_HOST');
  });
  it('a participant cannot revoke anyone', () => {
    given(...oxfordRoom, carolModerates).when({ type: 'RevokeModerator', data: { accountId: 'carol' } }, { actor: actors.bob }).thenFails('NOT_HOST');
  });
  it('the host cannot be revoked, not even by an admin', () => {
    given(...oxfordRoom).when({ type: 'RevokeModerator', data: { accountId: 'host' } }).thenFails('CANNOT_TARGET_HOST');
    given(...oxfordRoom).when({ type: 'RevokeModerator', data: { accountId: 'host' } }, { actor: root }).thenFails('CANNOT_TARGET_HOST');
  });
  it('cannot revoke someone who does not moderate', () => {
    given(...oxfordRoom).when({ type: 'RevokeModerator', data: { accountId: 'bob' } }).thenFails('TARGET_NOT_MODERATOR');
    given(...oxfordRoom, carolModerates, revoked()).when({ type: 'RevokeModerator', data: { accountId: 'carol' } }).thenFails('TARGET_NOT_MODERATOR');
  });
  it('cannot revoke in a debate that does not exist', () => {
    given().when({ type: 'RevokeModerator', data: { accountId: 'carol' } }, { actor: root }).thenFails('DEBATE_NOT_FOUND');
  });
});

describe('A removed moderator loses the role with the room', () => {
  const removed: DebateEvent = { type: 'ParticipantRemoved', data: audit('carol', 'abuse') };
  const byCarol: [string, DebateCommandInput][] = [
    ['LockRoom', { type: 'LockRoom', data: {} }],
    ['MuteParticipant', { type: 'MuteParticipant', data: { accountId: 'bob' } }],
    ['RemoveParticipant', { type: 'RemoveParticipant', data: { accountId: 'bob' } }],
    ['StartDebate', { type: 'StartDebate', data: {} }],
    ['EndDebate', { type: 'EndDebate', data: {} }],
  ];
  it.each(byCarol)('%s is refused with NOT_MODERATOR', (_name, command) => {
    given(...oxfordRoom, carolModerates, removed).when(command, { actor: actors.carol }).thenFails('NOT_MODERATOR');
  });
  it('has no role left to revoke', () => {
    given(...oxfordRoom, carolModerates, removed).when({ type: 'RevokeModerator', data: { accountId: 'carol' } }).thenFails('TARGET_NOT_MODERATOR');
  });
  it('cannot rejoin, as moderator or otherwise', () => {
    given(...oxfordRoom, carolModerates, removed).when({ type: 'JoinDebate', data: { role: 'audience' } }, { actor: actors.carol }).thenFails('PARTICIPANT_REMOVED');
  });
});

describe('SetRoomAccess', () => {
  const accountsOnly: DebateEvent = { type: 'RoomAccessChanged', data: { ...audit(null, 'raid'), accountsOnly: true } };
  it('makes the room accounts-only, audited', () => {
    given(...oxfordRoom).when({ type: 'SetRoomAccess', data: { accountsOnly: true, reason: 'raid' } }).then([accountsOnly]);
  });
  it('opens it to guests again', () => {
    given(...oxfordRoom, accountsOnly)
      .when({ type: 'SetRoomAccess', data: { accountsOnly: false } })
      .then([{ type: 'RoomAccessChanged', data: { ...audit(null), accountsOnly: false } }]);
  });
  it('refuses a change that changes nothing', () => {
    given(...oxfordRoom).when({ type: 'SetRoomAccess', data: { accountsOnly: false } }).thenFails('ROOM_ACCESS_UNCHANGED');
    given(...oxfordRoom, accountsOnly).when({ type: 'SetRoomAccess', data: { accountsOnly: true } }).thenFails('ROOM_ACCESS_UNCHANGED');
  });
  it('a non-moderator cannot change it', () => {
    given(...oxfordRoom).when({ type: 'SetRoomAccess', data: { accountsOnly: true } }, { actor: actors.bob }).thenFails('NOT_MODERATOR');
  });
  it('not after the debate ended', () => {
    given(...oxfordRoom, { type: 'DebateEnded', data: { by: 'host', at: at(5) } })
      .when({ type: 'SetRoomAccess', data: { accountsOnly: true } })
      .thenFails('DEBATE_ENDED');
  });
});
