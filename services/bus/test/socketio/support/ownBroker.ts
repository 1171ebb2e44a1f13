// A Kafka broker of this test's own, to stop and restart (the shared one on 9092 serves others).
// Same jars and server.properties as infra/kafka/start.sh, with free ports and a temp data dir
// that survives a restart, as a real broker's disk does. Killed with the test process's group.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const kafkaDir = fileURLToPath(new URL('../../../../../infra/kafka/', import.meta.url));
const libs = path.join(kafkaDir, 'libs');

export interface OwnBroker {
  brokers: string[];
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its data. */
  dispose(): Promise<void>;
}

/** Why no own broker can run here, or null when it can. */
export function ownBrokerUnavailable(): string | null {
  if (!existsSync(libs) || !readdirSync(libs).some((f) => /^kafka_2\.13-.*\.jar$/.test(f))) {
    return `no Kafka jars in ${libs} (run infra/kafka/fetch.sh)`;
  }
  return null;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function java(args: string[]): { child: ChildProcess; output: () => string } {
  const log4j = `-Dlog4j2.configurationFile=${path.join(kafkaDir, 'log4j2.properties')}`;
  const child = spawn('java', [log4j, '-cp', `${libs}/*`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return { child, output: () => output };
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
  });

export async function startOwnBroker(timeoutMs = 90_000): Promise<OwnBroker> {
  const [port, controllerPort] = [await freePort(), await freePort()];
  const dir = mkdtempSync(path.join(tmpdir(), 'socketio-broker-'));
  const properties = path.join(dir, 'server.properties');
  writeFileSync(
    properties,
    readFileSync(path.join(kafkaDir, 'server.properties'), 'utf8')
      .replaceAll('@LOG_DIR@', path.join(dir, 'data'))
      .replaceAll('127.0.0.1:9093', `127.0.0.1:${controllerPort}`)
      .replaceAll('127.0.0.1:9092', `127.0.0.1:${port}`),
  );
  // A cluster id is 16 random bytes in URL-safe base64 (what StorageTool random-uuid prints).
  // A base64url id may start with '-', which kafka-storage's argument parser reads as an option
  // ("expected one argument": the fault suite failed so once in CI). Kafka's own Uuid.randomUuid
  // draws again in that case; so do we.
  let clusterId = randomBytes(16).toString('base64url');
  while (clusterId.startsWith('-')) clusterId = randomBytes(16).toString('base64url');
  const format = java(['kafka.tools.StorageTool', 'format', '-c', properties, '-t', clusterId]);
  if ((await exited(format.child)) !== 0) throw new Error(`Kafka storage format failed:\n${format.output()}`);

  let broker: ChildProcess | undefined;
  const start = async () => {
    const { child, output } = java(['-Xmx384m', '-Xms128m', '-XX:+UseSerialGC', 'kafka.Kafka', properties]);
    broker = child;
    const until = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`own Kafka broker exited during start:\n${output().slice(-3000)}`);
      if (output().includes('Kafka Server started') && (await canConnect(port))) return;
      if (Date.now() > until) throw new Error(`own Kafka broker not started within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const stop = async () => {
    const child = broker;
    broker = undefined;
    if (!child) return;
    const done = exited(child);
    child.kill('SIGTERM'); // controlled shutdown, like stop.sh
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await done;
    clearTimeout(timer);
  };
  await start();
  return {
    brokers: [`127.0.0.1:${port}`],
    start,
    stop,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
