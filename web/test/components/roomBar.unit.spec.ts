// The phone's thumb bar: the hand, voice and leave at hand, sending what the panels send.
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import RoomBar from '../../src/components/room/RoomBar.vue';
import { useRoomStore } from '../../src/stores/room.ts';
import { useVoiceStore } from '../../src/stores/voice.ts';
import { CON, LISTENER, PRO, debateEvents, foldAll } from '../fixtures/debate.ts';
import { mountWith, signIn } from './mountWith.ts';

const state = foldAll(debateEvents()); // the open floor, CON holds it
let sent: { type: string; data: unknown }[] = [];
beforeEach(() => {
  localStorage.clear();
  sent = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    if (String(input).endsWith('/commands')) sent.push(JSON.parse(String(init?.body)));
    return new Response(JSON.stringify({ ok: true, position: '200', version: 7, duplicate: false }), { status: 200 });
  });
  // happy-dom has no WebRTC: say the browser can do voice, as Chromium can.
  vi.stubGlobal('RTCPeerConnection', class {});
  Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia: async () => new MediaStream() }, configurable: true });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function bar(selfId: string, s = state) {
  signIn(selfId, selfId);
  const w = mountWith(RoomBar, { state: s, selfId });
  useRoomStore().debateId = 'd1';
  return w;
}

describe('the room bar', () => {
  it('raises and lowers a speaker’s hand, pressed while raised', async () => {
    const w = bar(PRO);
    const hand = w.get('[data-testid=bar-hand]');
    expect(hand.text()).toBe('Raise hand');
    expect(hand.attributes('aria-pressed')).toBe('false');
    await hand.trigger('click');
    await flushPromises();
    expect(sent.map((c) => c.type)).toEqual(['RaiseHand']);
    const raised = bar(PRO, { ...state, queue: [PRO] });
    expect(raised.get('[data-testid=bar-hand]').attributes('aria-pressed')).toBe('true');
    await raised.get('[data-testid=bar-hand]').trigger('click');
    await flushPromises();
    expect(sent.map((c) => c.type)).toEqual(['RaiseHand', 'LowerHand']);
  });

  it('lets the floor holder yield, and gives a listener no hand of a speaker', async () => {
    const w = bar(CON);
    expect(w.find('[data-testid=bar-hand]').exists()).toBe(false);
    await w.get('[data-testid=bar-yield]').trigger('click');
    await flushPromises();
    expect(sent.map((c) => c.type)).toEqual(['YieldTurn']);
    expect(bar(LISTENER).find('[data-testid=bar-hand]').exists()).toBe(false);
  });

  it('joins voice with the voice store', async () => {
    const w = bar(LISTENER);
    const join = vi.spyOn(useVoiceStore(), 'join').mockResolvedValue(undefined);
    await w.get('[data-testid=bar-voice-join]').trigger('click');
    expect(join).toHaveBeenCalledOnce();
  });

  it('leaves the debate and voice with it', async () => {
    const w = bar(LISTENER);
    const leave = vi.spyOn(useVoiceStore(), 'leave').mockImplementation(() => undefined);
    // Whoever is asked first (the floor holder, a moderator) says yes here.
    vi.spyOn(document.defaultView!, 'confirm').mockReturnValue(true);
    await w.get('[data-testid=bar-leave]').trigger('click');
    await flushPromises();
    expect(sent.map((c) => c.type)).toEqual(['LeaveDebate']);
    expect(leave).toHaveBeenCalledWith({ forget: true });
  });

  it('is labelled in Korean too', () => {
    signIn(PRO, PRO);
    const w = mountWith(RoomBar, { state, selfId: PRO }, 'ko');
    expect(w.get('[data-testid=room-bar]').attributes('aria-label')).toBe('내 조작');
    expect(w.get('[data-testid=bar-hand]').text()).toBe('손 들기');
  });
});
