// `npm start` as a child process on a fresh data dir and a free port (PORT=0), the way a newcomer
// runs it; resolves with its URL from the startup line, and stops it (its process group) after.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');

export interface StartedApp {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

export async function startApp(timeoutMs = 180_000): Promise<StartedApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'booktalk-web-e2e-'));
  chmodSync(dataDir, 0o755); // as root, the postgres user must walk into it
  const pgPort = 20_000 + Math.floor(Math.random() * 20_000);
  // No DATABASE_URL / KAFKA_BROKERS: the embedded PostgreSQL and the in-process bus.
  const { DATABASE_URL: _db, KAFKA_BROKERS: _kafka, ...env } = process.env;
  const child: ChildProcess = spawn('npm', ['start'], {
    cwd: repoRoot,
    env: { ...env, PORT: '0', BOOKTALK_DATA_DIR: dataDir, BOOKTALK_EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGINT');
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      // The first start may build the web app too.
      const timer = setTimeout(() => reject(new Error(`no startup line within ${timeoutMs} ms:\n${output}`)), timeoutMs);
      const look = () => {
        const m = /BookTalk is running at (http:\/\/\S+?) /.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      child.stdout!.on('data', look);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited with ${code}:\n${output}`));
      });
    });
    return { url, output: () => output, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
