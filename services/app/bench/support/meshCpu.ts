// What a process tree costs, read from /proc: CPU time (utime + stime) and memory (PSS, so pages
// the processes share are counted once) of a root process and every descendant — a browser with its renderer, GPU, audio and network
// processes, or the app. Linux only, like the machines the benchmark runs on.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const conf = (name: string, fallback: number) => {
  try {
    return Number(execFileSync('getconf', [name], { encoding: 'utf8' }).trim()) || fallback;
  } catch {
    return fallback;
  }
};
const TICKS_PER_SECOND = conf('CLK_TCK', 100);

interface ProcStat {
  ppid: number;
  ticks: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const line = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    const fields = line.slice(line.lastIndexOf(')') + 2).split(' ');
    const at = (field: number) => Number(fields[field - 3]);
    return { ppid: at(4), ticks: at(14) + at(15) };
  } catch {
    return null; // gone between listing and reading
  }
}

/** This process's children whose command line names Chromium (playwright launches browsers as our children). */
export function chromiumChildren(parent = process.pid): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || readStat(Number(name))?.ppid !== parent) continue;
    try {
      if (/chrom/i.test(readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0')[0] ?? '')) out.push(Number(name));
    } catch {
      // gone
    }
  }
  return out;
}

/** Proportional set size: each shared page split among the processes that map it. */
function pssBytes(pid: number): number {
  try {
    return Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** CPU ticks per process of the trees under `roots` (the roots included), and their PSS, at one instant. */
export interface TreeSample {
  at: number;
  ticks: Map<number, number>;
  pssBytes: number;
}

export function sampleTrees(roots: readonly number[]): TreeSample {
  const stats = new Map<number, ProcStat>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = readStat(Number(name));
    if (s) stats.set(Number(name), s);
  }
  const children = new Map<number, number[]>();
  for (const [pid, s] of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  const ticks = new Map<number, number>();
  let pss = 0;
  const queue = roots.filter((pid) => stats.has(pid));
  while (queue.length > 0) {
    const pid = queue.pop()!;
    if (ticks.has(pid)) continue;
    const s = stats.get(pid)!;
    ticks.set(pid, s.ticks);
    pss += pssBytes(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return { at: performance.now(), ticks, pssBytes: pss };
}

/**
 * Cores the trees used between two samples: CPU seconds spent / wall seconds. A process born in
 * between counts from zero; one that exited in between is lost (none should in a steady window).
 */
export function coresBetween(before: TreeSample, after: TreeSample): { cores: number; processes: number } {
  let spent = 0;
  for (const [pid, t] of after.ticks) spent += t - (before.ticks.get(pid) ?? 0);
  const seconds = (after.at - before.at) / 1000;
  return { cores: +(spent / TICKS_PER_SECOND / seconds).toFixed(2), processes: after.ticks.size };
}
