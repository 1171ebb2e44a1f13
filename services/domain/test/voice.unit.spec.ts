import { describe, it } from 'vitest';
import type { DebateEvent } from '@booktalk/contracts';
import { given } from './support/given.ts';
import { actors, at, oxfordRoom } from './support/fixtures.ts';

const aliceIn: DebateEvent = { type: 'VoiceJoined', data: { accountId: 'alice', peerId: 'peer-a', node: 'node-1', at: at(5) } };

describe('voice lifecycle', () => {
  it('RecordVoiceJoined puts a participant in the mesh; the same peer twice is a no-op', () => {
    given(...oxfordRoom).when({ type: 'RecordVoiceJoined', data: { peerId: 'peer-a', node: 'node-1' } }, { actor: actors.alice, at: 5 }).then([aliceIn]);
    given(...oxfordRoom, aliceIn).when({ type: 'RecordVoiceJoined', data: { peerId: 'peer-a', node: 'node-1' } }, { actor: actors.alice }).then([]);
  });
  it('RecordVoiceLeft, and NOT_IN_VOICE when not in the mesh', () => {
    given(...oxfordRoom, aliceIn)
      .when({ type: 'RecordVoiceLeft', data: { reason: 'disconnected' } }, { actor: actors.alice, at: 8 })
      .then([{ type: 'VoiceLeft', data: { accountId: 'alice', reason: 'disconnected', at: at(8) } }]);
    given(...oxfordRoom).when({ type: 'RecordVoiceLeft', data: { reason: 'left' } }, { actor: actors.alice }).thenFails('NOT_IN_VOICE');
  });
  it('RecordPeerLink records established and failed links', () => {
    given(...oxfordRoom)
      .when({ type: 'RecordPeerLink', data: { peerId: 'bob', outcome: 'established', connectMs: 840, candidateType: 'host', attempt: 1 } }, { actor: actors.alice, at: 6 })
      .then([{ type: 'PeerLinkEstablished', data: { a: 'alice', b: 'bob', connectMs: 840, candidateType: 'host', at: at(6) } }]);
    given(...oxfordRoom)
      .when({ type: 'RecordPeerLink', data: { peerId: 'bob', outcome: 'failed', attempt: 2 } }, { actor: actors.alice, at: 6 })
      .then([{ type: 'PeerLinkFailed', data: { a: 'alice', b: 'bob', attempt: 2, at: at(6) } }]);
  });
  it('RecordRejoinAttempt, abandoning after the last attempt', () => {
    given(...oxfordRoom)
      .when({ type: 'RecordRejoinAttempt', data: { attempt: 5, gaveUp: true } }, { actor: actors.alice, at: 9 })
      .then([
        { type: 'VoiceRejoinAttempted', data: { accountId: 'alice', attempt: 5, at: at(9) } },
        { type: 'VoiceRejoinAbandoned', data: { accountId: 'alice', attempts: 5, at: at(9) } },
      ]);
  });
  it('NOT_PARTICIPANT for outsiders and unknown peers', () => {
    given(...oxfordRoom).when({ type: 'RecordVoiceJoined', data: { peerId: 'p', node: 'n' } }, { actor: actors.erin }).thenFails('NOT_PARTICIPANT');
    given(...oxfordRoom).when({ type: 'RecordPeerLink', data: { peerId: 'erin', outcome: 'failed', attempt: 1 } }, { actor: actors.alice }).thenFails('NOT_PARTICIPANT');
    given(...oxfordRoom).when({ type: 'RecordRejoinAttempt', data: { attempt: 1 } }, { actor: actors.erin }).thenFails('NOT_PARTICIPANT');
  });
});
