// A one-line progress bar for a terminal (stderr), redrawn in place: position/total, events/s, ETA.
import type { RebuildProgress } from './rebuild.ts';

const WIDTH = 30;
const fmtDuration = (s: number) =>
  !Number.isFinite(s) ? '--:--' : `${Math.floor(s / 60).toString().padStart(2, '0')}:${Math.floor(s % 60).toString().padStart(2, '0')}`;

export function renderProgress(p: RebuildProgress): string {
  const total = p.head > 0n ? Number(p.head) : 1;
  const done = Math.min(1, Number(p.position) / total);
  const filled = Math.round(done * WIDTH);
  const rate = p.elapsedMs > 0 ? (p.events / p.elapsedMs) * 1000 : 0;
  // Positions, not event counts, measure the distance left (they may have gaps).
  const eta = rate > 0 && done > 0 ? ((p.elapsedMs / 1000) * (1 - done)) / done : Infinity;
  return `[${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${(done * 100).toFixed(1).padStart(5)}%  ${p.position}/${p.head}  ${Math.round(rate).toLocaleString('en')} events/s  ETA ${fmtDuration(eta)}`;
}

/** Throttled to ~10 redraws a second; non-TTY streams get a line per redraw instead of \r. */
export function progressBar(stream: NodeJS.WriteStream = process.stderr) {
  let last = 0;
  return {
    update(p: RebuildProgress, force = false) {
      const now = Date.now();
      if (!force && now - last < 100) return;
      last = now;
      stream.write(stream.isTTY ? `\r${renderProgress(p)}` : `${renderProgress(p)}\n`);
    },
    done(p: RebuildProgress) {
      this.update(p, true);
      if (stream.isTTY) stream.write('\n');
    },
  };
}
