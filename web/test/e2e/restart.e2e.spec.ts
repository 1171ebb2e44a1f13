// A restart of the app under open rooms, in headless Chromium against `npm start`: two speakers
// in voice in one debate, then the app process is stopped (Ctrl-C) and started again on the same
// port and data dir. With the same key (BOOKTALK_JWT_SECRET, fixed here), each page reconnects by
// itself, subscribes to the room again, is back in voice, and a chat message goes through with
// no reload and no token refresh. With another key, each page's token is refused and renewed
// once (its refresh token lives in the database), and the same holds. When the sessions are gone
// (another key and a new database), the page says the session ended and is on the sign-in page,
// which leads back to the room. Skips without Chromium like room.e2e.spec.ts.
import { randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from './support/app.ts';
import { chromiumPath, launchChromium, screenshot } from './support/browser.ts';
import { until, voiceOf } from './support/voice.ts';

const CI = process.env.CI === 'true';
const executablePath = chromiumPath();
const haveChromium = existsSync(executablePath);
if (!haveChromium && !CI) console.log(`web restart e2e skipped: no Chromium at ${executablePath} (under CI=true this fails)`);

const PASSWORD = 'a long enough e2e password';
const STEP_MS = 300_000; // a restart may rebuild the web app first (its sources changed), slow on a loaded machine
const step = (name: string, fn: () => Promise<void>) => it(name, fn, STEP_MS);
/** "Within a few seconds": the reconnect backoff is capped at 5 s, plus a handshake on a busy 2-core machine. */
const RECONNECT_BOUND_MS = 10_000;

type Who = 'pro' | 'con';
interface Person {
  who: Who;
  ctx: BrowserContext;
  page: Page;
  accountId: string;
  refreshes: number;
  logs: string[];
  errors: string[];
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
const newDataDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'booktalk-web-restart-'));
  chmodSync(dir, 0o755); // as root, the postgres user must walk into it
  return dir;
};
const newKey = () => randomBytes(32).toString('hex');

