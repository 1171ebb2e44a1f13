// Where the tests' Janus is: JANUS_URL (+ JANUS_NETNS_PID and the secrets) from the environment,
// else from infra/.run/env written by `node infra/bin/services.mjs up janus`. Media peers must run
// in that network namespace (nsenter -t JANUS_NETNS_PID -n), so the pid is required too.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ServiceUnavailable } from '@booktalk/infra/testing';

export interface JanusForTests {
  url: string;
  netnsPid: number;
  apiSecret?: string;
  adminKey: string;
}

const runEnvFile = fileURLToPath(new URL('../../../../../infra/.run/env', import.meta.url));

function runEnv(): Record<string, string> {
  if (!existsSync(runEnvFile)) return {};
  return Object.fromEntries(
    readFileSync(runEnvFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export function janusForTests(): JanusForTests | ServiceUnavailable {
  const env = process.env.JANUS_URL ? process.env : runEnv();
  const url = env.JANUS_URL;
  const how = 'start it with `node infra/bin/services.mjs up janus`';
  if (!url) return { available: false, reason: `Janus: JANUS_URL is not set and infra/.run/env names none (${how})` };
  const netnsPid = Number(env.JANUS_NETNS_PID);
  if (!Number.isInteger(netnsPid) || !alive(netnsPid)) return { available: false, reason: `Janus: its network namespace (JANUS_NETNS_PID=${env.JANUS_NETNS_PID}) is gone (${how})` };
  if (url.startsWith('ws+unix://') && !existsSync(url.slice('ws+unix://'.length).split(':')[0]!)) {
    return { available: false, reason: `Janus: ${url} does not exist (${how})` };
  }
  if (!env.JANUS_ADMIN_KEY) return { available: false, reason: 'Janus: JANUS_ADMIN_KEY is not set' };
  return { url, netnsPid, adminKey: env.JANUS_ADMIN_KEY, ...(env.JANUS_API_SECRET ? { apiSecret: env.JANUS_API_SECRET } : {}) };
}
