// A socket.io node with the Kafka adapter as its own process, for tests that kill one.
// Env: KAFKA_BROKERS, SOCKETIO_TOPIC, NODE_ID, HEARTBEAT_INTERVAL, HEARTBEAT_TIMEOUT.
// Prints "socketio node ready <url>" once the adapter fetches and the port listens.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { createKafkaAdapter } from '../../../src/index.ts';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const adapter = await createKafkaAdapter({
  brokers: env('KAFKA_BROKERS').split(','),
  topic: env('SOCKETIO_TOPIC'),
  nodeId: env('NODE_ID'),
  heartbeatInterval: Number(env('HEARTBEAT_INTERVAL')),
  heartbeatTimeout: Number(env('HEARTBEAT_TIMEOUT')),
  maxWaitTimeInMs: 100,
});
const http = createServer();
const io = new Server(http, { adapter, transports: ['websocket'] });
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
console.log(`socketio node ready http://127.0.0.1:${(http.address() as AddressInfo).port}`);

process.once('SIGTERM', () => {
  void (async () => {
    await io.close();
    await adapter.close();
    process.exit(0);
  })();
});
