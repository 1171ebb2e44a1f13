// The app as a newcomer starts it: `npm start` from the repository root, as a child process in
// its own process group, on a fresh data dir (embedded PostgreSQL on a random port, the
// in-process bus), so the browser talks to exactly what `npm start` serves.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');

export interface RunningApp {
  url: string;
  dataDir: string;
  pgPort: number;
  /** Everything the app printed so far. */
  output(): string;
  /** Ctrl-C (SIGINT to the group), SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartAppOptions {
  startupTimeoutMs?: number;
  /** Extra environment for the app (e.g. stage mode's JANUS_URL and its policy). */
  env?: Record<string, string>;
  /** A restart: this data dir (from `dataDir` of the first start) is used, and stop() leaves it. */
  dataDir?: string;
  /** A fixed port (a restart keeps the pages' origin), else a random one. */
  port?: number;
  /** A fixed port for the embedded PostgreSQL, else a random one. */
  pgPort?: number;
}

export async function startApp({ startupTimeoutMs = 180_000, env: extra = {}, dataDir: reuse, port = 0, pgPort = 20_000 + Math.floor(Math.random() * 20_000) }: StartAppOptions = {}): Promise<RunningApp> {
  const dataDir = reuse ?? mkdtempSync(path.join(tmpdir(), 'booktalk-web-e2e-'));
  chmodSync(dataDir, 0o755); // mkdtemp makes it 700: as root, the postgres user must walk into it
  const { DATABASE_URL: _db, KAFKA_BROKERS: _kafka, ...env } = process.env;
  const child: ChildProcess = spawn('npm', ['start'], {
    cwd: REPO_ROOT,
    env: { ...env, PORT: String(port), BOOKTALK_DATA_DIR: dataDir, BOOKTALK_EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'info', ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (graceMs = 20_000) => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGINT');
      } catch {
        // already gone
      }
      const killer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, graceMs);
      await exited;
      clearTimeout(killer);
    }
    if (!reuse) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start printed no startup line within ${startupTimeoutMs / 1000} s:\n${output}`)), startupTimeoutMs);
      const look = () => {
        const m = /BookTalk is running at (http:\/\/\S+?) /.exec(output);
        if (!m) return;
        clearTimeout(timer);
        resolve(m[1]!);
      };
      child.stdout!.on('data', look);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited with ${code}:\n${output}`));
      });
    });
    return { url, dataDir, pgPort, output: () => output, stop };
  } catch (e) {
    await stop(5_000);
    throw e;
  }
}
