import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLobbyStore } from '../../src/stores/lobby.ts';

const item = (id: string) => ({
  id,
  title: `Debate ${id}`,
  book: { title: 'Pachinko', author: 'Min Jin Lee' },
  motion: 'A motion',
  format: 'oxford',
  status: 'live',
  hostId: 'h',
  participants: 3,
  speakers: 2,
  audience: 1,
  startAt: null,
  lastEventAt: '2026-03-01T18:00:00.000Z',
});

beforeEach(() => setActivePinia(createPinia()));
afterEach(() => vi.unstubAllGlobals());

describe('lobby store', () => {
  it('asks the server with the search text and status filter', async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (u: string) => {
      urls.push(u);
      return new Response(JSON.stringify({ items: [item('a')], next: null }));
    });
    const lobby = useLobbyStore();
    lobby.q = ' han kang ';
    lobby.status = 'live';
    await lobby.load();
    expect(urls).toEqual(['/api/debates?q=han+kang&status=live']);
    expect(lobby.items.map((i) => i.id)).toEqual(['a']);
  });

  it('appends the next page on load more', async () => {
    const pages: Record<string, unknown> = { '': { items: [item('a')], next: '17' }, '17': { items: [item('b')], next: null } };
    vi.stubGlobal('fetch', async (u: string) => new Response(JSON.stringify(pages[new URL(u, 'http://x').searchParams.get('cursor') ?? ''])));
    const lobby = useLobbyStore();
    await lobby.load();
    await lobby.load(true);
    expect(lobby.items.map((i) => i.id)).toEqual(['a', 'b']);
    expect(lobby.next).toBeNull();
  });

  it('keeps the answer of the newest search when an older one arrives late', async () => {
    const resolvers: ((r: Response) => void)[] = [];
    vi.stubGlobal('fetch', () => new Promise<Response>((resolve) => resolvers.push(resolve)));
    const lobby = useLobbyStore();
    lobby.q = 'old';
    const first = lobby.load();
    lobby.q = 'new';
    const second = lobby.load();
    resolvers[1]!(new Response(JSON.stringify({ items: [item('new')], next: null })));
    await second;
    resolvers[0]!(new Response(JSON.stringify({ items: [item('old')], next: null })));
    await first;
    expect(lobby.items.map((i) => i.id)).toEqual(['new']);
  });

  it('shows a failed load as an error', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ ok: false, error: { code: 'INVALID_QUERY', message: 'bad status' } }), { status: 400 }));
    const lobby = useLobbyStore();
    await lobby.load();
    expect(lobby.error).toMatchObject({ code: 'INVALID_QUERY', message: 'bad status' });
  });
});
