// The room as people expect it from live-audio apps: being in the debate is being in its voice
// (no "Join voice" to find; a listener never asked for a microphone), one Leave that leaves both
// quietly, an honest status when alone, a "Listen" tap where the browser blocks autoplay, and a
// tab taken over or a removed person told why. RoomPage over a scripted socket and the HTTP fake.
import type { DebateEvent } from '@booktalk/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import RoomPage from '../../src/pages/RoomPage.vue';
import { useRealtimeStore } from '../../src/stores/realtime.ts';
import { useVoiceStore } from '../../src/stores/voice.ts';
import { HOST, LISTENER, PRO, T0, debateEvents, viewOf } from '../fixtures/debate.ts';
import { FakePeerConnection } from '../voice/fakePeer.ts';
import { mountWith, signIn } from './mountWith.ts';

interface Fake {
  sent: { event: string; payload: Record<string, unknown> }[];
  handlers: Map<string, ((payload: unknown) => void)[]>;
  closed: boolean;
}
const clients: Fake[] = [];
/** Who is already in the voice room, as the C_VOICE_JOIN ack lists them. */
let voicePeers: string[] = [];
let events: DebateEvent[] = [];
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

/** What the server would write for the commands this page sends. */
function apply(type: string, data: Record<string, unknown>): void {
  if (type === 'JoinDebate') events.push({ type: 'ParticipantJoined', data: { accountId: LISTENER, displayName: 'Sora', role: data.role as 'audience', side: null, at: at(50) } });
  if (type === 'LeaveDebate') events.push({ type: 'ParticipantLeft', data: { accountId: LISTENER, at: at(60) } } as DebateEvent);
}

vi.mock('../../src/api/socket.ts', () => ({
  connectRealtime: () => {
    const c: Fake = { sent: [], handlers: new Map(), closed: false };
    clients.push(c);
    return {
      on: (event: string, handler: (p: unknown) => void) => {
        c.handlers.set(event, [...(c.handlers.get(event) ?? []), handler]);
        return () => c.handlers.set(event, (c.handlers.get(event) ?? []).filter((h) => h !== handler));
      },
      onConnection: (handler: (up: boolean) => void) => {
        queueMicrotask(() => !c.closed && handler(true));
        return () => undefined;
      },
      emit: async (event: string, payload: Record<string, unknown>) => {
        c.sent.push({ event, payload });
        if (event === 'C_COMMAND') apply(payload.type as string, payload.data as Record<string, unknown>);
        if (event === 'C_VOICE_JOIN') return { ok: true, debateId: 'd1', peerId: 'peer-1', peers: voicePeers.map((accountId) => ({ accountId, displayName: accountId })) };
        return { ok: true };
      },
      get connected() {
        return !c.closed;
      },
      close: () => (c.closed = true),
    };
  },
}));

const deliver = (c: Fake, event: string, payload: unknown) => (c.handlers.get(event) ?? []).forEach((h) => h(payload));
const sentOf = (event: string) => clients.flatMap((c) => c.sent).filter((s) => s.event === event);
const commands = () => sentOf('C_COMMAND').map((s) => s.payload.type);

