// The live room end to end: `npm start` as a child process and one headless Chromium with four
// browser contexts (a moderator, a pro and a con speaker, a listener), each signed up through the
// UI, with fake microphones. Voice is real WebRTC between the pages; its RTP counters are read
// through the test hook (?testHooks=1). Screenshots of every page go to web/test-results/e2e/;
// with BOOKTALK_README_SCREENSHOTS=1 the README's go to docs/screenshots/ as well.
// Skips with a printed reason when Chromium is missing, except under CI=true, where it fails.
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, type RunningApp, startApp } from './support/app.ts';
import { chromiumPath, launchChromium, screenshot, seriousA11yViolations, xssMarker } from './support/browser.ts';
import { carriesAudio, energyStopsGrowing, until, voiceOf } from './support/voice.ts';

const CI = process.env.CI === 'true';
const executablePath = chromiumPath();
const haveChromium = existsSync(executablePath);
if (!haveChromium && !CI) {
  console.log(`web e2e skipped: no Chromium at ${executablePath} (install it with infra/chromium/install.sh or set CHROMIUM_PATH; under CI=true this fails)`);
}

type Who = 'moderator' | 'pro' | 'con' | 'listener' | 'listener2';
interface Person {
  who: Who;
  name: string;
  ctx: BrowserContext;
  page: Page;
  accountId: string;
  errors: string[];
  /** The page's console warnings and errors, printed when a test fails. */
  logs: string[];
}

const NAMES: Record<Who, string> = { moderator: 'Mina', pro: 'Jae-won', con: 'Ada', listener: 'Sora', listener2: 'Hana' };
const PASSWORD = 'a long enough e2e password';
const NOTES = [
  '## Why it holds',
  '',
  'The office scenes (p. 112) read like **last year**.',
  '<img src=x onerror="window.__xss=\'notes-img\'"> <script>window.__xss=\'notes-script\'</script>',
  '[a link](javascript:window.__xss=\'notes-link\')',
].join('\n');
const CHAT = 'Loved the opening <img src=x onerror="window.__xss=\'chat-img\'"> <svg onload="window.__xss=\'chat-svg\'"></svg>';
/** Per step: its waits are bounded (30 s per browser action, 20 s per poll), but a loaded 2-core machine stretches every step. */
const STEP_MS = 120_000;
const step = (name: string, fn: () => Promise<void> | void) => it(name, fn, STEP_MS);
const README_SHOTS = process.env.BOOKTALK_README_SCREENSHOTS === '1' ? path.join(REPO_ROOT, 'docs', 'screenshots') : null;

