import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import type { RealtimeClient } from '../../src/api/socket.ts';
import { useRealtimeStore } from '../../src/stores/realtime.ts';
import { useRoomStore } from '../../src/stores/room.ts';
import { useVoiceStore } from '../../src/stores/voice.ts';
import { signIn } from '../components/mountWith.ts';
import { LISTENER } from '../fixtures/debate.ts';

/** A socket that acks every emit and records them; the test says when it is connected. */
function fakeClient() {
  const sent: { event: string; payload: unknown }[] = [];
  const client: RealtimeClient = {
    on: () => () => undefined,
    emit: async (event, payload) => {
      sent.push({ event, payload });
      return { ok: true };
    },
    onConnection: () => () => undefined,
    connected: false,
    close: () => undefined,
  };
  return { client, joins: () => sent.filter((s) => s.event === 'C_VOICE_JOIN').length };
}

let fake: ReturnType<typeof fakeClient>;
beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  signIn(LISTENER, 'Sora');
  // The room store reads the debate when the socket comes up: no server here.
  vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ ok: false, error: { code: 'DEBATE_NOT_FOUND', message: 'none' } }), { status: 404 }));
  setActivePinia(createPinia());
  fake = fakeClient();
  const realtime = useRealtimeStore();
  realtime.client = fake.client;
  realtime.connected = false;
  useRoomStore().debateId = 'd1';
});
afterEach(() => {
  useVoiceStore().leave();
  vi.unstubAllGlobals();
});

describe('voice store', () => {
  it('joins once when the socket first connects after the join was sent', async () => {
    const voice = useVoiceStore();
    await voice.join();
    useRealtimeStore().connected = true;
    await nextTick();
    await nextTick();
    expect(fake.joins()).toBe(1);
  });

  it('joins again when a connection lost while in voice comes back', async () => {
    const realtime = useRealtimeStore();
    realtime.connected = true;
    const voice = useVoiceStore();
    await voice.join();
    realtime.connected = false;
    await nextTick();
    realtime.connected = true;
    await nextTick();
    await nextTick();
    expect(fake.joins()).toBe(2);
  });
});
