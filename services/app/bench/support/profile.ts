// Top frames of a V8 .cpuprofile (node --cpu-prof): self time per function and per package, as
// shares of the sampled time, so a note can say where the main thread's time goes.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FrameShare {
  frame: string;
  selfPercent: number;
}

/** Where a script lives: a package in node_modules, a workspace folder, or node itself. */
function packageOf(url: string): string {
  if (!url) return '(native / V8)';
  if (url.startsWith('node:')) return url.split('/')[0]!;
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  const ws = /\/(services\/[^/]+|contracts|infra|web)\/(src\/[^/]+)?/.exec(url);
  return ws ? `${ws[1]}${ws[2] ? `/${ws[2].replace(/\.ts$/, '')}` : ''}` : url;
}

/**
 * `windows`: only the samples taken within these spans (ms after the profile started, i.e. the
 * process start), so start-up, set-up and shutdown do not count.
 */
export function topFrames(file: string, windows?: { fromMs: number; toMs: number }[], top = 25): { sampledMs: number; idlePercent: number; frames: FrameShare[]; packages: FrameShare[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const hits = new Map<number, number>();
  let at = 0;
  let total = 0;
  profile.samples.forEach((s, i) => {
    at += (profile.timeDeltas[i] ?? 0) / 1000;
    if (windows && !windows.some((w) => at >= w.fromMs && at <= w.toMs)) return;
    hits.set(s, (hits.get(s) ?? 0) + 1);
    total++;
  });
  total ||= 1;
  const frames = new Map<string, number>();
  const packages = new Map<string, number>();
  let idle = 0;
  for (const [id, n] of hits) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += n;
      continue;
    }
    const short = url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*?\/(services|contracts|infra)\//, '$1/');
    const frame = `${functionName || '(anonymous)'} ${short}${url ? `:${lineNumber + 1}` : ''}`;
    frames.set(frame, (frames.get(frame) ?? 0) + n);
    const pkg = packageOf(url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + n);
  }
  const share = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([frame, n]) => ({ frame, selfPercent: Math.round((n / total) * 1000) / 10 }));
  return {
    sampledMs: windows ? Math.round(windows.reduce((n, w) => n + w.toMs - w.fromMs, 0)) : Math.round((profile.endTime - profile.startTime) / 1000),
    idlePercent: Math.round((idle / total) * 1000) / 10,
    frames: share(frames),
    packages: share(packages),
  };
}
