// One readable line per event for the replay timeline.
import type { DebateEvent } from '@booktalk/contracts';
import { describe, expect, it } from 'vitest';
import { summarise } from '../../src/projections/timeline/summary.ts';
import { at } from '../support/oxfordDebate.ts';

const names: Record<string, string> = { host: 'Host', alice: 'Alice', bob: 'Bob' };
// Accounts the timeline never saw join are named by their id.
const name = (id: string | null) => (id === null ? 'nobody' : (names[id] ?? id));
const mod = (targetId: string | null, reason = 'noise') => ({ moderatorId: 'host', targetId, reason, at: at(1) });

const cases: [string, DebateEvent, string][] = [
  ['a scheduled debate with its book and format', { type: 'DebateScheduled', data: { debateId: 'd1', hostId: 'host', hostName: 'Host', title: 'Fools?', book: { title: 'Middlemarch', author: 'George Eliot' }, motion: 'm', format: 'oxford', maxMembers: 5, startAt: null, turnMs: 1, presentationMs: 1, at: at(0) } }, 'Host scheduled "Fools?" on Middlemarch by George Eliot (oxford)'],
  ['a scheduled debate where only the floor holder is heard', { type: 'DebateScheduled', data: { debateId: 'd1', hostId: 'host', hostName: 'Host', title: 'Fools?', book: { title: 'Middlemarch', author: 'George Eliot' }, motion: 'm', format: 'oxford', maxMembers: 5, startAt: null, turnMs: 1, presentationMs: 1, floorControl: true, at: at(0) } }, 'Host scheduled "Fools?" on Middlemarch by George Eliot (oxford, only the floor holder heard)'],
  ['the room opening', { type: 'DebateOpened', data: { by: 'host', at: at(1) } }, 'Host opened the room'],
  ['the debate starting', { type: 'DebateStarted', data: { by: 'host', at: at(1) } }, 'Host started the debate'],
  ['the presentation order', { type: 'RoundStarted', data: { round: 'PRESENTATION', order: ['alice', 'bob'], by: 'host', at: at(1) } }, 'Presentation round began: Alice, Bob in order'],
  ['a presentation round with nobody to present', { type: 'RoundStarted', data: { round: 'PRESENTATION', order: [], by: 'host', at: at(1) } }, 'Presentation round began: nobody in order'],
  ['the open floor', { type: 'RoundStarted', data: { round: 'FREE', order: [], by: 'host', at: at(1) } }, 'Open floor began'],
  ['the preparation round', { type: 'RoundStarted', data: { round: 'PREPARATION', order: [], by: 'host', at: at(1) } }, 'Preparation began'],
  ['a presentation update with its page reference count', { type: 'PresentationUpdated', data: { accountId: 'alice', content: 'p. 3', pageRefs: [3, 4], at: at(1) } }, 'Alice updated their presentation (2 page references)'],
  ['the end', { type: 'DebateEnded', data: { by: 'host', at: at(1) } }, 'Host ended the debate'],
  ['a join with role and side', { type: 'ParticipantJoined', data: { accountId: 'alice', displayName: 'Alice', role: 'speaker', side: 'pro', at: at(1) } }, 'Alice joined as speaker (pro)'],
  ['a join without a side', { type: 'ParticipantJoined', data: { accountId: 'carol', displayName: 'Carol', role: 'audience', side: null, at: at(1) } }, 'Carol joined as audience'],
  ['leaving', { type: 'ParticipantLeft', data: { accountId: 'alice', reason: 'left', at: at(1) } }, 'Alice left'],
  ['a disconnect', { type: 'ParticipantLeft', data: { accountId: 'alice', reason: 'disconnected', at: at(1) } }, 'Alice disconnected'],
  ['a raised hand', { type: 'TurnRequested', data: { accountId: 'bob', side: null, at: at(1) } }, 'Bob raised a hand'],
  ['a lowered hand', { type: 'TurnRequestWithdrawn', data: { accountId: 'bob', at: at(1) } }, 'Bob lowered their hand'],
  ['an open-floor grant with its duration', { type: 'TurnGranted', data: { turnNo: 1, speaker: 'bob', side: null, kind: 'open', durationMs: 90_000, grantedBy: 'host', startedAt: at(1), endsAt: at(91) } }, 'Bob has the floor for 90 s (open floor)'],
  ['a presentation slot', { type: 'TurnGranted', data: { turnNo: 1, speaker: 'bob', side: null, kind: 'presentation', durationMs: 1_250, grantedBy: 'host', startedAt: at(1), endsAt: at(2) } }, 'Bob has the floor for 1.3 s (presentation)'],
  ['a time warning', { type: 'TurnWarningIssued', data: { turnNo: 1, speaker: 'bob', remainingMs: 30_000, at: at(1) } }, 'Bob: 30 s left'],
  ['an extension', { type: 'TurnExtended', data: { turnNo: 1, speaker: 'bob', byMs: 15_000, endsAt: at(9), extendedBy: 'host', at: at(1) } }, 'Host gave Bob 15 s more'],
  ['a yield', { type: 'TurnEnded', data: { turnNo: 1, speaker: 'bob', reason: 'yielded', endedBy: 'bob', spokeMs: 40_000, overtimeMs: 0, at: at(1) } }, 'Bob yielded the floor after 40 s'],
  ['an expiry', { type: 'TurnEnded', data: { turnNo: 1, speaker: 'bob', reason: 'expired', endedBy: 'system', spokeMs: 60_000, overtimeMs: 0, at: at(1) } }, 'Bob ran out of time after 60 s'],
  ['a moderator stopping an overrun turn', { type: 'TurnEnded', data: { turnNo: 1, speaker: 'bob', reason: 'moderator', endedBy: 'host', spokeMs: 90_000, overtimeMs: 15_000, at: at(1) } }, 'Bob was stopped by Host after 90 s, 15 s over'],
  ['a speaker leaving the floor', { type: 'TurnEnded', data: { turnNo: 1, speaker: 'bob', reason: 'left', endedBy: 'bob', spokeMs: 5_000, overtimeMs: 0, at: at(1) } }, 'Bob left the floor after 5 s'],
  ['an opened vote', { type: 'VoteOpened', data: { voteId: 'v', question: 'Agree?', options: ['yes', 'no'], sides: null, kind: 'poll', openedBy: 'host', at: at(1) } }, 'Host opened a poll vote: Agree?'],
  ['an opened vote on the motion with the side of each option', { type: 'VoteOpened', data: { voteId: 'pre', question: '동의?', options: ['찬성', '반대', '미정'], sides: ['pro', 'con', 'undecided'], kind: 'pre', openedBy: 'host', at: at(1) } }, 'Host opened a pre vote: 동의? (찬성: pro, 반대: con, 미정: undecided)'],
  ['a ballot, without saying how', { type: 'VoteCast', data: { voteId: 'v', accountId: 'alice', option: 'yes', at: at(1) } }, 'Alice voted'],
  ['a changed ballot, without saying how', { type: 'VoteChanged', data: { voteId: 'v', accountId: 'alice', from: 'yes', to: 'no', at: at(1) } }, 'Alice changed their vote'],
  ['a closed vote with its tallies', { type: 'VoteClosed', data: { voteId: 'v', closedBy: 'host', tallies: { yes: 2, no: 1 }, at: at(1) } }, 'Host closed the vote: yes 2, no 1'],
  ['a mute with its reason', { type: 'ParticipantMuted', data: mod('bob') }, 'Host muted Bob (noise)'],
  ['an unmute without a reason', { type: 'ParticipantUnmuted', data: mod('bob', '') }, 'Host unmuted Bob'],
  ['a removal', { type: 'ParticipantRemoved', data: mod('bob') }, 'Host removed Bob (noise)'],
  ['a promotion with a side', { type: 'SpeakerPromoted', data: { ...mod('carol', ''), side: 'con' } }, 'Host made carol a speaker (con)'],
  ['a demotion', { type: 'SpeakerDemoted', data: mod('bob', '') }, 'Host moved Bob to the audience'],
  ['a new moderator', { type: 'ModeratorAssigned', data: mod('alice', '') }, 'Host made Alice a moderator'],
  ['a moderator revoked', { type: 'ModeratorRevoked', data: mod('alice', 'bias') }, 'Host took the moderator role from Alice (bias)'],
  ['a lock', { type: 'RoomLocked', data: mod(null, 'full') }, 'Host locked the room (full)'],
  ['an unlock', { type: 'RoomUnlocked', data: mod(null, '') }, 'Host unlocked the room'],
  ['an accounts-only room', { type: 'RoomAccessChanged', data: { ...mod(null, 'raid'), accountsOnly: true } }, 'Host made the room accounts-only (no guests) (raid)'],
  ['a room open to guests again', { type: 'RoomAccessChanged', data: { ...mod(null, ''), accountsOnly: false } }, 'Host opened the room to guests'],
  ['an invitation to speak on a side', { type: 'SpeakerInvited', data: { ...mod('carol', 'asked in chat'), side: 'con' } }, 'Host invited carol to speak (con) (asked in chat)'],
  ['a dismissed request to speak', { type: 'SpeakRequestDismissed', data: mod('carol', '') }, "Host dismissed carol's request to speak"],
  ['an accepted invitation', { type: 'InvitationAccepted', data: { accountId: 'carol', invitedBy: 'host', side: 'con', at: at(1) } }, 'carol accepted the invitation to speak (con)'],
  ['a declined invitation', { type: 'InvitationDeclined', data: { accountId: 'carol', invitedBy: 'host', at: at(1) } }, 'carol declined the invitation to speak'],
  ['floor control on', { type: 'FloorControlChanged', data: { ...mod(null, ''), floorControl: true } }, 'Host turned floor control on: only the floor holder is heard'],
  ['floor control off, with a reason', { type: 'FloorControlChanged', data: { ...mod(null, 'Q&A'), floorControl: false } }, 'Host turned floor control off: every speaker is heard (Q&A)'],
  ['a hidden message, naming its author', { type: 'MessageHidden', data: { ...mod('bob', 'spam'), messageId: 'm1' } }, 'Host hid a message by Bob (spam)'],
  ['a chat message', { type: 'MessagePosted', data: { messageId: 'm1', authorId: 'alice', kind: 'chat', text: 'hello', at: at(1) } }, 'Alice wrote: hello'],
  ['a question', { type: 'MessagePosted', data: { messageId: 'm1', authorId: 'bob', kind: 'question', text: 'Why?', at: at(1) } }, 'Bob asked: Why?'],
  ['a notice', { type: 'MessagePosted', data: { messageId: 'm1', authorId: 'host', kind: 'notice', text: 'Break', at: at(1) } }, 'Host posted a notice: Break'],
  ['an answered question', { type: 'QuestionAnswered', data: { messageId: 'm1', answeredBy: 'host', at: at(1) } }, 'Host marked a question answered'],
  ['joining the voice room', { type: 'VoiceJoined', data: { accountId: 'alice', peerId: 'p', node: 'n', at: at(1) } }, 'Alice joined the voice room'],
  ['leaving the voice room with the reason', { type: 'VoiceLeft', data: { accountId: 'alice', reason: 'left', at: at(1) } }, 'Alice left the voice room (left)'],
  ['an audio link with its connect time', { type: 'PeerLinkEstablished', data: { a: 'alice', b: 'bob', connectMs: 300, candidateType: 'relay', at: at(1) } }, 'Audio link Alice ↔ Bob up in 300 ms (relay)'],
  ['an audio link without a candidate type', { type: 'PeerLinkEstablished', data: { a: 'alice', b: 'bob', connectMs: 300, candidateType: null, at: at(1) } }, 'Audio link Alice ↔ Bob up in 300 ms'],
  ['a failed audio link', { type: 'PeerLinkFailed', data: { a: 'alice', b: 'bob', attempt: 2, at: at(1) } }, 'Audio link Alice ↔ Bob failed (attempt 2)'],
  ['a voice reconnect', { type: 'VoiceRejoinAttempted', data: { accountId: 'bob', attempt: 1, at: at(1) } }, 'Bob reconnecting to voice (attempt 1)'],
  ['giving up on voice', { type: 'VoiceRejoinAbandoned', data: { accountId: 'bob', attempts: 3, at: at(1) } }, 'Bob gave up reconnecting after 3 attempts'],
];

