import { describe, it } from 'vitest';
import type { DebateEvent } from '@booktalk/contracts';
import { given } from './support/given.ts';
import { actors, at, oxfordRoom } from './support/fixtures.ts';

const aliceIn: DebateEvent = { type: 'VoiceJoined', data: { accountId: 'alice', peerId: 'peer-a', node: 'node-1', at: at(5) } };

describe('voice lifecycle', () => {
  it('a participant who joins voice enters the mesh', () => {
    given(...oxfordRoom).when({ type: 'RecordVoiceJoined', data: { peerId: 'peer-a', node: 'node-1' } }, { actor: actors.alice, at: 5 }).then([aliceIn]);
  });
  it('the same peer announced twice changes nothing', () => {
    given(...oxfordRoom, aliceIn).when({ type: 'RecordVoiceJoined', data: { peerId: 'peer-a', node: 'node-1' } }, { actor: actors.alice }).then([]);
  });
  it('a participant who leaves voice leaves the mesh, with the reason', () => {
    given(...oxfordRoom, aliceIn)
      .when({ type: 'RecordVoiceLeft', data: { reason: 'disconnected' } }, { actor: actors.alice, at: 8 })
      .then([{ type: 'VoiceLeft', data: { accountId: 'alice', reason: 'disconnected', at: at(8) } }]);
  });
  it('cannot leave voice without being in the mesh', () => {
    given(...oxfordRoom).when({ type: 'RecordVoiceLeft', data: { reason: 'left' } }, { actor: actors.alice }).thenFails('NOT_IN_VOICE');
  });
  it('records an established link with its connect time and candidate type', () => {
    given(...oxfordRoom)
      .when({ type: 'RecordPeerLink', data: { peerId: 'bob', outcome: 'established', connectMs: 840, candidateType: 'host', attempt: 1 } }, { actor: actors.alice, at: 6 })
      .then([{ type: 'PeerLinkEstablished', data: { a: 'alice', b: 'bob', connectMs: 840, candidateType: 'host', at: at(6) } }]);
  });
  it('records a failed link with its attempt', () => {
    given(...oxfordRoom)
      .when({ type: 'RecordPeerLink', data: { peerId: 'bob', outcome: 'failed', attempt: 2 } }, { actor: actors.alice, at: 6 })
      .then([{ type: 'PeerLinkFailed', data: { a: 'alice', b: 'bob', attempt: 2, at: at(6) } }]);
  });
  it('records a rejoin attempt', () => {
    given(...oxfordRoom)
      .when({ type: 'RecordRejoinAttempt', data: { attempt: 2 } }, { actor: actors.alice, at: 9 })
      .then([{ type: 'VoiceRejoinAttempted', data: { accountId: 'alice', attempt: 2, at: at(9) } }]);
  });
  it('records giving up after the attempts made, without counting one more attempt', () => {
    given(...oxfordRoom)
      .when({ type: 'RecordRejoinAttempt', data: { attempt: 5, gaveUp: true } }, { actor: actors.alice, at: 9 })
      .then([{ type: 'VoiceRejoinAbandoned', data: { accountId: 'alice', attempts: 5, at: at(9) } }]);
  });
  it('someone not in the room cannot join voice', () => {
    given(...oxfordRoom).when({ type: 'RecordVoiceJoined', data: { peerId: 'p', node: 'n' } }, { actor: actors.erin }).thenFails('NOT_PARTICIPANT');
  });
  it('cannot record a link to someone not in the room', () => {
    given(...oxfordRoom).when({ type: 'RecordPeerLink', data: { peerId: 'erin', outcome: 'failed', attempt: 1 } }, { actor: actors.alice }).thenFails('NOT_PARTICIPANT');
  });
  it('someone not in the room cannot record a rejoin attempt', () => {
    given(...oxfordRoom).when({ type: 'RecordRejoinAttempt', data: { attempt: 1 } }, { actor: actors.erin }).thenFails('NOT_PARTICIPANT');
  });
});

describe('after the end', () => {
  const ended: DebateEvent = { type: 'DebateEnded', data: { by: 'host', at: at(9) } };
  it('records no leave, link or rejoin that arrives after EndDebate closed voice: the replay ends at the end', () => {
    const closed: DebateEvent = { type: 'VoiceLeft', data: { accountId: 'alice', reason: 'ended', at: at(9) } };
    given(...oxfordRoom, aliceIn, closed, ended).when({ type: 'RecordVoiceLeft', data: { reason: 'left' } }, { actor: actors.alice, at: 12 }).then([]);
    given(...oxfordRoom, aliceIn, closed, ended).when({ type: 'RecordPeerLink', data: { peerId: 'bob', outcome: 'failed', attempt: 1 } }, { actor: actors.alice, at: 12 }).then([]);
    given(...oxfordRoom, aliceIn, closed, ended).when({ type: 'RecordRejoinAttempt', data: { attempt: 1, gaveUp: false } }, { actor: actors.alice, at: 12 }).then([]);
  });
});