describe.skipIf(!haveChromium && !CI)('the live room in headless Chromium against npm start', () => {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  const people = {} as Record<Who, Person>;
  const everyone = () => Object.values(people);
  let debateId = '';
  const a11y: Record<string, string[]> = {};
  const timings: Record<string, number> = {};
  const started = Date.now();

  const scan = async (name: string, page: Page) => {
    await screenshot(page, name);
    a11y[name] = await seriousA11yViolations(page);
  };
  const click = (p: Person, name: string | RegExp) => p.page.getByRole('button', { name }).first().click();

  /**
   * The README's pictures: the lobby (two more debates in it), and the room while con holds the
   * floor: a speaker's view and the moderator's at desktop width, the speaker's at phone width.
   */
  async function readmeShots(): Promise<void> {
    const { moderator: mod, pro } = people;
    const token = await mod.page.evaluate(() => (JSON.parse(localStorage.getItem('booktalk.session') ?? '{}') as { token: string }).token);
    for (const debate of [
      { title: 'Is The Vegetarian a novel about freedom?', book: { title: 'The Vegetarian', author: 'Han Kang' }, motion: 'Yeong-hye’s refusal is an act of freedom', format: 'free' },
      { title: 'Pachinko: family saga or history?', book: { title: 'Pachinko', author: 'Min Jin Lee' }, motion: 'Pachinko is a history book in the form of a novel', format: 'oxford' },
    ]) {
      const res = await fetch(`${app!.url}/api/debates`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ commandId: randomUUID(), ...debate }) });
      expect(res.status).toBe(201);
    }
    // The lobby opens no socket, so a second context of the moderator's session is harmless.
    const lobby = await browser!.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', colorScheme: 'light', storageState: await mod.ctx.storageState() });
    const page = await lobby.newPage();
    await page.goto(`${app!.url}/debates`);
    await until('three debates in the lobby', () => page.getByTestId('debate-card').count(), (n) => n === 3);
    await screenshot(page, 'lobby', README_SHOTS!);
    await lobby.close();
    await screenshot(pro.page, 'room', README_SHOTS!);
    await screenshot(mod.page, 'room-moderator', README_SHOTS!);
    // A second tab of the same account would take its socket over: the speaker's own page, narrowed.
    await pro.page.setViewportSize({ width: 390, height: 844 });
    await pro.page.screenshot({ path: path.join(README_SHOTS!, 'room-phone.png') });
    await pro.page.setViewportSize({ width: 1280, height: 900 });
  }

  /** What every page looked like when something failed, next to the other artifacts. */
  const shootAll = (label: string) =>
    Promise.all(everyone().map((p) => screenshot(p.page, `failed-${label}-${p.who}`).catch(() => undefined)));

  beforeAll(async () => {
    try {
      await setUp();
    } catch (e) {
      await shootAll('setup');
      throw e;
    }
  }, 240_000);
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail') return;
    await shootAll(task.name.replace(/\W+/g, '-').slice(0, 40));
    for (const p of everyone()) if (p.logs.length) console.log(`${p.who} (${p.accountId}) console:\n  ${p.logs.slice(-30).join('\n  ')}`);
  });

  async function setUp(): Promise<void> {
    if (!haveChromium) throw new Error(`no Chromium at ${executablePath}: run infra/chromium/install.sh (or set CHROMIUM_PATH)`);
    [app, browser] = await Promise.all([startApp(), launchChromium(executablePath)]);
    timings.appStartMs = Date.now() - started;
    const base = app.url;
    const suffix = randomUUID().slice(0, 6);

    // Everyone signs up through the UI, in parallel; the moderator's pages are scanned on the way.
    await Promise.all(
      (Object.keys(NAMES) as Who[]).map(async (who) => {
        const ctx = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', colorScheme: 'light' });
        const page = await ctx.newPage();
        const errors: string[] = [];
        const logs: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('console', (m) => (m.type() === 'warning' || m.type() === 'error') && logs.push(`${new Date().toISOString()} ${m.type()} ${m.text()}`));
        page.on('dialog', (d) => void d.accept());
        await page.goto(`${base}/sign-up?testHooks=1`);
        await page.fill('input[name=username]', `${who}-${suffix}`);
        await page.fill('input[name=displayName]', NAMES[who]);
        await page.fill('input[name=password]', PASSWORD);
        if (who === 'moderator') await scan('sign-up', page);
        await page.click('[data-testid=auth-form] button[type=submit]');
        await page.waitForURL(/\/debates$/);
        const accountId = await page.evaluate(() => (JSON.parse(localStorage.getItem('booktalk.session') ?? '{}') as { accountId: string }).accountId);
        people[who] = { who, name: NAMES[who], ctx, page, accountId, errors, logs };
      }),
    );

    // The moderator creates the debate through the form and opens the room.
    const mod = people.moderator;
    await screenshot(mod.page, 'lobby-empty');
    await mod.page.goto(`${base}/debates/new`);
    await mod.page.fill('input[name=title]', 'Does Kim Jiyoung, Born 1982 still speak for today?');
    await mod.page.fill('input[name="book.title"]', 'Kim Jiyoung, Born 1982');
    await mod.page.fill('input[name="book.author"]', 'Cho Nam-joo');
    await mod.page.fill('textarea[name=motion]', 'This house believes the novel’s argument still holds');
    await mod.page.fill('input[name=turnSeconds]', '300');
    await mod.page.fill('input[name=presentationSeconds]', '300');
    await scan('new-debate', mod.page);
    await click(mod, 'Create debate');
    await mod.page.waitForURL(/\/debates\/(?!new)[^/?]+$/);
    debateId = decodeURIComponent(new URL(mod.page.url()).pathname.split('/').pop()!);
    await click(mod, 'Open debate');
    await mod.page.getByRole('button', { name: 'Start debate' }).waitFor();

    // The speakers take their sides (pro first: presentation slots follow join order), the
    // listeners join the audience; joining is entering voice (listening by default): nobody
    // clicks anything else. The first listener's click is timed to the first audio it receives.
    const enter = async (who: 'pro' | 'con' | 'listener' | 'listener2') => {
      const p = people[who];
      await p.page.goto(`${base}/debates/${debateId}`);
      const t = Date.now();
      if (who === 'listener' || who === 'listener2') await p.page.click('[data-testid=join-listener]');
      else {
        await p.page.check(`input[name=side][value=${who}]`);
        await p.page.click('[data-testid=join-speaker]');
      }
      if (who !== 'listener') return;
      await until('the listener hears pro, with no voice button clicked', () => voiceOf(p.page), (v) => carriesAudio(v[people.pro.accountId]), { timeoutMs: 30_000, everyMs: 50 });
      timings.joinClickToAudioMs = Date.now() - t;
      console.log(`web e2e: a listener hears the speaker ${timings.joinClickToAudioMs} ms after clicking Join as listener`);
    };
    await enter('pro');
    await people.pro.page.getByTestId(`person-${people.pro.accountId}`).waitFor();
    // Alone in voice (the moderator is not a participant): said so, not "Connecting… · 0".
    await people.pro.page.getByTestId('voice-status').getByText('In voice — nobody else yet').waitFor();
    await Promise.all([enter('con'), enter('listener'), enter('listener2')]);
    timings.voiceJoinedAt = Date.now();
  }

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    const builtWebApp = /building the web app/.test(app?.output() ?? '');
    console.log(`web e2e: ${JSON.stringify({ ...timings, voiceJoinedAt: undefined, builtWebApp, totalMs: Date.now() - started })}`);
  });

  step('connects every speaker↔speaker and speaker→listener link, each carrying audio', async () => {
    const { pro, con, listener } = people;
    const [atPro, atCon, atListener] = await Promise.all([
      until('pro hears con, and reaches the listener', () => voiceOf(pro.page), (s) => carriesAudio(s[con.accountId]) && s[listener.accountId]?.state === 'connected'),
      until('con hears pro, and reaches the listener', () => voiceOf(con.page), (s) => carriesAudio(s[pro.accountId]) && s[listener.accountId]?.state === 'connected'),
      until('the listener hears both speakers', () => voiceOf(listener.page), (s) => carriesAudio(s[pro.accountId]) && carriesAudio(s[con.accountId])),
    ]);
    timings.allAudioMs = Date.now() - timings.voiceJoinedAt!;
    const connect = { proCon: atPro[con.accountId]?.connectMs, conPro: atCon[pro.accountId]?.connectMs, proListener: atPro[listener.accountId]?.connectMs, conListener: atCon[listener.accountId]?.connectMs, listenerPro: atListener[pro.accountId]?.connectMs, listenerCon: atListener[con.accountId]?.connectMs };
    console.log(`web e2e connect times (ms): ${JSON.stringify(connect)}`);
    for (const ms of Object.values(connect)) expect(ms).toEqual(expect.any(Number));
  });

  step('nobody had to find a voice button', async () => {
    for (const p of everyone()) await expect(p.page.getByTestId('voice-join').count(), p.who).resolves.toBe(0);
    await people.listener.page.getByTestId('voice-status').getByText(/^Connected · \d/).waitFor();
  });

  step('the listener sends no audio', async () => {
    const { pro, con, listener } = people;
    const atListener = await voiceOf(listener.page);
    expect(Object.keys(atListener).sort()).toEqual([con.accountId, pro.accountId].sort());
    for (const link of Object.values(atListener)) expect(link.outbound?.packetsSent ?? 0).toBe(0);
    for (const speaker of [pro, con]) {
      const fromListener = (await voiceOf(speaker.page))[listener.accountId];
      expect(fromListener?.state).toBe('connected');
      expect(fromListener?.inbound?.packetsReceived ?? 0).toBe(0);
    }
  });

  step('a listener made speaker is heard by the other listener within seconds, with no voice rejoin; moved back, the link goes', async () => {
    const { moderator: mod, listener, listener2: promoted } = people;
    expect(Object.keys(await voiceOf(listener.page))).not.toContain(promoted.accountId);
    const menu = mod.page.getByTestId(`person-${promoted.accountId}`);
    await menu.locator('summary').click();
    const t = Date.now();
    await menu.getByRole('button', { name: 'Make speaker (Pro)' }).click();
    await until('the listener hears the promoted speaker', () => voiceOf(listener.page), (s) => carriesAudio(s[promoted.accountId]), { timeoutMs: 10_000, everyMs: 50 });
    timings.promotionToAudioMs = Date.now() - t;
    console.log(`web e2e: a promoted listener heard by the other listener ${timings.promotionToAudioMs} ms after the click`);
    // No rejoin: each listener entered voice once (a rejoin is a second VoiceJoined in the stream).
    const token = await mod.page.evaluate(() => (JSON.parse(localStorage.getItem('booktalk.session') ?? '{}') as { token: string }).token);
    const res = await fetch(`${app!.url}/api/debates/${debateId}/events`, { headers: { authorization: `Bearer ${token}` } });
    const { events } = (await res.json()) as { events: { type: string; data: { accountId?: string } }[] };
    const joins = (id: string) => events.filter((e) => e.type === 'VoiceJoined' && e.data.accountId === id).length;
    expect([joins(listener.accountId), joins(promoted.accountId)]).toEqual([1, 1]);
    // Back to the audience: two listeners need no link between them.
    const demote = menu.getByRole('button', { name: 'Move to audience' });
    if (!(await demote.isVisible())) await menu.locator('summary').click();
    await demote.click();
    await until('the listener drops its link to the demoted speaker', () => voiceOf(listener.page), (s) => !(promoted.accountId in s), { timeoutMs: 10_000 });
    await until('the demoted speaker sends nothing', () => voiceOf(promoted.page), (s) => Object.keys(s).every((id) => id !== listener.accountId));
  });

  step('shows the presenter’s notes and the chat on every page, and neither’s XSS payload runs', async () => {
    const { moderator: mod, pro, listener } = people;
    await click(mod, 'Start debate');
    await pro.page.getByTestId('notes-input').waitFor();
    await pro.page.fill('[data-testid=notes-input]', NOTES);
    await click(pro, 'Save notes');
    await pro.page.getByRole('button', { name: 'Save notes' }).and(pro.page.locator(':disabled')).waitFor();
    await listener.page.fill('[data-testid=chat-input]', CHAT);
    await listener.page.press('[data-testid=chat-input]', 'Enter');
    await click(mod, /^Next round/);
    for (const p of everyone()) {
      const notes = p.page.getByTestId('notes');
      await notes.getByText('Why it holds').waitFor();
      await expect(notes.locator('mark').first().textContent()).resolves.toContain('p. 112');
      // Chat history reaches everyone, not only moderators.
      const chat = p.page.getByTestId('chat');
      await chat.getByText('Loved the opening').waitFor();
      await expect(notes.locator('img, script, svg, a[href^="javascript"]').count()).resolves.toBe(0);
      await expect(chat.locator('.msg img, .msg svg, .msg script').count()).resolves.toBe(0);
      await expect(chat.locator('.msg').last().textContent()).resolves.toContain('onerror');
      expect(await xssMarker(p.page), p.who).toBeUndefined();
    }
  });

  step('a message a moderator hides is gone from every page but the moderator’s, where it is marked hidden', async () => {
    const { moderator: mod, pro } = people;
    const message = mod.page.getByTestId('chat').locator('.msg', { hasText: 'Loved the opening' });
    await message.getByRole('button', { name: 'Hide' }).click();
    await pro.page.fill('[data-testid=chat-input]', 'Thanks! The **office scenes** are my whole case.');
    await pro.page.press('[data-testid=chat-input]', 'Enter');
    for (const p of everyone()) {
      const chat = p.page.getByTestId('chat');
      await chat.getByText('my whole case').waitFor();
      if (p === mod) await message.getByTestId('msg-hidden').waitFor();
      else await chat.getByText('Loved the opening').waitFor({ state: 'detached' });
    }
    await expect(message.getByRole('button', { name: 'Hide' }).count()).resolves.toBe(0);
  });

  step('a granted turn shows the same speaker and countdown on all four pages', async () => {
    const { moderator: mod, con } = people;
    await click(mod, /^Next round/);
    await click(con, /Raise hand/);
    await mod.page.getByTestId('queue').getByText(con.name).waitFor();
    await click(mod, 'Grant next');
    for (const p of everyone()) await p.page.getByTestId('speaker').getByText(`${con.name} has the floor`).waitFor();
    const clocks = await Promise.all(everyone().map((p) => p.page.getByTestId('countdown').textContent()));
    const seconds = clocks.map((c) => {
      const m = /(\d+):(\d\d)/.exec(c ?? '');
      return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
    });
    expect(seconds.every((s) => s > 240 && s <= 300), clocks.join(' ')).toBe(true);
    expect(Math.max(...seconds) - Math.min(...seconds), clocks.join(' ')).toBeLessThanOrEqual(1);
    await Promise.all(everyone().map((p) => screenshot(p.page, `room-${p.who}-turn`)));
    if (README_SHOTS) await readmeShots();
  });

  step('floor control (Oxford’s default): with con holding the floor, pro’s audio stops at the listener while con’s flows', async () => {
    const { moderator: mod, pro, con, listener } = people;
    const floorControl = mod.page.getByTestId('floor-control');
    await expect(floorControl.isChecked()).resolves.toBe(true);
    await pro.page.getByTestId('floor-mic-off').getByText('Only the speaker with the floor is heard').waitFor();
    const held = await energyStopsGrowing(listener.page, pro.accountId, con.accountId);
    expect(held.quietForMs).toBeGreaterThanOrEqual(1_500);
    // Off: pro is heard again. On again: how soon pro falls silent at the listener.
    const proEnergy = async () => (await voiceOf(listener.page))[pro.accountId]?.inbound?.totalAudioEnergy ?? 0;
    const base = await proEnergy();
    await floorControl.click();
    await pro.page.getByTestId('floor-mic-off').waitFor({ state: 'detached' });
    await until('pro heard again at the listener', proEnergy, (e) => e > base, { timeoutMs: 10_000 });
    const t = Date.now();
    await floorControl.click();
    await pro.page.getByTestId('floor-mic-off').waitFor();
    timings.floorStateAtProMs = Date.now() - t;
    const again = await energyStopsGrowing(listener.page, pro.accountId, con.accountId);
    timings.floorSilenceMs = Date.now() - again.quietForMs - t;
    timings.floorQuietMs = again.quietForMs;
    console.log(`web e2e: floor control on: pro told ${timings.floorStateAtProMs} ms after the switch, last energy from pro at the listener ${timings.floorSilenceMs} ms after it (polled every 250 ms), then quiet for ${again.quietForMs} ms while con kept flowing`);
  });

  step('a listener asks to speak, the moderator invites, the listener accepts and is heard by the other listener', async () => {
    const { moderator: mod, con, listener, listener2: asker } = people;
    await asker.page.getByTestId('ask-to-speak').click();
    await asker.page.getByTestId('speak-asked').waitFor();
    const request = mod.page.getByTestId(`speak-request-${asker.accountId}`);
    await request.getByText('asks to speak').waitFor();
    // The floor free first, so that the acceptance gives the newcomer the turn (floor control is on).
    await click(mod, 'End turn');
    await mod.page.getByTestId('speaker').waitFor({ state: 'detached' });
    await request.getByRole('button', { name: /^Invite to speak \(Pro\)/ }).click();
    await mod.page.getByTestId(`speak-invited-${asker.accountId}`).waitFor();
    // The moderator never joined the room as a participant: the prompt cannot name them.
    await asker.page.getByTestId('invitation').getByText('A moderator invites you to speak for the Pro side').waitFor();
    expect(Object.keys(await voiceOf(listener.page))).not.toContain(asker.accountId);
    const t = Date.now();
    await asker.page.getByTestId('invitation-accept').click();
    await until('the listener hears the invited speaker', () => voiceOf(listener.page), (s) => carriesAudio(s[asker.accountId]), { timeoutMs: 15_000, everyMs: 50 });
    timings.acceptToAudioMs = Date.now() - t;
    console.log(`web e2e: an invited listener heard by the other listener ${timings.acceptToAudioMs} ms after Accept`);
    for (const p of everyone()) await p.page.getByTestId('speaker').getByText(`${asker.name} has the floor`).waitFor();
    await asker.page.getByTestId('invitation').waitFor({ state: 'detached' });
    // The floor moved: con, off it now, falls silent at the listener while the newcomer is heard.
    await energyStopsGrowing(listener.page, con.accountId, asker.accountId);
    // All of it in the audit, under the moderator.
    const token = await mod.page.evaluate(() => (JSON.parse(localStorage.getItem('booktalk.session') ?? '{}') as { token: string }).token);
    const res = await fetch(`${app!.url}/api/audit?debateId=${debateId}`, { headers: { authorization: `Bearer ${token}` } });
    const { items } = (await res.json()) as { items: { action: string; moderatorId: string; targetId: string | null }[] };
    const mine = items.filter((i) => i.targetId === asker.accountId).map((i) => i.action);
    expect(mine).toEqual(expect.arrayContaining(['SpeakerInvited', 'InvitationAccepted', 'SpeakerPromoted']));
  });

  step('with floor control off again every speaker is heard', async () => {
    const { moderator: mod, pro, listener } = people;
    const proEnergy = async () => (await voiceOf(listener.page))[pro.accountId]?.inbound?.totalAudioEnergy ?? 0;
    const base = await proEnergy();
    await mod.page.getByTestId('floor-control').click();
    await pro.page.getByTestId('floor-mic-off').waitFor({ state: 'detached' });
    await until('pro heard again at the listener', proEnergy, (e) => e > base, { timeoutMs: 10_000 });
  });

  step('a cast vote updates the tallies on all four pages, and each voter sees their vote', async () => {
    const { moderator: mod, pro, con, listener } = people;
    await mod.page.getByText('Open a vote', { exact: true }).first().click(); // the <summary>
    await mod.page.getByLabel('Question', { exact: true }).fill('Does the argument still hold?');
    await mod.page.getByLabel('Option 1', { exact: true }).fill('for');
    await mod.page.getByLabel('Option 2', { exact: true }).fill('against');
    await mod.page.locator('.votes__new button[type=submit]').click();
    const ballots: [Person, string][] = [[pro, 'for'], [con, 'against'], [listener, 'for']];
    for (const [p, option] of ballots) {
      const button = p.page.locator('.vote__cast', { hasText: option });
      await button.waitFor();
      await button.click();
      await p.page.getByText(`Your vote: ${option}`).waitFor();
    }
    for (const p of everyone()) {
      const row = (option: string) => p.page.locator('.vote__options li', { hasText: option }).getByTestId('tally');
      await until(`the tallies on ${p.who}'s page`, async () => [await row('for').textContent(), await row('against').textContent()], (t) => t[0] === '2' && t[1] === '1', { timeoutMs: 10_000 });
    }
  });

  step('a page reloaded mid-debate gets its voice, queue place, vote and role back', async () => {
    const { pro, con, listener } = people;
    await click(pro, /Raise hand/);
    await pro.page.getByTestId('queue-place').waitFor();
    const t = Date.now();
    await pro.page.reload();
    await pro.page.getByTestId('queue-place').getByText('number 1').waitFor();
    await pro.page.getByText('Your vote: for').waitFor();
    await expect(pro.page.getByTestId(`person-${pro.accountId}`).textContent()).resolves.toMatch(/speaker/i);
    await Promise.all([
      until('the reloaded pro hears con again', () => voiceOf(pro.page), (s) => carriesAudio(s[con.accountId]) && s[listener.accountId]?.state === 'connected'),
      until('the listener hears the reloaded pro again', () => voiceOf(listener.page), (s) => carriesAudio(s[pro.accountId])),
    ]);
    timings.reloadToAudioMs = Date.now() - t;
  });

  step('a moderator’s mute stops that speaker’s audio at the others', async () => {
    const { moderator: mod, pro, con, listener } = people;
    const person = mod.page.getByTestId(`person-${con.accountId}`);
    await person.locator('summary').click();
    await person.getByRole('button', { name: 'Mute', exact: true }).click();
    await con.page.getByText('A moderator muted you.').waitFor();
    for (const p of [pro, listener]) await p.page.getByTestId(`person-${con.accountId}`).getByText('muted').waitFor();
    // At the listener, pro's audio is the control: it keeps flowing while con's stops.
    const [atListener, atPro] = await Promise.all([energyStopsGrowing(listener.page, con.accountId, pro.accountId), energyStopsGrowing(pro.page, con.accountId, null)]);
    expect(atListener.quietForMs).toBeGreaterThanOrEqual(1_500);
    expect(atPro.quietForMs).toBeGreaterThanOrEqual(1_500);
    const sent = async () => Object.values(await voiceOf(con.page)).reduce((n, l) => n + (l.outbound?.packetsSent ?? 0), 0);
    const before = await sent();
    await energyStopsGrowing(listener.page, con.accountId, pro.accountId, { quietMs: 500 });
    expect(await sent()).toBe(before);
  });

  step('a second tab of the same account takes voice over; the first says why and takes it back on "Use here"', async () => {
    const { pro, listener2: person } = people;
    const second = await person.ctx.newPage();
    try {
      const t = Date.now();
      await second.goto(`${app!.url}/debates/${debateId}?testHooks=1`);
      const notice = person.page.getByTestId('taken-over');
      await notice.getByText('You opened this room in another tab or device; this tab stopped.').waitFor();
      timings.takeoverNoticeMs = Date.now() - t;
      // The second tab is in voice by itself and heard; the first stays stopped (no tug of war).
      await until('pro hears the second tab', () => voiceOf(pro.page), (s) => carriesAudio(s[person.accountId]));
      await new Promise((r) => setTimeout(r, 2_000));
      await expect(second.getByTestId('taken-over').count()).resolves.toBe(0);
      await notice.waitFor();
      // "Use here": the first tab takes it back, the second is told.
      await person.page.getByTestId('use-here').click();
      await second.getByTestId('taken-over').waitFor();
      await notice.waitFor({ state: 'detached' });
      await until('the first tab in voice again', () => voiceOf(person.page), (s) => carriesAudio(s[pro.accountId]));
      await until('pro hears the first tab again', () => voiceOf(pro.page), (s) => carriesAudio(s[person.accountId]));
    } finally {
      await second.close();
    }
  });

  step('every page passes axe-core with no serious or critical violations', async () => {
    const t = Date.now();
    await Promise.all(everyone().map((p) => scan(`room-${p.who}`, p.page)));
    await people.listener.page.setViewportSize({ width: 390, height: 844 });
    await people.moderator.page.goto(`${app!.url}/debates`);
    await people.moderator.page.getByTestId('debate-card').first().waitFor();
    await Promise.all([scan('room-listener-phone', people.listener.page), scan('lobby', people.moderator.page)]);
    timings.roomScansMs = Date.now() - t;
    expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((k) => [k, []])));
  });

  step('no page threw an uncaught error', () => {
    expect(Object.fromEntries(everyone().map((p) => [p.who, p.errors]))).toEqual({ moderator: [], pro: [], con: [], listener: [], listener2: [] });
  });
});
