// One mesh-audio run in headless Chromium: a debate's speakers and listeners, each in a browser
// context (or a browser) of their own with a fake microphone, open the room page with the voice
// test hook (?testHooks=1), join the debate and then its voice; and what each page must see
// before the mesh counts as complete: every other speaker heard (connected, inbound audio energy
// > 0) and every listener connected, for a speaker; every speaker heard, for a listener.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type JsonClient, type Session, command, createDebate, guest, signUp } from './http.ts';
import type { VoiceSnapshot, WebE2eSupport } from './meshWeb.ts';

export type Role = 'speaker' | 'listener';

export interface Person {
  role: Role;
  session: Session;
  context: BrowserContext;
  page: Page;
  /** The browser this person has to themselves (BENCH_MESH_BROWSERS=per-person), else null. */
  ownBrowser: Browser | null;
  errors: string[];
  /** The page's console warnings and errors (the voice code reports link errors there). */
  warnings: string[];
  voiceJoinedAt: number;
  /** When this page first saw every one of its links complete; null while (or if never) so. */
  completeAt: number | null;
  last: VoiceSnapshot;
}

export interface Room {
  debateId: string;
  people: Person[];
}

/** Where each person's browser context comes from: one shared browser, or a new browser each. */
export type ContextSource = () => Promise<{ context: BrowserContext; ownBrowser: Browser | null }>;

/** Speakers are accounts (guests may not speak), listeners guest sessions; a host opens a free-format debate and stays out of it. */
export async function openRoom(http: JsonClient, base: string, speakers: number, listeners: number, newContext: ContextSource): Promise<Room> {
  const host = await signUp(http, 'Mesh host');
  const debateId = await createDebate(http, host, `Mesh ${speakers}+${listeners}`);
  await command(http, host.token, debateId, 'OpenDebate');
  const sessions = await Promise.all([
    ...Array.from({ length: speakers }, (_, i) => signUp(http, `Speaker ${i}`).then((session) => ({ role: 'speaker' as const, session }))),
    ...Array.from({ length: listeners }, (_, i) => guest(http, `Listener ${i}`).then((session) => ({ role: 'listener' as const, session }))),
  ]);
  const people = await Promise.all(
    sessions.map(async ({ role, session }): Promise<Person> => {
      const { context, ownBrowser } = await newContext();
      // Signed in the way the app remembers a session (its localStorage entry), not through the form: the figure is about voice.
      const stored = { token: session.token, accountId: session.accountId, displayName: session.displayName, kind: role === 'speaker' ? 'account' : 'guest' };
      await context.addInitScript({ content: `localStorage.setItem('booktalk.session', ${JSON.stringify(JSON.stringify(stored))});` });
      const page = await context.newPage();
      const errors: string[] = [];
      const warnings: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => (m.type() === 'warning' || m.type() === 'error') && warnings.push(m.text().slice(0, 300)));
      page.on('dialog', (d) => void d.accept());
      return { role, session, context, page, ownBrowser, errors, warnings, voiceJoinedAt: 0, completeAt: null, last: {} };
    }),
  );
  const room = { debateId, people };
  try {
    await Promise.all(
      people.map(async (p) => {
        await p.page.goto(`${base}/debates/${debateId}?testHooks=1`);
        await p.page.click(p.role === 'speaker' ? '[data-testid=join-speaker]' : '[data-testid=join-listener]');
        await p.page.getByTestId(`person-${p.session.accountId}`).waitFor({ timeout: 60_000 });
      }),
    );
  } catch (e) {
    await closeRoom(room);
    throw e;
  }
  return room;
}

/**
 * `together`: everyone clicks "join voice" at once. `one-by-one`: each clicks once the one before
 * shows in voice on their own page (the server has recorded the join, so it has told the room)
 * and the people before are complete among themselves: a room people enter one after another.
 * Returns the instants of the first and the last click.
 */
