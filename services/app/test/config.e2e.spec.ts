// `npm start` with a bad setting, as a child process: it stops before anything starts.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('npm start with a bad configuration', () => {
  it('stops `npm start` before anything starts, exit code 2, message on stderr', async () => {
    const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/main.ts');
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, ['--import', 'tsx', main], { env: { ...process.env, PORT: 'not-a-port' } }, (_e, _out, stderr) =>
        resolve({ code: child.exitCode, stderr }),
      );
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Invalid configuration:\n\s+- PORT: .*"not-a-port"/);
  }, 30_000);
});
