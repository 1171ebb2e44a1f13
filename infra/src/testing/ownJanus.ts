// A Janus of a test's own (infra/janus/start.sh with a run dir of its own, so it has its own
// network namespace and can be killed without touching the shared one). Media clients must run
// inside that namespace: Janus only gathers candidates on a non-loopback device, which exists
// only there (infra/janus/README.md).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const JANUS_DIR = fileURLToPath(new URL('../../janus/', import.meta.url));
const START = path.join(JANUS_DIR, 'start.sh');
const STOP = path.join(JANUS_DIR, 'stop.sh');

export interface OwnJanus {
  url: string;
  netnsPid: number;
  apiSecret: string;
  adminKey: string;
  /** SIGKILL, as a crash would; the namespace stays. */
  kill(): void;
  /** Starts it again in the same namespace, with the same secrets and address. */
  restart(): void;
  stop(): void;
}

/** Why no Janus of our own can run here, or null. */
export function ownJanusUnavailable(): string | null {
  if (spawnSync('sh', ['-c', 'command -v janus'], { stdio: 'ignore' }).status !== 0) return 'Janus is not installed (infra/janus/install.sh)';
  if (process.getuid?.() !== 0) return 'starting Janus in a network namespace needs root';
  return null;
}

/** `rtpPorts`: keep instances that share a namespace apart (each gets its own namespace anyway). */
export function startOwnJanus(rtpPorts = '41000-45000'): OwnJanus {
  const runDir = mkdtempSync(path.join(tmpdir(), 'booktalk-janus-'));
  const env = { ...process.env, JANUS_RUN_DIR: runDir, JANUS_API_SECRET: '', JANUS_ADMIN_KEY: '', JANUS_RTP_PORTS: rtpPorts };
  const start = () => {
    const out = execFileSync('bash', [START], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    return Object.fromEntries(out.split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  };
  const vars = start();
  const pidFile = path.join(runDir, 'janus.pid');
  return {
    url: vars.JANUS_URL!,
    netnsPid: Number(vars.JANUS_NETNS_PID),
    apiSecret: vars.JANUS_API_SECRET!,
    adminKey: vars.JANUS_ADMIN_KEY!,
    kill: () => {
      if (existsSync(pidFile)) process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
    },
    restart: () => void start(),
    stop: () => {
      spawnSync('bash', [STOP], { env, stdio: 'ignore' });
      rmSync(runDir, { recursive: true, force: true });
    },
  };
}