describe('timeline summary', () => {
  it.each(cases)('describes %s', (_what, event, line) => {
    expect(summarise(event, name)).toBe(line);
  });

  it('gives a closed vote on the motion by side, with each side’s options', () => {
    const motionVote = (voteId: string) => (voteId === 'post' ? { options: ['강한 찬성', '찬성', '반대', '미정'], sides: ['pro', 'pro', 'con', 'undecided'] as ('pro' | 'con' | 'undecided')[] } : undefined);
    const closed: DebateEvent = { type: 'VoteClosed', data: { voteId: 'post', closedBy: 'host', tallies: { '강한 찬성': 1, 찬성: 2, 반대: 1, 미정: 0 }, at: at(1) } };
    expect(summarise(closed, name, motionVote)).toBe('Host closed the vote: pro 3 (강한 찬성 1, 찬성 2), con 1 (반대 1), undecided 0 (미정 0)');
  });

  it('cuts a long message to 80 characters with an ellipsis', () => {
    const text = 'x'.repeat(81);
    const line = summarise({ type: 'MessagePosted', data: { messageId: 'm1', authorId: 'alice', kind: 'chat', text, at: at(1) } }, name);
    expect(line).toBe(`Alice wrote: ${'x'.repeat(79)}…`);
  });

  it('keeps a message of exactly 80 characters whole', () => {
    const text = 'y'.repeat(80);
    expect(summarise({ type: 'MessagePosted', data: { messageId: 'm1', authorId: 'alice', kind: 'chat', text, at: at(1) } }, name)).toBe(`Alice wrote: ${text}`);
  });
});
