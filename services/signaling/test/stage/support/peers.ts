// Drives peer.worker.ts in Janus's network namespace (nsenter) and bridges it to a node that
// listens outside: a unix socket here forwards to the node's TCP port.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type Server, createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface PeerStats {
  id: string;
  frames: number;
  loud: number;
  firstLoudAt: number | null;
  lastLoudAt: number | null;
  subscribedAt: number | null;
  offers: number;
  /** Loud frames per received track (one per speaker's feed). */
  tracks: number[];
}
export type WorkerMessage = { type: string; id?: string; ok?: boolean; code?: string; [k: string]: unknown };

const worker = fileURLToPath(new URL('../peer.worker.ts', import.meta.url));

/** A unix socket forwarding every connection to 127.0.0.1:port (reachable from any network namespace). */
export async function unixBridge(port: number): Promise<{ path: string; close(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'stage-bridge-'));
  const socketPath = path.join(dir, 'node.sock');
  const server: Server = createServer((client) => {
    const upstream = createConnection(port, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    path: socketPath,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(dir, { recursive: true, force: true });
      }),
  };
}

export class PeerWorker {
  private readonly child: ChildProcess;
  private readonly messages: WorkerMessage[] = [];
  private readonly waiters: { match: (m: WorkerMessage) => boolean; resolve: (m: WorkerMessage) => void }[] = [];
  readonly stderr: string[] = [];
  /** The worker's last words when it failed. */
  private fatal: string | null = null;

  constructor(netnsPid: number, config: { nodeSocket: string; debateId: string; peers: { id: string; token: string }[] }) {
    this.child = spawn('nsenter', ['-t', String(netnsPid), '-n', process.execPath, '--import', 'tsx', worker], {
      env: { ...process.env, STAGE_WORKER_CONFIG: JSON.stringify(config) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      let msg: WorkerMessage;
      try {
        msg = JSON.parse(line) as WorkerMessage;
      } catch {
        return void this.stderr.push(line);
      }
      if (msg.type === 'fatal') this.fatal = String(msg.message);
      const i = this.waiters.findIndex((w) => w.match(msg));
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(msg);
      else this.messages.push(msg);
    });
    createInterface({ input: this.child.stderr! }).on('line', (line) => this.stderr.push(line));
  }

  /** The next message matching (or one received already), within timeoutMs. */
  next(match: (m: WorkerMessage) => boolean, timeoutMs = 30_000): Promise<WorkerMessage> {
    const i = this.messages.findIndex(match);
    if (i >= 0) return Promise.resolve(this.messages.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const at = this.waiters.findIndex((w) => w.resolve === done);
        if (at >= 0) this.waiters.splice(at, 1);
        const why = this.fatal ?? (this.child.exitCode !== null ? `exited with ${this.child.exitCode}` : 'running');
        reject(new Error(`worker (${why}): no matching message within ${timeoutMs} ms; stderr: ${this.stderr.slice(-10).join('\n')}`));
      }, timeoutMs);
      const done = (m: WorkerMessage) => {
        clearTimeout(timer);
        resolve(m);
      };
      this.waiters.push({ match, resolve: done });
    });
  }

  /** Messages received that no wait asked for (errors show up here). */
  unclaimed(type: string): WorkerMessage[] {
    return this.messages.filter((m) => m.type === type);
  }

  send(cmd: Record<string, unknown>): void {
    this.child.stdin!.write(`${JSON.stringify(cmd)}\n`);
  }

  async stats(): Promise<{ now: number; peers: PeerStats[] }> {
    this.send({ cmd: 'stats' });
    return (await this.next((m) => m.type === 'stats', 10_000)) as unknown as { now: number; peers: PeerStats[] };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.send({ cmd: 'exit' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
