// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withBuildLock } from '../buildLock.ts';

const lockIn = () => join(mkdtempSync(join(tmpdir(), 'web-lock-')), '.build-lock');

describe('withBuildLock', () => {
  it('runs one holder at a time: the second starts after the first finished', async () => {
    const lock = lockIn();
    const log: string[] = [];
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((r) => (releaseFirst = r));
    const first = withBuildLock(lock, async () => {
      log.push('first in');
      await firstHeld;
      log.push('first out');
    });
    const second = withBuildLock(lock, async () => void log.push('second in'), { pollMs: 10 });
    await new Promise((r) => setTimeout(r, 100));
    expect(log).toEqual(['first in']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(log).toEqual(['first in', 'first out', 'second in']);
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock whose owner process is gone', async () => {
    const lock = lockIn();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), gone.stdout);
    await expect(withBuildLock(lock, async () => 'ran', { pollMs: 10, timeoutMs: 2_000 })).resolves.toBe('ran');
  });

  it('gives up with a clear error while a live process holds it', async () => {
    const lock = lockIn();
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), String(process.pid));
    await expect(withBuildLock(lock, async () => 'ran', { pollMs: 10, timeoutMs: 100 })).rejects.toThrow(/still held by process/);
  });

  it('releases the lock when the build fails', async () => {
    const lock = lockIn();
    await expect(withBuildLock(lock, async () => Promise.reject(new Error('vite failed')))).rejects.toThrow('vite failed');
    expect(existsSync(lock)).toBe(false);
  });
});
