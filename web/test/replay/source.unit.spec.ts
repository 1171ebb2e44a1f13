import type { DebateEvent } from '@booktalk/contracts';
import { describe, expect, it } from 'vitest';
import { createAfterDebateApi } from '../../src/api/afterDebate.ts';
import { createHttpClient } from '../../src/api/http.ts';
import { openReplaySource } from '../../src/replay/source.ts';
import { viewToState } from '../../src/room/viewState.ts';
import { fakeAfterDebateApi } from '../fixtures/afterDebateServer.ts';
import { CON, T0, debateEvents, foldAll } from '../fixtures/debate.ts';

const apiOver = (events: () => DebateEvent[], o: Parameters<typeof fakeAfterDebateApi>[1] = {}) => {
  const server = fakeAfterDebateApi(events, o);
  return { server, api: createAfterDebateApi(createHttpClient({ token: () => null, fetch: server.fetch })) };
};

describe('replay source', () => {
  it('reads every page of the timeline', async () => {
    const { api, server } = apiOver(() => debateEvents(), { pageSize: 3 });
    const src = await openReplaySource(api, 'd1', { tryEvents: false });
    expect(src.items.map((i) => i.type)).toEqual(debateEvents().map((e) => e.type));
    expect(server.calls.filter((c) => c.includes('/timeline')).length).toBe(4);
  });

  it('folds the raw stream in the browser for a moderator, with no request per state', async () => {
    const { api, server } = apiOver(() => debateEvents(), { mayReadEvents: true });
    const src = await openReplaySource(api, 'd1', { tryEvents: true });
    const before = server.calls.length;
    expect(src.mode).toBe('events');
    expect(src.peek(9)).toEqual(foldAll(debateEvents()));
    expect(await src.stateAt(3)).toEqual(foldAll(debateEvents().slice(0, 4)));
    expect(server.calls.length).toBe(before);
  });

  it('falls back to the server’s states when the stream is refused', async () => {
    const { api } = apiOver(() => debateEvents(), { mayReadEvents: false });
    const src = await openReplaySource(api, 'd1', { tryEvents: true });
    expect(src.mode).toBe('states');
    const state = await src.stateAt(9);
    expect(state.currentTurn?.accountId).toBe(CON);
    expect(state).toEqual(viewToState((await api.stateAtPosition('d1', '109'))));
  });

  it('fetches a state once per position and then has it at hand', async () => {
    const { api, server } = apiOver(() => debateEvents());
    const src = await openReplaySource(api, 'd1', { tryEvents: false });
    expect(src.peek(5)).toBeUndefined();
    await Promise.all([src.stateAt(5), src.stateAt(5), src.stateAt(5)]);
    expect(src.peek(5)?.status).toBe('live');
    expect(server.calls.filter((c) => c.includes('/state?position=105')).length).toBe(1);
  });

  it('knows who held the floor from the state at each grant', async () => {
    const { api } = apiOver(() => debateEvents());
    const src = await openReplaySource(api, 'd1', { tryEvents: false });
    const turns = await src.turns();
    expect(turns.map((t) => [t.accountId, t.displayName, t.side, t.startMs, t.endMs])).toEqual([[CON, 'Ada', 'con', 4_000, null]]);
  });

  it('reads what was added since, for a live debate', async () => {
    let events = debateEvents();
    const { api } = apiOver(() => events, { mayReadEvents: true });
    const src = await openReplaySource(api, 'd1', { tryEvents: true });
    events = [...events, { type: 'TurnEnded', data: { turnNo: 1, speaker: CON, reason: 'yielded', endedBy: CON, spokeMs: 5_000, overtimeMs: 0, at: new Date(T0 + 14_000).toISOString() } }];
    expect(await src.refresh()).toBe(true);
    expect(src.items.at(-1)?.type).toBe('TurnEnded');
    expect(src.peek(10)?.currentTurn).toBeNull();
    expect(await src.refresh()).toBe(false);
  });

  it('says a debate without events does not exist', async () => {
    const { api } = apiOver(() => []);
    await expect(openReplaySource(api, 'd1', { tryEvents: false })).rejects.toMatchObject({ code: 'DEBATE_NOT_FOUND' });
  });
});
