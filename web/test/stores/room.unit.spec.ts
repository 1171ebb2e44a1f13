import type { DebateEvent } from '@booktalk/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NOT_PROJECTED_YET_RETRY_MS, useRoomStore } from '../../src/stores/room.ts';
import { signIn } from '../components/mountWith.ts';
import { CON, HOST, LISTENER, debateEvents, fakeEventsFetch, foldAll, viewOf } from '../fixtures/debate.ts';

let events: DebateEvent[];
let server: ReturnType<typeof fakeEventsFetch>;

beforeEach(() => {
  localStorage.clear();
  signIn(HOST, 'Mina'); // a moderator: reads the raw stream
  setActivePinia(createPinia());
  events = debateEvents();
  server = fakeEventsFetch(() => events);
  vi.stubGlobal('fetch', server.fetch);
});
afterEach(() => {
  useRoomStore().close();
  vi.unstubAllGlobals();
});

describe('room store', () => {
  it('folds the debate’s stream with the shared evolve for a moderator', async () => {
    const room = useRoomStore();
    await room.open('d1');
    expect(room.state).toEqual(foldAll(events));
    expect(room.version).toBe(events.length - 1);
    expect(room.state?.currentTurn?.accountId).toBe(CON);
  });

  it('reads only the tail after a push with a newer position', async () => {
    const room = useRoomStore();
    await room.open('d1');
    events = [...events, { type: 'TurnRequested', data: { accountId: 'pro1', side: 'pro', at: new Date().toISOString() } }];
    room.onPush({ debateId: 'd1', position: String(100 + events.length - 1), state: viewOf(events) });
    await vi.waitFor(() => expect(room.state?.queue).toEqual(['pro1']));
    expect(server.calls.at(-1)?.url).toContain(`from=${events.length - 1}`);
  });

  it('ignores a push at or below the position it already has', async () => {
    const room = useRoomStore();
    await room.open('d1');
    const before = server.calls.length;
    room.onPush({ debateId: 'd1', position: room.position, state: viewOf(events) });
    room.onPush({ debateId: 'other', position: '999999', state: viewOf(events, 'other') });
    await Promise.resolve();
    expect(server.calls.length).toBe(before);
  });

  it('shows the DebateView to a participant who is not a moderator, without asking for the raw stream', async () => {
    signIn(LISTENER, 'Sora');
    setActivePinia(createPinia());
    const room = useRoomStore();
    await room.open('d1');
    expect(room.source).toBe('view');
    expect(server.calls.some((c) => c.url.includes('/events'))).toBe(false);
    expect(room.state?.currentTurn?.accountId).toBe(CON);
  });

  it('falls back to the DebateView when the raw stream is refused', async () => {
    server = fakeEventsFetch(() => events, { mayReadEvents: false });
    vi.stubGlobal('fetch', server.fetch);
    const room = useRoomStore();
    await room.open('d1');
    expect(room.source).toBe('view');
    expect(room.state?.currentTurn?.accountId).toBe(CON);
    expect(Object.keys(room.state?.participants ?? {})).toEqual(Object.keys(foldAll(events).participants));
    expect(room.position).toBe(viewOf(events).position);
  });

  it('takes a pushed view as the new state in view mode, and ignores an older one', async () => {
    server = fakeEventsFetch(() => events, { mayReadEvents: false });
    vi.stubGlobal('fetch', server.fetch);
    const room = useRoomStore();
    await room.open('d1');
    const older = viewOf(events.slice(0, -1));
    room.onPush({ debateId: 'd1', position: older.position, state: older });
    expect(room.state?.currentTurn).not.toBeNull();
    const newer = viewOf([...events, { type: 'TurnRequested', data: { accountId: 'pro1', side: 'pro', at: new Date().toISOString() } }]);
    room.onPush({ debateId: 'd1', position: newer.position, state: newer });
    expect(room.state?.queue).toEqual(['pro1']);
  });

  it('shows the view’s chat, with the authors’ names, to a participant who is not a moderator', async () => {
    signIn(LISTENER, 'Sora');
    setActivePinia(createPinia());
    const room = useRoomStore();
    await room.open('d1');
    expect(room.source).toBe('view');
    const chat = Object.values(room.state?.messages ?? {}).map((m) => [m.messageId, m.authorName, m.kind]);
    expect(chat).toEqual([
      ['m1', 'Sora', 'question'],
      ['m2', 'Ada', 'chat'],
    ]);
    expect(room.messagesOmitted).toBe(0);
  });

  it('shows a view-mode participant the ballot of their accepted CastVote, also after a reload', async () => {
    signIn(LISTENER, 'Sora');
    const now = new Date().toISOString();
    events = [...events, { type: 'VoteOpened', data: { voteId: 'v1', question: 'Holds?', options: ['for', 'against'], sides: null, kind: 'poll', openedBy: HOST, at: now } }];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method !== 'POST') return server.fetch(input, init);
      const body = JSON.parse(String(init.body)) as { type: string; data: { voteId: string; option: string } };
      events = [...events, { type: 'VoteCast', data: { voteId: body.data.voteId, accountId: LISTENER, option: body.data.option, at: now } }];
      return new Response(JSON.stringify({ ok: true, position: String(100 + events.length - 1), version: events.length - 1, duplicate: false }), { status: 200 });
    });
    setActivePinia(createPinia());
    const room = useRoomStore();
    await room.open('d1');
    expect(room.state?.votes.v1?.ballots[LISTENER]).toBeUndefined();
    await room.send({ type: 'CastVote', data: { voteId: 'v1', option: 'against' } });
    expect(room.state?.votes.v1?.tallies.against).toBe(1);
    expect(room.state?.votes.v1?.ballots[LISTENER]).toBe('against');
    room.close();
    setActivePinia(createPinia());
    const reloaded = useRoomStore();
    await reloaded.open('d1');
    expect(reloaded.state?.votes.v1?.ballots[LISTENER]).toBe('against');
  });

  it('does not show a refused CastVote as a ballot', async () => {
    signIn(LISTENER, 'Sora');
    events = [...events, { type: 'VoteOpened', data: { voteId: 'v1', question: 'Holds?', options: ['for', 'against'], sides: null, kind: 'poll', openedBy: HOST, at: new Date().toISOString() } }];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === 'POST') return new Response(JSON.stringify({ ok: false, error: { code: 'VOTE_CLOSED', message: 'This vote is closed' } }), { status: 422 });
      return server.fetch(input, init);
    });
    setActivePinia(createPinia());
    const room = useRoomStore();
    await room.open('d1');
    await expect(room.send({ type: 'CastVote', data: { voteId: 'v1', option: 'for' } })).rejects.toMatchObject({ code: 'VOTE_CLOSED' });
    expect(room.state?.votes.v1?.ballots[LISTENER]).toBeUndefined();
  });

  it('reports a debate with no events as not found, after asking again for a while', async () => {
    vi.useFakeTimers();
    try {
      events = [];
      const room = useRoomStore();
      const opening = room.open('nope');
      await vi.advanceTimersByTimeAsync(NOT_PROJECTED_YET_RETRY_MS.reduce((a, b) => a + b, 0));
      await opening;
      expect(room.error?.code).toBe('DEBATE_NOT_FOUND');
      expect(room.state).toBeNull();
      expect(server.calls.filter((c) => c.url.endsWith('/api/debates/nope'))).toHaveLength(1 + NOT_PROJECTED_YET_RETRY_MS.length);
    } finally {
      vi.useRealTimers();
    }
  });

  it('opens a debate that is projected a moment after the room was opened', async () => {
    vi.useFakeTimers();
    try {
      const all = events;
      events = [];
      const room = useRoomStore();
      const opening = room.open('d1');
      await vi.advanceTimersByTimeAsync(NOT_PROJECTED_YET_RETRY_MS[0]! - 1);
      expect(room.error?.code).toBe('DEBATE_NOT_FOUND');
      events = all;
      await vi.advanceTimersByTimeAsync(1);
      await opening;
      expect(room.error).toBeNull();
      expect(room.state?.currentTurn?.accountId).toBe(CON);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends a command over HTTP without a socket and surfaces a refusal', async () => {
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === 'POST') return new Response(JSON.stringify({ ok: false, error: { code: 'NOT_MODERATOR', message: 'Only a moderator may do that' } }), { status: 403 });
      return server.fetch(input, init);
    });
    const room = useRoomStore();
    await room.open('d1');
    await expect(room.send({ type: 'EndTurn', data: { reason: '' } })).rejects.toMatchObject({ code: 'NOT_MODERATOR', message: 'Only a moderator may do that' });
  });

  it('knows the host is a moderator and others are not', async () => {
    const room = useRoomStore();
    await room.open('d1');
    expect(room.amModerator).toBe(true);
    room.close();
    signIn(LISTENER, 'Sora');
    setActivePinia(createPinia());
    const other = useRoomStore();
    await other.open('d1');
    expect(other.amModerator).toBe(false);
  });
});