export async function joinVoice(web: WebE2eSupport, room: Room, mode: 'together' | 'one-by-one', timeoutMs: number): Promise<{ firstAt: number; lastAt: number }> {
  const click = async (p: Person) => {
    await p.page.click('[data-testid=voice-join]');
    p.voiceJoinedAt = Date.now();
  };
  if (mode === 'together') await Promise.all(room.people.map(click));
  else {
    for (let i = 0; i < room.people.length; i++) {
      const p = room.people[i]!;
      if (i > 1) await awaitMesh(web, room, timeoutMs, room.people.slice(0, i));
      await click(p);
      if (i < room.people.length - 1) await p.page.getByTestId(`person-${p.session.accountId}`).getByText('🔊').waitFor({ timeout: timeoutMs });
    }
  }
  const at = room.people.map((p) => p.voiceJoinedAt);
  return { firstAt: Math.min(...at), lastAt: Math.max(...at) };
}

/** The people `p` must have a link to (of `among`): every other speaker and, for a speaker, every listener. */
export const peersOf = (among: readonly Person[], p: Person): Person[] => among.filter((o) => o !== p && (p.role === 'speaker' || o.role === 'speaker'));

/** Whether `p`'s link to `o` is complete as `p` sees it: audio heard from a speaker, connected to a listener. */
const linkDone = (web: WebE2eSupport, p: Person, o: Person, s: VoiceSnapshot) =>
  o.role === 'speaker' ? web.carriesAudio(s[o.session.accountId]) : s[o.session.accountId]?.state === 'connected';

/**
 * Polls the pages of `among` until each one's links to the others of `among` are complete
 * (bounded by `timeoutMs`), recording when each first was. A page that never gets there has
 * `completeAt` null and keeps its last snapshot.
 */
export async function awaitMesh(web: WebE2eSupport, room: Room, timeoutMs: number, among: readonly Person[] = room.people): Promise<void> {
  await Promise.all(
    among.map(async (p) => {
      p.completeAt = null;
      const peers = peersOf(among, p);
      const probe = async () => (p.last = await web.voiceOf(p.page));
      await web
        .until(`${p.session.displayName}'s links`, probe, (s) => peers.every((o) => linkDone(web, p, o, s)), { timeoutMs, everyMs: 100 })
        .then(() => (p.completeAt = Date.now()))
        .catch(() => undefined);
    }),
  );
}

/** Every expected link (speaker pairs, speaker–listener pairs) once, and whether it is complete on both ends. */
export function links(web: WebE2eSupport, room: Room): { expected: number; complete: number; unexpected: number; incomplete: string[] } {
  let expected = 0;
  let complete = 0;
  const incomplete: string[] = [];
  const seen = (p: Person, o: Person) => p.last[o.session.accountId]?.state ?? 'no link';
  const { people } = room;
  for (let i = 0; i < people.length; i++) {
    for (let j = i + 1; j < people.length; j++) {
      const [a, b] = [people[i]!, people[j]!];
      if (a.role === 'listener' && b.role === 'listener') continue;
      expected++;
      if (linkDone(web, a, b, a.last) && linkDone(web, b, a, b.last)) complete++;
      else incomplete.push(`${a.session.displayName} ↔ ${b.session.displayName}: ${seen(a, b)} / ${seen(b, a)}`);
    }
  }
  // Links no page should hold: between two listeners.
  const listenerIds = new Set(people.filter((p) => p.role === 'listener').map((p) => p.session.accountId));
  const unexpected = people.filter((p) => p.role === 'listener').reduce((n, p) => n + Object.keys(p.last).filter((id) => listenerIds.has(id)).length, 0);
  return { expected, complete, unexpected, incomplete };
}

/** Inbound audio energy per receiving direction (receiver → sender), for checking audio kept flowing. */
export async function inboundEnergy(web: WebE2eSupport, room: Room): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  await Promise.all(
    room.people.map(async (p) => {
      const s = await web.voiceOf(p.page);
      for (const o of peersOf(room.people, p)) if (o.role === 'speaker') out.set(`${p.session.accountId}<-${o.session.accountId}`, s[o.session.accountId]?.inbound?.totalAudioEnergy ?? 0);
    }),
  );
  return out;
}

export async function closeRoom(room: Room): Promise<void> {
  await Promise.all(room.people.map((p) => (p.ownBrowser ? p.ownBrowser.close() : p.context.close()).catch(() => undefined)));
}
