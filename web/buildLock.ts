// One web build at a time across processes: two `npm start`s (or test suites spawning it) on a
// stale web/dist would otherwise empty and rewrite the same folder at once. The lock is a
// directory (mkdir is atomic) holding the owner's pid; a lock whose owner is gone is taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

function ownerOf(lock: string): number | null {
  try {
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export interface LockOptions {
  /** Give up waiting after this long (default 5 min: a build on a loaded machine). */
  timeoutMs?: number;
  pollMs?: number;
}

/** Runs `fn` holding the lock directory `lock`; waits while another live process holds it. */
export async function withBuildLock<T>(lock: string, fn: () => Promise<T>, { timeoutMs = 300_000, pollMs = 200 }: LockOptions = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let ownerless = 0;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = ownerOf(lock);
    // No pid yet: its owner may be between mkdir and write; only after a few polls is it abandoned.
    if ((owner !== null && !alive(owner)) || (owner === null && ++ownerless > 5)) {
      rmSync(lock, { recursive: true, force: true });
      ownerless = 0;
      continue;
    }
    if (Date.now() > deadline) throw new Error(`the web build lock ${lock} is still held by process ${owner ?? '?'} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
