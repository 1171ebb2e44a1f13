// Figure 8 of bench:e2e — mesh audio in headless Chromium. Per configuration (2, 4, 6 speakers;
// 4 speakers + 8 listeners) an app of its own with the web build and a fresh database, and one
// Chromium with a context per person (fake microphones): everyone joins the debate, then all
// click "join voice" at once. Measured: the time from the last click until every expected link
// is connected and carries audio on every page, over BENCH_MESH_RUNS runs; then, over a fixed
// steady window of audio, the cores used by the browsers' process trees and by the app.
import os from 'node:os';
import { createTestDatabase } from '@booktalk/infra/testing';
import type { Browser } from 'playwright-core';
import { startApp } from './support/appProcess.ts';
import { JsonClient } from './support/http.ts';
import { chromiumChildren, coresBetween, sampleTrees } from './support/meshCpu.ts';
import { type ContextSource, type Room, awaitMesh, closeRoom, inboundEnergy, joinVoice, links, openRoom } from './support/meshRoom.ts';
import { webE2eSupport } from './support/meshWeb.ts';
import { percentiles } from './support/stats.ts';

export interface MeshConfig {
  speakers: number;
  listeners: number;
}

/** "2,4,6,4+8": speakers, or speakers+listeners. */
export function parseConfigs(spec: string): MeshConfig[] {
  return spec.split(',').map((part) => {
    const m = /^\s*(\d+)(?:\+(\d+))?\s*$/.exec(part);
    if (!m || Number(m[1]) < 2) throw new Error(`BENCH_MESH_CONFIGS: "${part}" is not SPEAKERS or SPEAKERS+LISTENERS with at least 2 speakers`);
    return { speakers: Number(m[1]), listeners: Number(m[2] ?? 0) };
  });
}

