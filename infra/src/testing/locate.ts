// Where services come from, besides explicit env: the env file written by
// `npm run services:up`, and whether a Docker engine is reachable (testcontainers).
import { existsSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { fileURLToPath } from 'node:url';

/** Absolute path of the infra/ package folder. */
export const infraDir = fileURLToPath(new URL('../..', import.meta.url));

/** KEY=VALUE lines of infra/.run/env, or {} when services:up never ran. */
export function readRunEnv(): Record<string, string> {
  const file = `${infraDir}.run/env`;
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

/** True when a TCP (or unix socket) connect succeeds within timeoutMs. */
export function canConnect(target: { host: string; port: number } | { path: string }, timeoutMs = 1500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection(target);
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

let docker: Promise<boolean> | undefined;
/** Is a Docker engine reachable (DOCKER_HOST or /var/run/docker.sock)? Cached per process. */
export function dockerAvailable(): Promise<boolean> {
  docker ??= (async () => {
    const host = process.env.DOCKER_HOST;
    if (host?.startsWith('unix://')) return canConnect({ path: host.slice('unix://'.length) });
    if (host?.startsWith('tcp://')) {
      const u = new URL(host.replace(/^tcp:/, 'http:'));
      return canConnect({ host: u.hostname, port: Number(u.port || 2375) });
    }
    if (host) return true; // ssh:// etc.: let testcontainers try
    return existsSync('/var/run/docker.sock') && canConnect({ path: '/var/run/docker.sock' });
  })();
  return docker;
}
