// "Time is up" for a minute after the server had ended the turn: a page whose socket is up waits
// for pushes, and one that missed the push of TurnEnded had nothing telling it. When the projected
// turn's time runs out, the room now reads the state again until the projection has ended it.
import type { DebateEvent } from '@booktalk/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import RoomPage from '../../src/pages/RoomPage.vue';
import { CON, HOST, LISTENER, T0, debateEvents, fakeEventsFetch } from '../fixtures/debate.ts';
import { mountWith, signIn } from './mountWith.ts';

// A socket that is up and never pushes anything (the push of the turn's end was lost).
vi.mock('../../src/api/socket.ts', () => ({
  connectRealtime: () => ({
    on: () => () => undefined,
    onConnection: (f: (up: boolean) => void) => {
      f(true);
      return () => undefined;
    },
    emit: async () => ({ ok: true }),
    connected: true,
    close: () => undefined,
  }),
}));

const TURN_ENDS = T0 + 99_000; // the fixture's turn: 90 s from T0 + 9 s
const ended: DebateEvent = { type: 'TurnEnded', data: { turnNo: 1, speaker: CON, reason: 'expired', endedBy: 'system', spokeMs: 90_000, overtimeMs: 0, at: new Date(TURN_ENDS).toISOString() } };

let events: DebateEvent[];
beforeEach(() => {
  localStorage.clear();
  events = debateEvents();
  vi.useFakeTimers({ now: TURN_ENDS - 5_000, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the countdown after the turn has ended on the server', () => {
  for (const [who, id] of [
    ['a listener (the view)', LISTENER],
    ['the host (the event stream)', HOST],
  ] as const) {
    it(`goes for ${who} even when the push of the end was lost`, async () => {
      const served = fakeEventsFetch(() => events);
      vi.stubGlobal('fetch', served.fetch);
      signIn(id, id);
      const w = mountWith(RoomPage, { id: 'd1' });
      await flushPromises();
      await vi.advanceTimersByTimeAsync(500);
      expect(w.get('[data-testid=countdown]').text()).toBe('0:05');
      // The timekeeper ends the turn at its end; this page hears nothing of it.
      events = [...events, ended];
      await vi.advanceTimersByTimeAsync(5_000);
      expect(w.find('[data-testid=countdown]').exists() ? w.get('[data-testid=countdown]').text() : null).toBe('Time is up');
      await vi.advanceTimersByTimeAsync(3_000);
      expect(w.find('[data-testid=countdown]').exists()).toBe(false);
      expect(w.get('[data-testid=floor]').text()).toContain('Nobody holds the floor.');
      // And it stops asking once the turn is gone.
      const asked = served.calls.length;
      await vi.advanceTimersByTimeAsync(10_000);
      expect(served.calls.length).toBe(asked);
      w.unmount();
    });
  }
});