const positive = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number, not "${process.env[name]}"`);
  return v;
};

export interface MeshRun {
  /** Last click on "join voice" → every page complete; null when some page never was. */
  fullMeshMs: number | null;
  /** First click → every page complete. */
  fromFirstJoinMs: number | null;
  links: number;
  linksComplete: number;
  listenerLinks: number;
  /** The links not complete when the wait ended, with each end's state. */
  incompleteLinks: string[];
  /** Receiving directions that had audio before the steady window and whose energy did not grow over it. */
  silentDirections: number;
  browserCores: number;
  browserProcesses: number;
  browserPssMb: number;
  appCores: number;
  pageErrors: number;
  loadAverage: number;
}

const name = (c: MeshConfig) => (c.listeners ? `${c.speakers} speakers + ${c.listeners} listeners` : `${c.speakers} speakers`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (values: number[]) => percentiles(values).p50;

export async function meshFigure({ log }: { log: (line: string) => void }) {
  const configs = parseConfigs(process.env.BENCH_MESH_CONFIGS ?? '2,4,6,4+8');
  const runs = positive('BENCH_MESH_RUNS', 3);
  const steadySeconds = positive('BENCH_MESH_STEADY_SECONDS', 10);
  const timeoutMs = positive('BENCH_MESH_TIMEOUT_SECONDS', 30) * 1000;
  const browsers = process.env.BENCH_MESH_BROWSERS ?? 'shared';
  if (browsers !== 'shared' && browsers !== 'per-person') throw new Error(`BENCH_MESH_BROWSERS must be shared or per-person, not "${browsers}"`);
  const joining = process.env.BENCH_MESH_JOIN ?? 'together';
  if (joining !== 'together' && joining !== 'one-by-one') throw new Error(`BENCH_MESH_JOIN must be together or one-by-one, not "${joining}"`);
  const web = await webE2eSupport();
  const executablePath = web.chromiumPath();

  const rows: Record<string, unknown>[] = [];
  const perConfig: { config: string; speakers: number; listeners: number; runs: MeshRun[] }[] = [];
  for (const config of configs) {
    const db = await createTestDatabase('bench_mesh');
    const app = await startApp({ databaseUrl: db.url, env: { BOOKTALK_WEB: 'on' } });
    const http = new JsonClient(app.url, 8);
    const shared: Browser | null = browsers === 'shared' ? await web.launchChromium(executablePath) : null;
    const newContext: ContextSource = async () => {
      const own = shared ? null : await web.launchChromium(executablePath);
      return { context: await (shared ?? own!).newContext(), ownBrowser: own };
    };
    const done: MeshRun[] = [];
    try {
      for (let r = 0; r < runs; r++) {
        const loadAverage = +os.loadavg()[0]!.toFixed(2);
        const room: Room = await openRoom(http, app.url, config.speakers, config.listeners, newContext);
        try {
          const { firstAt, lastAt } = await joinVoice(web, room, joining, timeoutMs);
          await awaitMesh(web, room, timeoutMs);
          const complete = room.people.every((p) => p.completeAt !== null);
          const lastComplete = Math.max(...room.people.map((p) => p.completeAt ?? 0));
          const counted = links(web, room);

          // The steady window: nothing polls the pages while the CPU is counted.
          // Playwright gives no browser pid: the browsers are this process's Chromium children (only this run's are alive).
          const energyBefore = await inboundEnergy(web, room);
          const [browserBefore, appBefore] = [sampleTrees(chromiumChildren()), sampleTrees([app.child.pid!])];
          await sleep(steadySeconds * 1000);
          const [browserAfter, appAfter] = [sampleTrees(chromiumChildren()), sampleTrees([app.child.pid!])];
          const energyAfter = await inboundEnergy(web, room);
          const browserCpu = coresBetween(browserBefore, browserAfter);

          const run: MeshRun = {
            fullMeshMs: complete ? lastComplete - lastAt : null,
            fromFirstJoinMs: complete ? lastComplete - firstAt : null,
            links: counted.expected,
            linksComplete: counted.complete,
            listenerLinks: counted.unexpected,
            incompleteLinks: counted.incomplete,
            silentDirections: [...energyAfter].filter(([k, e]) => (energyBefore.get(k) ?? 0) > 0 && !(e > energyBefore.get(k)!)).length,
            browserCores: browserCpu.cores,
            browserProcesses: browserCpu.processes,
            browserPssMb: +(browserAfter.pssBytes / 1048576).toFixed(0),
            appCores: coresBetween(appBefore, appAfter).cores,
            pageErrors: room.people.reduce((n, p) => n + p.errors.length, 0),
            loadAverage,
          };
          done.push(run);
          log(`figure 8, ${name(config)}, run ${r + 1}: ${complete ? `full mesh ${run.fullMeshMs} ms` : `NOT complete after ${timeoutMs / 1000} s`} (${run.linksComplete}/${run.links} links), Chromium ${run.browserCores} cores, app ${run.appCores}`);
          if (!complete) {
            log(`  incomplete links: ${counted.incomplete.join('; ')}`);
            for (const p of room.people.filter((x) => x.completeAt === null && x.warnings.length > 0)) log(`  ${p.session.displayName}'s console: ${p.warnings.slice(-5).join(' | ')}`);
          }
        } finally {
          await closeRoom(room);
        }
      }
    } finally {
      await shared?.close().catch(() => undefined);
      http.close();
      await app.stop();
      await db.drop().catch(() => undefined);
    }
    const times = done.flatMap((d) => (d.fullMeshMs === null ? [] : [d.fullMeshMs]));
    const mesh = percentiles(times);
    perConfig.push({ config: name(config), ...config, runs: done });
    rows.push({
      configuration: name(config),
      links: done[0]?.links ?? 0,
      'complete runs': `${times.length}/${done.length}`,
      'mesh p50 ms': mesh.p50,
      'mesh max ms': mesh.max,
      'from 1st join max ms': Math.max(...done.map((d) => d.fromFirstJoinMs ?? Number.NaN)),
      'links ok (worst)': `${Math.min(...done.map((d) => d.linksComplete))}/${done[0]?.links ?? 0}`,
      'L↔L links': Math.max(...done.map((d) => d.listenerLinks)),
      'silent (steady)': Math.max(...done.map((d) => d.silentDirections)),
      'Chromium cores': median(done.map((d) => d.browserCores)),
      'Chromium PSS MB': median(done.map((d) => d.browserPssMb)),
      'app cores': median(done.map((d) => d.appCores)),
      'page errors': done.reduce((n, d) => n + d.pageErrors, 0),
      goal: config.speakers === 6 && config.listeners === 0 ? (times.length === done.length && mesh.max < 3_000 ? 'met (< 3 s)' : 'NOT met (< 3 s)') : '',
    });
  }

  const how = `${browsers === 'shared' ? 'one browser, a context per person' : 'a browser per person'}; ${joining === 'together' ? 'everyone joins voice at once' : 'joining voice one by one'}`;
  console.log(`\n8. Mesh audio in headless Chromium (${how}): last "join voice" → every link connected with audio, ${runs} runs; CPU over ${steadySeconds} s of steady audio`);
  console.table(rows);
  const verdicts: { figure: string; measured: string; goal: string; met: boolean | null }[] = [];
  const six = rows.find((r) => r.configuration === '6 speakers');
  if (six) {
    verdicts.push({ figure: `8. mesh audio, 6 speakers (${joining}): full mesh p50 / max`, measured: `${six['mesh p50 ms']} / ${six['mesh max ms']} ms (${six['complete runs']} runs complete)`, goal: '< 3 s on one box', met: String(six.goal).startsWith('met') });
  }
  const big = rows.find((r) => r.configuration === '4 speakers + 8 listeners');
  if (big) {
    verdicts.push({ figure: `8. mesh audio, 4 speakers + 8 listeners (${joining}): full mesh p50 / max`, measured: `${big['mesh p50 ms']} / ${big['mesh max ms']} ms (${big['complete runs']} runs complete)`, goal: '(reported)', met: null });
  }
  return { results: { browsers, joining, runs, steadySeconds, timeoutMs, rows, configurations: perConfig }, verdicts };
}
