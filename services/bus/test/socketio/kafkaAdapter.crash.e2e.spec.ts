// A node that dies without a goodbye (SIGKILL) is dropped by the others once its heartbeats
// stop for heartbeatTimeout, and cluster calls stop waiting for it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { kafkaForTests, requireService } from '@booktalk/infra/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startNode, type TestNode } from './support/cluster.ts';

const broker = requireService(await kafkaForTests(), 'Kafka');
const nodeScript = fileURLToPath(new URL('./support/nodeProcess.ts', import.meta.url));
const HEARTBEAT = { heartbeatInterval: 500, heartbeatTimeout: 3_000 };

function spawnNode(topic: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', nodeScript], {
    env: {
      ...process.env,
      KAFKA_BROKERS: broker!.brokers.join(','),
      SOCKETIO_TOPIC: topic,
      NODE_ID: `child-${randomUUID().slice(0, 8)}`,
      HEARTBEAT_INTERVAL: String(HEARTBEAT.heartbeatInterval),
      HEARTBEAT_TIMEOUT: String(HEARTBEAT.heartbeatTimeout),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node process not ready within 60 s:\n${output}`));
    }, 60_000);
    child.stderr!.on('data', (d) => (output += d));
    child.stdout!.on('data', (d) => {
      output += d;
      if (!output.includes('socketio node ready')) return;
      clearTimeout(timer);
      resolve(child);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node process exited with ${code} before it was ready:\n${output}`));
    });
  });
}

describe.skipIf(!broker)('socket.io Kafka adapter: a killed node', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    await Promise.allSettled(cleanup.splice(0).map((c) => c()));
  });

  it('is dropped by the survivor after the heartbeat timeout, and not before', { timeout: 90_000 }, async () => {
    const topic = `socketio-crash-${randomUUID()}`;
    const survivor: TestNode = await startNode('survivor', { brokers: broker!.brokers, topic, ...HEARTBEAT });
    cleanup.push(() => survivor.close());
    const child = await spawnNode(topic);
    cleanup.push(async () => child.kill('SIGKILL'));
    await eventually(async () => expect(await survivor.serverCount()).toBe(2), 20_000);

    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    await eventually(async () => expect(await survivor.serverCount()).toBe(1), HEARTBEAT.heartbeatTimeout + 5_000);
    // Not before the timeout: its last heartbeat was at most one interval before the kill, so
    // nothing but the heartbeat expiry can have removed it this late.
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(HEARTBEAT.heartbeatTimeout - 2 * HEARTBEAT.heartbeatInterval);
    // With the dead node gone, a cluster-wide call answers from the survivor alone, at once.
    expect(await survivor.io.fetchSockets()).toEqual([]);
  });
});
