// Floor control in the voice store: every receiver mutes the player of a speaker who does not hold
// the floor (like a moderator's mute, whatever the sender's client does), and a speaker off the
// floor has their own track disabled, so no energy leaves it.
import type { DebateEvent } from '@booktalk/contracts';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import type { RealtimeClient } from '../../src/api/socket.ts';
import { viewToState } from '../../src/room/viewState.ts';
import { useRealtimeStore } from '../../src/stores/realtime.ts';
import { useRoomStore } from '../../src/stores/room.ts';
import { useVoiceStore } from '../../src/stores/voice.ts';
import { signIn } from '../components/mountWith.ts';
import { CON, HOST, LISTENER, PRO, T0, debateEvents, viewOf } from '../fixtures/debate.ts';
import { FakePeerConnection } from '../voice/fakePeer.ts';

const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const floorControl = (on: boolean, sec = 20): DebateEvent => ({ type: 'FloorControlChanged', data: { moderatorId: HOST, targetId: null, reason: '', at: at(sec), floorControl: on } });
// debateEvents(): live on the open floor, con holds the floor (turn 1).
const conHasTheFloor = debateEvents();
const turnEnded: DebateEvent = { type: 'TurnEnded', data: { turnNo: 1, speaker: CON, reason: 'yielded', endedBy: CON, spokeMs: 1_000, overtimeMs: 0, at: at(30) } };
const proGranted: DebateEvent = { type: 'TurnGranted', data: { turnNo: 2, speaker: PRO, side: 'pro', kind: 'open', durationMs: 90_000, grantedBy: HOST, startedAt: at(31), endsAt: at(121) } };

/** A socket that acks every emit and lets the test deliver server events. */
function fakeClient() {
  const handlers = new Map<string, ((payload: unknown) => void)[]>();
  const client = {
    on: (event: string, handler: (payload: unknown) => void) => {
      handlers.set(event, [...(handlers.get(event) ?? []), handler]);
      return () => handlers.set(event, (handlers.get(event) ?? []).filter((h) => h !== handler));
    },
    emit: async () => ({ ok: true }),
    onConnection: () => () => undefined,
    connected: true,
    close: () => undefined,
  } as unknown as RealtimeClient;
  return { client, deliver: (event: string, payload: unknown) => (handlers.get(event) ?? []).forEach((h) => h(payload)) };
}

interface FakePlayer {
  muted: boolean;
  srcObject: unknown;
}

let fake: ReturnType<typeof fakeClient>;
let pcs: FakePeerConnection[];
let players: FakePlayer[];
beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  pcs = [];
  players = [];
  vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ ok: false, error: { code: 'DEBATE_NOT_FOUND', message: 'none' } }), { status: 404 }));
  vi.stubGlobal(
    'RTCPeerConnection',
    class extends FakePeerConnection {
      constructor() {
        super('browser');
        pcs.push(this);
      }
    },
  );
  vi.stubGlobal(
    'Audio',
    class {
      muted = false;
      autoplay = false;
      srcObject: unknown = null;
      constructor() {
        players.push(this);
      }
      play() {
        return Promise.resolve();
      }
      pause() {}
    },
  );
});
afterEach(() => {
  useVoiceStore().leave();
  vi.unstubAllGlobals();
});

function enter(accountId: string, name: string, events: DebateEvent[]) {
  signIn(accountId, name);
  setActivePinia(createPinia());
  fake = fakeClient();
  const realtime = useRealtimeStore();
  realtime.client = fake.client;
  realtime.connected = true;
  const room = useRoomStore();
  room.debateId = 'd1';
  room.state = viewToState(viewOf(events));
  return room;
}

describe('floor control at a receiver', () => {
  it('mutes the player of the speaker off the floor and plays the floor holder; off again, both play', async () => {
    const room = enter(LISTENER, 'Sora', [...conHasTheFloor, floorControl(true)]);
    const voice = useVoiceStore();
    await voice.join();
    // The speakers join after this listener: it links to each, and each sends audio.
    const streams: Record<string, unknown> = { [PRO]: { id: 'from-pro' }, [CON]: { id: 'from-con' } };
    for (const id of [PRO, CON]) {
      fake.deliver('S_VOICE_JOIN', { debateId: 'd1', accountId: id, transport: 'mesh' });
      const pc = pcs.at(-1)!;
      (pc.ontrack as unknown as (e: { track: unknown; streams: unknown[] }) => void)({ track: {}, streams: [streams[id]] });
    }
    const player = (id: string) => players.find((p) => p.srcObject === streams[id]);
    expect([player(PRO)?.muted, player(CON)?.muted]).toEqual([true, false]);
    // The floor moves: pro is heard, con is not.
    room.state = viewToState(viewOf([...conHasTheFloor, floorControl(true), turnEnded, proGranted]));
    await nextTick();
    expect([player(PRO)?.muted, player(CON)?.muted]).toEqual([false, true]);
    // Between turns, nobody on the floor: the speakers are silent.
    room.state = viewToState(viewOf([...conHasTheFloor, floorControl(true), turnEnded]));
    await nextTick();
    expect([player(PRO)?.muted, player(CON)?.muted]).toEqual([true, true]);
    // Floor control off: every speaker who may speak is heard.
    room.state = viewToState(viewOf([...conHasTheFloor, floorControl(true), turnEnded, floorControl(false, 40)]));
    await nextTick();
    expect([player(PRO)?.muted, player(CON)?.muted]).toEqual([false, false]);
  });
});

describe('floor control at the sender', () => {
  it('disables the own track off the floor, says why, and enables it with the floor', async () => {
    const track = { enabled: true, readyState: 'live', stop: () => undefined, getSettings: () => ({ deviceId: 'mic' }) };
    vi.stubGlobal('navigator', {
      ...navigator,
      mediaDevices: { getUserMedia: async () => ({ getTracks: () => [track], getAudioTracks: () => [track] }), enumerateDevices: async () => [] },
    });
    const room = enter(PRO, 'Jae-won', [...conHasTheFloor, floorControl(true)]);
    const voice = useVoiceStore();
    await voice.join();
    expect(track.enabled).toBe(false);
    expect(voice.floorSilenced).toBe(true);
    room.state = viewToState(viewOf([...conHasTheFloor, floorControl(true), turnEnded, proGranted]));
    await nextTick();
    expect(track.enabled).toBe(true);
    expect(voice.floorSilenced).toBe(false);
    // Self-muted stays muted whoever holds the floor.
    voice.toggleSelfMute();
    expect(track.enabled).toBe(false);
  });
});
