// Bad adapter options fail at once with a clear error, before any connection is attempted.
import { describe, expect, it } from 'vitest';
import { createKafkaAdapter, type KafkaAdapterOptions } from '../../src/index.ts';

// Port 1 refuses connections: an option check that let these through would fail differently.
const base = { brokers: ['127.0.0.1:1'], nodeId: 'n1', readyTimeoutMs: 1 } satisfies KafkaAdapterOptions;

describe('createKafkaAdapter options', () => {
  it.each([
    ['no brokers', { ...base, brokers: [] }, /give `brokers` \(non-empty\) or `kafka`/],
    ['an empty node id', { ...base, nodeId: ' ' }, /`nodeId` must be a non-empty string/],
    ['an invalid topic name', { ...base, topic: 'no spaces allowed' }, /is not a valid Kafka topic name/],
    ['a zero heartbeat interval', { ...base, heartbeatInterval: 0 }, /`heartbeatInterval` must be a positive number/],
    [
      'a timeout not longer than the interval',
      { ...base, heartbeatInterval: 5_000, heartbeatTimeout: 5_000 },
      /`heartbeatTimeout` must be longer than `heartbeatInterval`/,
    ],
  ] as const)('refuses %s', async (_case, options, message) => {
    await expect(createKafkaAdapter(options)).rejects.toThrow(message);
  });
});
