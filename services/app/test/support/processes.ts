// Starting BookTalk entry points as child processes and waiting for the line that says they are up.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export interface Started {
  child: ChildProcess;
  output: () => string;
  /** First capture group of `ready` in the output. */
  match: string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** `entry`: a TypeScript entry (run through tsx) or an already bundled .mjs (run by node alone). */
export function startEntry(entry: string, env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 60_000): Promise<Started> {
  const args = entry.endsWith('.mjs') ? [path.resolve(repoRoot, entry)] : ['--import', 'tsx', path.resolve(repoRoot, entry)];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const stop = (signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill(signal);
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} not ready within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const look = () => {
      const m = ready.exec(output);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', look);
      resolve({ child, output: () => output, match: m[1] ?? m[0], stop });
    };
    child.stdout!.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code} before it was ready:\n${output}`));
    });
  });
}