describe.skipIf(!haveChromium && !CI)('a restart of the app under open rooms, in headless Chromium', () => {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  let port = 0;
  const dataDirs: string[] = [];
  const people = {} as Record<Who, Person>;
  const everyone = () => Object.values(people);
  let debateId = '';
  const measured: Record<string, number> = {};
  const firstKey = newKey();

  const start = async (key: string, dataDir: string, pgPort?: number) => {
    app = await startApp({ env: { BOOKTALK_JWT_SECRET: key }, dataDir, port, ...(pgPort ? { pgPort } : {}) });
    return Date.now();
  };
  const live = (p: Person) => p.page.getByTestId('round-banner').textContent().then((t) => (t ?? '').includes('Real-time'));
  const inVoice = (p: Person, other: Person) =>
    p.page
      .getByTestId(`person-${other.accountId}`)
      .textContent()
      .then((t) => (t ?? '').includes('in voice'))
      .catch(() => false);

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`no Chromium at ${executablePath}`);
    port = await freePort();
    dataDirs.push(newDataDir());
    [, browser] = await Promise.all([start(firstKey, dataDirs[0]!), launchChromium(executablePath)]);
    const base = app!.url;
    const suffix = randomUUID().slice(0, 6);
    const signUp = async (name: string) => {
      const ctx = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
      const page = await ctx.newPage();
      await page.goto(`${base}/sign-up?testHooks=1`);
      await page.fill('input[name=username]', `${name.toLowerCase()}-${suffix}`);
      await page.fill('input[name=displayName]', name);
      await page.fill('input[name=password]', PASSWORD);
      await page.click('[data-testid=auth-form] button[type=submit]');
      await page.waitForURL(/\/debates$/);
      const accountId = await page.evaluate(() => (JSON.parse(localStorage.getItem('booktalk.session') ?? '{}') as { accountId: string }).accountId);
      return { ctx, page, accountId };
    };

    // A host opens the debate, then leaves: the test is about the two speakers' pages.
    const host = await signUp('Hana');
    await host.page.goto(`${base}/debates/new`);
    await host.page.fill('input[name=title]', 'Does Pachinko read as history?');
    await host.page.fill('input[name="book.title"]', 'Pachinko');
    await host.page.fill('input[name="book.author"]', 'Min Jin Lee');
    await host.page.fill('textarea[name=motion]', 'This house reads Pachinko as a history book');
    await host.page.getByRole('button', { name: 'Create debate' }).click();
    await host.page.waitForURL(/\/debates\/(?!new)[^/?]+$/);
    debateId = decodeURIComponent(new URL(host.page.url()).pathname.split('/').pop()!);
    await host.page.getByRole('button', { name: 'Open debate' }).click();
    await host.page.getByRole('button', { name: 'Start debate' }).waitFor();
    await host.ctx.close();

    for (const [who, name] of [['pro', 'Jae-won'], ['con', 'Ada']] as const) {
      const { ctx, page, accountId } = await signUp(name);
      const p: Person = { who, ctx, page, accountId, refreshes: 0, logs: [], errors: [] };
      page.on('request', (r) => r.url().endsWith('/api/session/refresh') && p.refreshes++);
      page.on('pageerror', (e) => p.errors.push(e.message));
      page.on('console', (m) => (m.type() === 'warning' || m.type() === 'error') && p.logs.push(`${new Date().toISOString()} ${m.type()} ${m.text()}`));
      await page.goto(`${base}/debates/${debateId}`);
      await page.check(`input[name=side][value=${who}]`);
      await page.click('[data-testid=join-speaker]'); // voice follows by itself (listening by default)
      people[who] = p;
    }
    const { pro, con } = people;
    await until('both speakers in voice, linked', async () => [await inVoice(pro, con), await inVoice(con, pro), (await voiceOf(pro.page))[con.accountId]?.state], (v) => v[0] === true && v[1] === true && v[2] === 'connected', { timeoutMs: 45_000 });
  }, 300_000);

  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    for (const p of everyone()) {
      await screenshot(p.page, `failed-restart-${p.who}`).catch(() => undefined);
      if (p.logs.length) console.log(`${p.who} console:\n  ${p.logs.slice(-30).join('\n  ')}`);
    }
    console.log(`app output (tail):\n${app?.output().slice(-3_000)}`);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    console.log(`web restart e2e (ms): ${JSON.stringify(measured)}`);
  });

  /** Stops the app, checks the pages noticed, starts it again; returns when it printed its startup line. */
  async function restart(key: string, dataDir: string, pgPort: number, label: string): Promise<number> {
    const t = Date.now();
    await app!.stop();
    measured[`${label}StopMs`] = Date.now() - t;
    for (const p of everyone()) await until(`${p.who}'s page to notice the app is gone`, () => live(p), (up) => !up, { timeoutMs: 10_000 });
    const upAt = await start(key, dataDir, pgPort);
    measured[`${label}StartMs`] = upAt - t - measured[`${label}StopMs`]!;
    return upAt;
  }

  /** How many VoiceJoined and VoiceLeft the debate's (public) timeline holds. */
  const voiceRecords = async () => {
    const res = await fetch(`${app!.url}/api/debates/${encodeURIComponent(debateId)}/timeline?limit=500`);
    const { items } = (await res.json()) as { items: { type: string }[] };
    return { joined: items.filter((i) => i.type === 'VoiceJoined').length, left: items.filter((i) => i.type === 'VoiceLeft').length };
  };

  /** After a restart: live again, in voice again, and a chat message goes through — no reload. */
  async function backByItself(label: string, upAt: number, before: { joined: number; left: number }): Promise<void> {
    const { pro, con } = people;
    await Promise.all(everyone().map((p) => until(`${p.who}'s page live again`, () => live(p), (up) => up, { timeoutMs: 30_000 })));
    measured[`${label}ReconnectMs`] = Date.now() - upAt;
    // The stopping node wrote both leaves; each page joined again by itself.
    await until('both leaves and two new joins on the record', voiceRecords, (r) => r.left >= before.left + 2 && r.joined >= before.joined + 2, { timeoutMs: 30_000 });
    await until('both speakers shown in voice', async () => [await inVoice(pro, con), await inVoice(con, pro)], (v) => v[0] === true && v[1] === true, { timeoutMs: 30_000 });
    measured[`${label}VoiceBackMs`] = Date.now() - upAt;
    const text = `back after the ${label} restart ${randomUUID().slice(0, 4)}`;
    await pro.page.fill('[data-testid=chat-input]', text);
    await pro.page.press('[data-testid=chat-input]', 'Enter');
    for (const p of everyone()) await p.page.getByTestId('chat').getByText(text).waitFor({ timeout: 15_000 });
    measured[`${label}ChatMs`] = Date.now() - upAt;
    for (const p of everyone()) {
      expect(await p.page.getByTestId('who').textContent(), p.who).toContain(p.who === 'pro' ? 'Jae-won' : 'Ada');
      expect(await p.page.getByTestId('notice').count(), `${p.who}: no error shown`).toBe(0);
    }
    expect(measured[`${label}ReconnectMs`]).toBeLessThan(RECONNECT_BOUND_MS);
  }

  step('after a restart with the same key, each page reconnects by itself, rejoins voice, and chat works without a reload', async () => {
    const before = everyone().map((p) => p.refreshes);
    const voice = await voiceRecords();
    const upAt = await restart(firstKey, dataDirs[0]!, app!.pgPort, 'sameKey');
    await backByItself('sameKey', upAt, voice);
    // The token was still good: nothing to renew.
    expect(everyone().map((p) => p.refreshes)).toEqual(before);
  });

  step('after a restart with another key, each page renews its token once and goes on', async () => {
    const before = everyone().map((p) => p.refreshes);
    const voice = await voiceRecords();
    const upAt = await restart(newKey(), dataDirs[0]!, app!.pgPort, 'otherKey');
    await backByItself('otherKey', upAt, voice);
    expect(everyone().map((p, i) => p.refreshes - before[i]!)).toEqual([1, 1]);
  });

  step('when the server no longer knows the session, the page says so and is on sign-in, which leads back to the room', async () => {
    const { pro } = people;
    await people.con.ctx.close();
    delete (people as Partial<Record<Who, Person>>).con;
    dataDirs.push(newDataDir());
    const upAt = await restart(newKey(), dataDirs[1]!, 20_000 + Math.floor(Math.random() * 20_000), 'newDatabase');
    await pro.page.waitForURL((u) => u.pathname === '/sign-in', { timeout: 30_000 });
    measured.sessionEndedShownMs = Date.now() - upAt;
    expect(new URL(pro.page.url()).searchParams.get('redirect')).toBe(`/debates/${debateId}`);
    await pro.page.getByTestId('notice').getByText('Your session ended, please sign in again.').waitFor();
    expect(await pro.page.getByTestId('who').count()).toBe(0);
    expect(await pro.page.evaluate(() => localStorage.getItem('booktalk.session'))).toBeNull();
    // A new database: sign up again (through the sign-up link, which keeps the way back).
    await pro.page.getByRole('link', { name: /Create an account/ }).first().click();
    await pro.page.fill('input[name=username]', `again-${randomUUID().slice(0, 6)}`);
    await pro.page.fill('input[name=displayName]', 'Jae-won');
    await pro.page.fill('input[name=password]', PASSWORD);
    await pro.page.click('[data-testid=auth-form] button[type=submit]');
    await pro.page.waitForURL((u) => u.pathname === `/debates/${debateId}`, { timeout: 15_000 });
    measured.signedUpAgainMs = Date.now() - upAt;
    expect(pro.errors).toEqual([]);
  });
});
