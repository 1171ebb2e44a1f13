// The app under test in its own process, exactly as `npm start` runs it (node + tsx, main.ts),
// with the benchmark's environment: a fresh database, no web build, no HTTP rate limit, socket
// budgets out of the way. Ready when GET /health answers; RSS read from /proc.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface AppProcess {
  url: string;
  child: ChildProcess;
  /** Lines the app logged at warn or above. */
  problems: () => string[];
  rssBytes(): number;
  stop(): Promise<number | null>;
}

export interface AppOptions {
  databaseUrl: string;
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=…']. */
  nodeArgs?: string[];
  env?: Record<string, string>;
  entry?: string;
}

export const benchEnv = (databaseUrl: string, port: number): Record<string, string> => ({
  DATABASE_URL: databaseUrl,
  PORT: String(port),
  HOST: '127.0.0.1',
  BOOKTALK_WEB: 'off',
  BOOKTALK_RATE_LIMIT: '0',
  BOOKTALK_SOCKET_RATE_MESSAGES: '1000000',
  BOOKTALK_SOCKET_RATE_BYTES: '1000000000',
  BOOKTALK_JWT_SECRET: 'bench-secret-0123456789abcdef0123456789',
  LOG_LEVEL: 'warn',
});

export async function startApp(options: AppOptions): Promise<AppProcess> {
  const port = await freePort();
  const env = { ...process.env, ...benchEnv(options.databaseUrl, port), ...options.env };
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', path.resolve(repoRoot, options.entry ?? 'services/app/src/main.ts')], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const collect = (d: Buffer) => {
    for (const line of d.toString().split('\n')) if (line.trim()) lines.push(line);
    if (lines.length > 2_000) lines.splice(0, lines.length - 2_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}:\n${lines.join('\n')}`);
    const up = await fetch(`${url}/health`).then((r) => r.ok).catch(() => false);
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the app did not answer /health within 90 s:\n${lines.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    problems: () => lines.filter((l) => /"level":(40|50|60)/.test(l) || !l.startsWith('{')),
    rssBytes: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
        child.kill('SIGTERM');
      }),
  };
}
