// The newcomer's path: `npm start` as a child process on a fresh data dir, /health answers, a
// debate is created over HTTP and shows up in the lobby, Ctrl-C stops the app and its embedded
// PostgreSQL cleanly (exit code 0, the database port closed afterwards, the database stopped last),
// and a second start on the same data dir keeps the sessions of the first (the session key).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { portOpen } from '../src/portOpen.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const pgPort = 20_000 + Math.floor(Math.random() * 20_000);


/** What the database said when the terminal's SIGINT reached it as well as the app. */
const SHUTDOWN_RACE = /the database system is shutting down|connection lost|terminating connection due to administrator command/i;

describe('npm start (embedded default)', () => {
  let sessionBefore: { token: string; refreshToken: string } | undefined;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'booktalk-start-'));
  chmodSync(dataDir, 0o755); // mkdtemp makes it 700: as root, the postgres user must walk into it
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGKILL'); // only when the test failed midway
      } catch {
        // already gone
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves /health, accepts a debate, and stops cleanly on SIGINT', async () => {
    // DATABASE_URL and KAFKA_BROKERS are dropped: the app starts its own embedded PostgreSQL and
    // uses the in-process bus, as on a fresh machine.
    const builtBefore = existsSync(path.join(repoRoot, 'web/dist/index.html'));
    const { DATABASE_URL: _ignored, KAFKA_BROKERS: _noKafka, ...env } = process.env;
    child = spawn('npm', ['start'], {
      cwd: repoRoot,
      env: { ...env, PORT: '0', BOOKTALK_DATA_DIR: dataDir, BOOKTALK_EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so the test can do what a terminal's Ctrl-C does: signal the group.
      detached: true,
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));

    const url = await new Promise<string>((resolve, reject) => {
      // The first start also builds the web app (about 10 s idle, more on a loaded CI machine).
      const timer = setTimeout(() => reject(new Error(`no startup line within 180 s:\n${output}`)), 180_000);
      const look = () => {
        const m = /BookTalk is running at (http:\/\/\S+?) /.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      child!.stdout!.on('data', look);
      child!.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
    });

    const health = await (await fetch(`${url}/health`)).json();
    expect(health).toMatchObject({ status: 'ok' });
    // The web app: built on this first start (a line says so) and served at / and at any app route.
    const page = await fetch(`${url}/debates/some-debate`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<div id="app"></div>');
    if (!builtBefore) expect(output).toMatch(/building the web app \(no build yet\)/);

    const session = (await (
      await fetch(`${url}/api/accounts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ada', displayName: 'Ada', password: 'a-long-enough-password' }) })
    ).json()) as { token: string; refreshToken: string };
    sessionBefore = session;
    const created = await fetch(`${url}/api/debates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({
        commandId: randomUUID(),
        title: 'Middlemarch night',
        book: { title: 'Middlemarch', author: 'George Eliot' },
        motion: 'Dorothea chose well',
        format: 'oxford',
      }),
    });
    expect(created.status).toBe(201);
    const { debateId } = (await created.json()) as { debateId: string };

    // The projector runs in the same process: the lobby shows the debate shortly after.
    let lobby: { items: { id: string }[] } = { items: [] };
    for (let i = 0; i < 50 && !lobby.items.some((d) => d.id === debateId); i++) {
      await new Promise((r) => setTimeout(r, 100));
      lobby = (await (await fetch(`${url}/api/debates`)).json()) as typeof lobby;
    }
    expect(lobby.items.map((d) => d.id)).toContain(debateId);
    expect(await portOpen(pgPort)).toBe(true);

    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/^booktalk_projection_lag_events\{projection="debate_state"\} \d+$/m);
    expect(metrics).toMatch(/^booktalk_debates\{status="scheduled"\} 1$/m);

    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      // 'close', not 'exit': the last lines (the "stopped" one) may still be in the pipe at 'exit'.
      child!.once('close', (code, signal) => resolve({ code, signal }));
      process.kill(-child!.pid!, 'SIGINT');
    });
    // npm itself re-raises the SIGINT it got (exit by signal); the app below it must exit 0 after
    // its own shutdown: the "stopped" line is logged only when every shutdown step has finished.
    expect(exit.code === 0 || exit.signal === 'SIGINT', output).toBe(true);
    // Seen once in CI under load: npm closed with no "shutting down" line at all. The exit and the
    // processes still in the group go with the failure, to tell a lost signal from a killed app.
    const left = (() => {
      try {
        return execFileSync('ps', ['-o', 'pid,stat,args', '-g', String(child!.pid)], { encoding: 'utf8' });
      } catch {
        return 'none';
      }
    })();
    expect(output, `exit ${JSON.stringify(exit)}; left in the group: ${left}`).toContain('"msg":"stopped"');
    expect(output).not.toMatch(/Unhandled|uncaught|shutdown step failed/i);
    // The terminal's Ctrl-C reaches the app only; the app stops the database last (issue 19: the
    // server got the SIGINT too and refused the shutdown's own queries, ten connections "lost").
    expect(output).not.toMatch(SHUTDOWN_RACE);
    expect(output.indexOf('"msg":"embedded PostgreSQL stopped"')).toBeGreaterThan(output.indexOf('"msg":"shutting down"'));
    expect(output.indexOf('"msg":"embedded PostgreSQL stopped"')).toBeLessThan(output.indexOf('"msg":"stopped"'));
    expect(await portOpen(pgPort)).toBe(false);

    // Without BOOKTALK_JWT_SECRET the session key was made on this first start, owner-only, and
    // the startup line says where it is kept.
    const keyFile = path.join(dataDir, 'session-key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(output).toContain(`session key kept in ${keyFile}`);
  }, 300_000);

  it('keeps everyone signed in across a restart, and exits 0 on Ctrl-C', async () => {
    expect(sessionBefore, 'the first start did not issue a session').toBeDefined();
    const { DATABASE_URL: _ignored, KAFKA_BROKERS: _noKafka, ...env } = process.env;
    // The app itself this time (npm re-raises the SIGINT it gets, so only the app's own exit code says 0).
    child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'services/app/src/main.ts')], {
      cwd: repoRoot,
      env: { ...env, PORT: '0', BOOKTALK_DATA_DIR: dataDir, BOOKTALK_EMBEDDED_PG_PORT: String(pgPort), BOOKTALK_WEB: 'off', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no startup line within 120 s:\n${output}`)), 120_000);
      child!.stdout!.on('data', () => {
        const m = /BookTalk is running at (http:\/\/\S+?) /.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child!.once('exit', (code) => reject(new Error(`the app exited with ${code}:\n${output}`)));
    });
    expect(output).not.toContain('made a new session key');

    // The access token issued before the restart still verifies, and so does the refresh token.
    const me = await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${sessionBefore!.token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: 'ada', displayName: 'Ada' });
    const refreshed = await fetch(`${url}/api/session/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: sessionBefore!.refreshToken }),
    });
    expect(refreshed.status).toBe(200);

    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child!.once('close', (code, signal) => resolve({ code, signal }));
      process.kill(-child!.pid!, 'SIGINT');
    });
    expect(exit, output).toEqual({ code: 0, signal: null });
    expect(output).not.toMatch(SHUTDOWN_RACE);
    expect(output).not.toMatch(/Unhandled|uncaught|shutdown step failed/i);
    expect(await portOpen(pgPort)).toBe(false);
  }, 180_000);
});
