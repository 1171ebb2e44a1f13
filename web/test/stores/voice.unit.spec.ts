import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import type { RealtimeClient } from '../../src/api/socket.ts';
import { useRealtimeStore } from '../../src/stores/realtime.ts';
import { useRoomStore } from '../../src/stores/room.ts';
import { useVoiceStore } from '../../src/stores/voice.ts';
import { signIn } from '../components/mountWith.ts';
import type { DebateEvent } from '@booktalk/contracts';
import { viewToState } from '../../src/room/viewState.ts';
import { LISTENER, T0, debateEvents, viewOf } from '../fixtures/debate.ts';
import { FakePeerConnection } from '../voice/fakePeer.ts';

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
  return { client, sent, joins: () => sent.filter((s) => s.event === 'C_VOICE_JOIN').length };
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

describe('roles reach the links', () => {
  const OTHER = 'aud2'; // sorts after LISTENER: this page is the one that offers
  const at = (s: number) => new Date(T0 + s * 1000).toISOString();
  const room: DebateEvent[] = [
    ...debateEvents(),
    { type: 'ParticipantJoined', data: { accountId: OTHER, displayName: 'Hana', role: 'audience', side: null, at: at(5) } },
    { type: 'VoiceJoined', data: { accountId: LISTENER, peerId: 'p1', node: 'n', at: at(6) } },
    { type: 'VoiceJoined', data: { accountId: OTHER, peerId: 'p2', node: 'n', at: at(6) } },
  ];
  const promoted: DebateEvent = { type: 'SpeakerPromoted', data: { moderatorId: 'host1', targetId: OTHER, reason: '', side: 'pro', at: at(7) } };

  it('offers to a listener promoted in the pushed view, without a rejoin', async () => {
    vi.stubGlobal('RTCPeerConnection', class extends FakePeerConnection { constructor() { super('browser'); } });
    const roomStore = useRoomStore();
    roomStore.state = viewToState(viewOf(room));
    const voice = useVoiceStore();
    await voice.join();
    const offers = () => fake.sent.filter((m) => m.event === 'C_VOICE_OFFER').map((m) => (m.payload as { toId: string }).toId);
    expect(offers()).toEqual([]);
    roomStore.state = viewToState(viewOf([...room, promoted]));
    await vi.waitFor(() => expect(offers()).toEqual([OTHER]));
    expect(fake.joins()).toBe(1);
  });

  it('offers to a listener promoted in a room where nobody could speak before (an empty roster of speakers)', async () => {
    vi.stubGlobal('RTCPeerConnection', class extends FakePeerConnection { constructor() { super('browser'); } });
    const audienceOnly = room.filter((e) => !(e.type === 'ParticipantJoined' && e.data.role === 'speaker'));
    const roomStore = useRoomStore();
    roomStore.state = viewToState(viewOf(audienceOnly));
    const voice = useVoiceStore();
    await voice.join();
    const offers = () => fake.sent.filter((m) => m.event === 'C_VOICE_OFFER').map((m) => (m.payload as { toId: string }).toId);
    roomStore.state = viewToState(viewOf([...audienceOnly, promoted]));
    await vi.waitFor(() => expect(offers()).toEqual([OTHER]));
  });
});
