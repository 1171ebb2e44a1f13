// A Janus of this test's own (infra/janus/start.sh with a run dir of its own, so it has its own
// network namespace and can be killed without touching the shared one), and the way into its
// namespace: Janus only gathers candidates on a non-loopback device, which exists only there,
// so the browser runs inside it and reaches the app through a bridge (bridge.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './app.ts';

const START = path.join(REPO_ROOT, 'infra', 'janus', 'start.sh');
const STOP = path.join(REPO_ROOT, 'infra', 'janus', 'stop.sh');

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

export function startOwnJanus(): OwnJanus {
  const runDir = mkdtempSync(path.join(tmpdir(), 'booktalk-janus-'));
  const env = { ...process.env, JANUS_RUN_DIR: runDir, JANUS_API_SECRET: '', JANUS_ADMIN_KEY: '', JANUS_RTP_PORTS: '41000-45000' };
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
