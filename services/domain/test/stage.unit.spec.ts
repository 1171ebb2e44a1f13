// The stage-mode lifecycle the signaling node records: given a room, when the node records, then these events.
import { describe, it } from 'vitest';
import { given } from './support/given.ts';
import { actors, at, oxfordRoom } from './support/fixtures.ts';

describe('stage lifecycle', () => {
  it('records a speaker publishing to the stage, with the feed and the node', () => {
    given(...oxfordRoom)
      .when({ type: 'RecordStagePublished', data: { feedId: 42, node: 'node-1' } }, { actor: actors.alice, at: 5 })
      .then([{ type: 'StagePublished', data: { accountId: 'alice', feedId: 42, node: 'node-1', at: at(5) } }]);
  });
  it('refuses a publish by an audience member', () => {
    given(...oxfordRoom).when({ type: 'RecordStagePublished', data: { feedId: 42, node: 'node-1' } }, { actor: actors.carol }).thenFails('NOT_SPEAKER');
  });
  it('refuses a publish by a muted speaker', () => {
    given(...oxfordRoom, { type: 'ParticipantMuted', data: { moderatorId: 'host', targetId: 'alice', reason: '', at: at(4) } })
      .when({ type: 'RecordStagePublished', data: { feedId: 42, node: 'node-1' } }, { actor: actors.alice })
      .thenFails('MUTED');
  });
  it('records why a publish ended', () => {
    given(...oxfordRoom)
      .when({ type: 'RecordStageUnpublished', data: { feedId: 42, reason: 'kicked' } }, { actor: actors.alice, at: 7 })
      .then([{ type: 'StageUnpublished', data: { accountId: 'alice', feedId: 42, reason: 'kicked', at: at(7) } }]);
  });
  it('records a listener who never joined the debate (listening is public)', () => {
    given(...oxfordRoom)
      .when({ type: 'RecordStageListening', data: { node: 'node-2' } }, { actor: actors.erin, at: 6 })
      .then([{ type: 'StageListenerSubscribed', data: { accountId: 'erin', node: 'node-2', at: at(6) } }]);
  });
  it('records a lost SFU as the system', () => {
    given(...oxfordRoom)
      .when({ type: 'RecordStageFailure', data: { node: 'node-1', op: 'connection' } }, { actor: actors.system, at: 9 })
      .then([{ type: 'StageSfuFailed', data: { node: 'node-1', op: 'connection', at: at(9) } }]);
  });
});
