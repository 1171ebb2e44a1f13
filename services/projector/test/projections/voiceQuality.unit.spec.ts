// The voice_quality fold, events in → rows out (counters from zero, one row per established link).
import { describe, it } from 'vitest';
import { links, quality } from '../../src/projections/voiceQuality/fold.ts';
import { at } from '../support/oxfordDebate.ts';
import { inDebate, projectionSpec } from '../support/projectionSpec.ts';

const spec = projectionSpec({ quality, links });
const zero = { joins: 0, leaves: 0, links_established: 0, link_failures: 0, rejoin_attempts: 0, rejoins_abandoned: 0 };

describe('voice_quality fold', () => {
  it('counts each step of the signaling lifecycle', () => {
    spec
      .given()
      .when(
        { type: 'VoiceJoined', data: { accountId: 'alice', peerId: 'p-a', node: 'n1', at: at(1) } },
        { type: 'VoiceJoined', data: { accountId: 'bob', peerId: 'p-b', node: 'n1', at: at(1) } },
        { type: 'PeerLinkFailed', data: { a: 'alice', b: 'bob', attempt: 1, at: at(2) } },
        { type: 'VoiceRejoinAttempted', data: { accountId: 'bob', attempt: 1, at: at(3) } },
        { type: 'VoiceRejoinAbandoned', data: { accountId: 'bob', attempts: 1, at: at(4) } },
        { type: 'VoiceLeft', data: { accountId: 'alice', reason: 'left', at: at(5) } },
      )
      .then({
        quality: [{ debate_id: 'd1', ...zero, joins: 2, leaves: 1, link_failures: 1, rejoin_attempts: 1, rejoins_abandoned: 1 }],
        links: [],
      });
  });

  it('keeps each established link with its connect time, candidate type and event position', () => {
    spec
      .given({ type: 'VoiceJoined', data: { accountId: 'alice', peerId: 'p-a', node: 'n1', at: at(1) } })
      .when({ type: 'PeerLinkEstablished', data: { a: 'alice', b: 'bob', connectMs: 300, candidateType: 'relay', at: at(2) } })
      .then({
        quality: [{ debate_id: 'd1', ...zero, joins: 1, links_established: 1 }],
        links: [{ position: 2n, debate_id: 'd1', a: 'alice', b: 'bob', connect_ms: 300, candidate_type: 'relay', at: at(2) }],
      });
  });

  it('has no row for a debate without voice events', () => {
    spec.given().when({ type: 'RoomLocked', data: { moderatorId: 'host', targetId: null, reason: '', at: at(1) } }).then({ quality: [], links: [] });
  });

  it('counts each debate on its own row', () => {
    spec
      .given({ type: 'VoiceJoined', data: { accountId: 'alice', peerId: 'p-a', node: 'n1', at: at(1) } })
      .when(inDebate('d2', { type: 'VoiceJoined', data: { accountId: 'bob', peerId: 'p-b', node: 'n1', at: at(1) } }))
      .then({ quality: [{ debate_id: 'd1', ...zero, joins: 1 }, { debate_id: 'd2', ...zero, joins: 1 }], links: [] });
  });
});