let getUserMedia: ReturnType<typeof vi.fn>;
let pcs: FakePeerConnection[];
let players: { srcObject: unknown; plays: number }[];
/** Whether the browser lets a player start without a gesture. */
let autoplayAllowed: boolean;

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  clients.length = 0;
  voicePeers = [];
  events = debateEvents();
  pcs = [];
  players = [];
  autoplayAllowed = true;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = String(input);
    if (/\/api\/debates\/d1$/.test(url)) return new Response(JSON.stringify(viewOf(events)), { status: 200 });
    return new Response(JSON.stringify({ ok: false, error: { code: 'NOT_FOUND', message: url } }), { status: 404 });
  });
  vi.stubGlobal(
    'RTCPeerConnection',
    class extends FakePeerConnection {
      constructor() {
        super('browser');
        pcs.push(this);
      }
    },
  );
  const track = { enabled: true, readyState: 'live', stop: () => undefined, getSettings: () => ({ deviceId: 'mic' }) };
  getUserMedia = vi.fn(async () => ({ getTracks: () => [track], getAudioTracks: () => [track] }));
  Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia, enumerateDevices: async () => [] }, configurable: true });
  vi.stubGlobal(
    'Audio',
    class {
      muted = false;
      autoplay = false;
      ended = false;
      srcObject: unknown = null;
      plays = 0;
      constructor() {
        players.push(this);
      }
      play() {
        this.plays++;
        return autoplayAllowed ? Promise.resolve() : Promise.reject(Object.assign(new Error('play() needs a gesture'), { name: 'NotAllowedError' }));
      }
      pause() {}
    },
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

async function enter(locale: 'en' | 'ko' = 'en') {
  signIn(LISTENER, 'Sora');
  const w = mountWith(RoomPage, { id: 'd1' }, locale);
  await flushPromises();
  await flushPromises();
  return w;
}

describe('listening by default', () => {
  it('a listener already in the debate is in voice on entering, with no microphone asked', async () => {
    const w = await enter();
    expect(sentOf('C_VOICE_JOIN')).toHaveLength(1);
    expect(getUserMedia).not.toHaveBeenCalled();
    expect(w.find('[data-testid=voice-join]').exists()).toBe(false);
    w.unmount();
  });

  it('joining as a listener starts voice by itself; the one Leave leaves voice and the debate without asking, and stays out', async () => {
    events = debateEvents().filter((e) => !(e.type === 'ParticipantJoined' && e.data.accountId === LISTENER));
    const confirm = vi.spyOn(window, 'confirm');
    const w = await enter();
    expect(sentOf('C_VOICE_JOIN')).toHaveLength(0);
    await w.get('[data-testid=join-listener]').trigger('click');
    await flushPromises();
    expect(commands()).toEqual(['JoinDebate']);
    expect(sentOf('C_VOICE_JOIN')).toHaveLength(1);
    expect(getUserMedia).not.toHaveBeenCalled();

    await w.get('[data-testid=leave]').trigger('click');
    await flushPromises();
    expect(confirm).not.toHaveBeenCalled();
    expect(commands()).toEqual(['JoinDebate', 'LeaveDebate']);
    expect(sentOf('C_VOICE_LEAVE')).toHaveLength(1);
    expect(w.find('[data-testid=join-listener]').exists()).toBe(true);
    expect(w.find('[data-testid=voice]').exists()).toBe(false);
    expect(sessionStorage.getItem('booktalk.voice.d1')).toBe('left');

    // Joining again is choosing to listen again.
    await w.get('[data-testid=join-listener]').trigger('click');
    await flushPromises();
    expect(sentOf('C_VOICE_JOIN')).toHaveLength(2);
    w.unmount();
  });

  it('a tab reloaded after its person left voice on purpose does not enter voice by itself', async () => {
    sessionStorage.setItem('booktalk.voice.d1', 'left');
    const w = await enter();
    expect(sentOf('C_VOICE_JOIN')).toHaveLength(0);
    w.unmount();
  });

  it('asks a moderator before leaving', async () => {
    events = [...debateEvents(), { type: 'ModeratorAssigned', data: { moderatorId: HOST, targetId: LISTENER, reason: '', at: at(20) } } as DebateEvent];
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    const w = await enter();
    await w.get('[data-testid=leave]').trigger('click');
    await flushPromises();
    expect(confirm).toHaveBeenCalledOnce();
    expect(commands()).toEqual([]);
    expect(sentOf('C_VOICE_LEAVE')).toHaveLength(0);
    w.unmount();
  });
});

describe('the voice status', () => {
  it('says "In voice — nobody else yet" to the only one in voice, not "Connecting… · 0"', async () => {
    const w = await enter();
    expect(w.get('[data-testid=voice-status]').text()).toBe('In voice — nobody else yet');
    w.unmount();
    const ko = await enter('ko');
    expect(ko.get('[data-testid=voice-status]').text()).toBe('음성 참여 중 — 아직 다른 사람이 없습니다');
    ko.unmount();
  });

  it('says connecting while a speaker’s link is negotiated', async () => {
    voicePeers = [PRO];
    const w = await enter();
    deliver(clients[0]!, 'S_VOICE_JOIN', { debateId: 'd1', accountId: PRO, displayName: 'Jae-won', transport: 'mesh' });
    await flushPromises();
    expect(w.get('[data-testid=voice-status]').text()).toBe('Connecting…');
    w.unmount();
  });
});

describe('where the browser blocks autoplay', () => {
  it('shows one Listen button that starts every speaker', async () => {
    autoplayAllowed = false;
    const w = await enter();
    deliver(clients[0]!, 'S_VOICE_JOIN', { debateId: 'd1', accountId: PRO, displayName: 'Jae-won', transport: 'mesh' });
    (pcs.at(-1)!.ontrack as unknown as (e: { track: unknown; streams: unknown[] }) => void)({ track: {}, streams: [{ id: 'from-pro' }] });
    await flushPromises();
    expect(players).toHaveLength(1);
    const listen = w.get('[data-testid=listen]');
    expect(listen.text()).toBe('Listen');
    autoplayAllowed = true; // the tap is the gesture
    await listen.trigger('click');
    await flushPromises();
    expect(players[0]!.plays).toBe(2);
    expect(w.find('[data-testid=listen]').exists()).toBe(false);
    w.unmount();
  });
});

describe('taken over by another tab', () => {
  it('says why, leaves voice, does not connect again by itself, and takes it back on "Use here"', async () => {
    const w = await enter();
    expect(sentOf('C_VOICE_JOIN')).toHaveLength(1);
    deliver(clients[0]!, 'S_SESSION_REPLACED', { accountId: LISTENER, reason: 'replaced' });
    await flushPromises();
    expect(w.get('[data-testid=taken-over]').text()).toContain('You opened this room in another tab or device; this tab stopped.');
    expect(clients[0]!.closed).toBe(true);
    // Nothing on this page opens a connection meanwhile, not even voice.
    expect(useRealtimeStore().ensure()).toBeNull();
    expect(w.find('[data-testid=voice-join]').exists()).toBe(false);
    await useVoiceStore().join();
    await flushPromises();
    expect(clients).toHaveLength(1);

    await w.get('[data-testid=use-here]').trigger('click');
    await flushPromises();
    expect(clients).toHaveLength(2);
    expect(clients[1]!.sent.filter((s) => s.event === 'C_VOICE_JOIN')).toHaveLength(1);
    expect(w.find('[data-testid=taken-over]').exists()).toBe(false);
    w.unmount();
  });

  it('says it in Korean', async () => {
    const w = await enter('ko');
    deliver(clients[0]!, 'S_SESSION_REPLACED', { accountId: LISTENER, reason: 'replaced' });
    await flushPromises();
    expect(w.get('[data-testid=taken-over]').text()).toContain('다른 탭이나 기기에서 이 방을 열어 이 탭은 멈췄습니다.');
    expect(w.get('[data-testid=use-here]').text()).toBe('여기서 사용');
    w.unmount();
  });
});

describe('removed by a moderator', () => {
  const removal: DebateEvent = { type: 'ParticipantRemoved', data: { moderatorId: HOST, targetId: LISTENER, reason: 'spam', at: at(30) } } as DebateEvent;

  it('is told so instead of being offered the join panel, after a reload too', async () => {
    const w = await enter();
    events.push(removal);
    deliver(clients[0]!, 'S_REMOVED', { debateId: 'd1', accountId: LISTENER });
    deliver(clients[0]!, 'S_DEBATE_STATE', { debateId: 'd1', position: '200', state: viewOf(events) });
    await flushPromises();
    expect(w.get('[data-testid=removed]').text()).toBe('A moderator removed you from this debate.');
    expect(w.find('[data-testid=join-listener]').exists()).toBe(false);
    w.unmount();

    const again = await enter('ko');
    expect(again.get('[data-testid=removed]').text()).toBe('사회자가 이 토론에서 내보냈습니다.');
    expect(again.find('[data-testid=join-listener]').exists()).toBe(false);
    again.unmount();
  });
});
