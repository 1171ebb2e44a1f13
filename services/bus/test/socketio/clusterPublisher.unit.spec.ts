// The background publisher: an outage is reported once (not per message), its end once, and
// the messages waiting for Kafka are bounded.
import { MessageType, type ClusterMessage } from 'socket.io-adapter';
import { describe, expect, it } from 'vitest';
import { ClusterPublisher } from '../../src/socketio/clusterPublisher.ts';
import type { ClusterRecord } from '../../src/socketio/clusterTransport.ts';

const heartbeat: ClusterMessage = { uid: 'u1', nsp: '/', type: MessageType.HEARTBEAT };

/** A publish port whose calls the test settles by hand. */
function manualPort() {
  const calls: { record: ClusterRecord; resolve: () => void; reject: (e: Error) => void }[] = [];
  const publish = (record: ClusterRecord) => new Promise<void>((resolve, reject) => calls.push({ record, resolve, reject }));
  return { calls, publish };
}

function recordingLogger() {
  const lines: string[] = [];
  return { lines, warn: (m: string) => void lines.push(`warn ${m}`), error: (m: string) => void lines.push(`error ${m}`) };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('ClusterPublisher', () => {
  it('hands the encoded message, its namespace and its addressee to the transport', () => {
    const port = manualPort();
    new ClusterPublisher(port.publish, recordingLogger()).send(heartbeat, 'requester');
    expect(port.calls.map((c) => c.record)).toEqual([{ nsp: '/', to: 'requester', value: JSON.stringify(heartbeat) }]);
  });

  it('reports an outage with one error however many sends fail, and its end with one warning', async () => {
    const port = manualPort();
    const logger = recordingLogger();
    const publisher = new ClusterPublisher(port.publish, logger);
    for (let i = 0; i < 5; i++) publisher.send(heartbeat);
    for (const call of port.calls.splice(0)) call.reject(new Error('broker down'));
    await settle();
    publisher.send(heartbeat);
    publisher.send(heartbeat);
    for (const call of port.calls.splice(0)) call.resolve();
    await settle();
    expect(logger.lines).toEqual([
      'error socket.io adapter: publishing to Kafka failed; other nodes miss messages until it recovers',
      'warn socket.io adapter: publishing to Kafka again',
    ]);
  });

  it('drops sends beyond the in-flight bound, says so once, and sends again once room frees up', async () => {
    const port = manualPort();
    const logger = recordingLogger();
    const publisher = new ClusterPublisher(port.publish, logger, 2);
    for (let i = 0; i < 5; i++) publisher.send(heartbeat);
    expect(port.calls).toHaveLength(2);
    expect(logger.lines).toEqual(['error socket.io adapter: 2 messages wait for Kafka; dropping new ones']);

    for (const call of port.calls.splice(0)) call.resolve();
    await settle();
    publisher.send(heartbeat);
    expect(port.calls).toHaveLength(1);
  });

  it('ignores sends after stop()', () => {
    const port = manualPort();
    const publisher = new ClusterPublisher(port.publish, recordingLogger());
    publisher.stop();
    publisher.send(heartbeat);
    expect(port.calls).toEqual([]);
  });
});
