// Asking to speak, the moderator's answers, the invitation prompt and the floor control switch.
import type { DebateEvent } from '@booktalk/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import FloorPanel from '../../src/components/room/FloorPanel.vue';
import InvitationPrompt from '../../src/components/room/InvitationPrompt.vue';
import ModeratorBar from '../../src/components/room/ModeratorBar.vue';
import { useRoomStore } from '../../src/stores/room.ts';
import { HOST, LISTENER, PRO, T0, debateEvents, foldAll } from '../fixtures/debate.ts';
import { mountWith, signIn } from './mountWith.ts';

const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const asked: DebateEvent = { type: 'TurnRequested', data: { accountId: LISTENER, side: null, at: at(20) } };
const proHand: DebateEvent = { type: 'TurnRequested', data: { accountId: PRO, side: 'pro', at: at(21) } };
const hostJoined: DebateEvent = { type: 'ParticipantJoined', data: { accountId: HOST, displayName: 'Mina', role: 'moderator', side: null, at: at(19) } };
const invited: DebateEvent = { type: 'SpeakerInvited', data: { moderatorId: HOST, targetId: LISTENER, reason: 'your question', at: at(22), side: 'con' } };

/** Commands sent over HTTP (no socket in these tests), answered ok. */
function recordCommands(): unknown[] {
  const sent: unknown[] = [];
  vi.stubGlobal('fetch', async (_input: RequestInfo | URL, init?: RequestInit) => {
    sent.push(JSON.parse(String(init?.body)));
    return new Response(JSON.stringify({ ok: true, position: '200', version: 7, duplicate: false }), { status: 200 });
  });
  return sent;
}

beforeEach(() => localStorage.clear());
afterEach(() => vi.unstubAllGlobals());

describe('asking to speak', () => {
  it('a listener with an account asks, sees that they asked, and may cancel', async () => {
    signIn(LISTENER, 'Sora');
    const sent = recordCommands();
    const w = mountWith(FloorPanel, { state: foldAll(debateEvents()), selfId: LISTENER });
    useRoomStore().debateId = 'd1';
    await w.get('[data-testid=ask-to-speak]').trigger('click');
    await flushPromises();
    expect(sent).toEqual([expect.objectContaining({ type: 'RaiseHand', data: {} })]);
    const after = mountWith(FloorPanel, { state: foldAll([...debateEvents(), asked]), selfId: LISTENER });
    expect(after.get('[data-testid=speak-asked]').text()).toContain('You asked to speak');
    expect(after.find('[data-testid=cancel-request]').exists()).toBe(true);
    // A request is not a place in the speakers' queue.
    expect(after.find('[data-testid=queue-place]').exists()).toBe(false);
  });

  it('a guest is told an account is needed instead', () => {
    const w = mountWith(FloorPanel, { state: foldAll(debateEvents()), selfId: LISTENER, guest: true });
    expect(w.find('[data-testid=ask-to-speak]').exists()).toBe(false);
    expect(w.text()).toContain('Sign in with an account to ask to speak');
  });

  it('requests are listed apart from the hands, marked, with the answers for moderators only', async () => {
    const state = foldAll([...debateEvents(), asked, proHand]);
    const asListener = mountWith(FloorPanel, { state, selfId: PRO });
    expect(asListener.get('[data-testid=queue]').text()).toContain('Jae-won');
    expect(asListener.get('[data-testid=queue]').text()).not.toContain('Sora');
    expect(asListener.get(`[data-testid=speak-request-${LISTENER}]`).text()).toContain('asks to speak');
    expect(asListener.get(`[data-testid=speak-request-${LISTENER}]`).findAll('button')).toHaveLength(0);

    signIn(HOST, 'Mina');
    const sent = recordCommands();
    const asModerator = mountWith(FloorPanel, { state, selfId: HOST, moderator: true });
    useRoomStore().debateId = 'd1';
    const request = asModerator.get(`[data-testid=speak-request-${LISTENER}]`);
    expect(request.findAll('button').map((b) => b.text())).toEqual(['Invite to speak (Pro): Sora', 'Invite to speak (Con): Sora', 'Dismiss: Sora']);
    await request.findAll('button')[1]!.trigger('click');
    await flushPromises();
    await request.findAll('button')[2]!.trigger('click');
    await flushPromises();
    expect(sent).toEqual([
      expect.objectContaining({ type: 'InviteToSpeak', data: { accountId: LISTENER, side: 'con', reason: '' } }),
      expect.objectContaining({ type: 'DismissRequest', data: { accountId: LISTENER, reason: '' } }),
    ]);
  });

  it('moderators see the invitations waiting for an answer, and may withdraw one', () => {
    const w = mountWith(FloorPanel, { state: foldAll([...debateEvents(), asked, invited]), selfId: HOST, moderator: true });
    expect(w.find(`[data-testid=speak-request-${LISTENER}]`).exists()).toBe(false);
    expect(w.get(`[data-testid=speak-invited-${LISTENER}]`).text()).toContain('Invited, waiting for an answer');
    expect(w.get(`[data-testid=speak-invited-${LISTENER}]`).text()).toContain('Withdraw');
  });
});

describe('the invitation prompt', () => {
  it('shows who invites, for which side, and why; declining sends DeclineInvitation', async () => {
    signIn(LISTENER, 'Sora');
    const sent = recordCommands();
    const w = mountWith(InvitationPrompt, { state: foldAll([...debateEvents(), hostJoined, invited]), selfId: LISTENER });
    useRoomStore().debateId = 'd1';
    expect(w.get('[data-testid=invitation]').text()).toContain('Mina invites you to speak for the Con side');
    expect(w.text()).toContain('your question');
    await w.get('[data-testid=invitation-decline]').trigger('click');
    await flushPromises();
    expect(sent).toEqual([expect.objectContaining({ type: 'DeclineInvitation', data: {} })]);
  });

  it('asks for the microphone first: refused, nothing is sent and the person is told', async () => {
    signIn(LISTENER, 'Sora');
    const sent = recordCommands();
    vi.stubGlobal('RTCPeerConnection', class {});
    vi.stubGlobal('navigator', { ...navigator, mediaDevices: { getUserMedia: async () => Promise.reject(new Error('NotAllowedError')) } });
    const w = mountWith(InvitationPrompt, { state: foldAll([...debateEvents(), invited]), selfId: LISTENER });
    useRoomStore().debateId = 'd1';
    await w.get('[data-testid=invitation-accept]').trigger('click');
    await flushPromises();
    expect(sent).toEqual([]);
    expect(w.get('[role=alert]').text()).toContain('microphone could not be opened');
  });

  it('granted, the acceptance goes out', async () => {
    signIn(LISTENER, 'Sora');
    const sent = recordCommands();
    const track = { enabled: true, readyState: 'live', stop: () => undefined };
    vi.stubGlobal('RTCPeerConnection', class {});
    vi.stubGlobal('navigator', { ...navigator, mediaDevices: { getUserMedia: async () => ({ getTracks: () => [track], getAudioTracks: () => [track] }) } });
    const w = mountWith(InvitationPrompt, { state: foldAll([...debateEvents(), invited]), selfId: LISTENER });
    useRoomStore().debateId = 'd1';
    await w.get('[data-testid=invitation-accept]').trigger('click');
    await flushPromises();
    expect(sent).toEqual([expect.objectContaining({ type: 'AcceptInvitation', data: {} })]);
  });

  it('says "a moderator" when the inviter is not in the room', () => {
    const w = mountWith(InvitationPrompt, { state: foldAll([...debateEvents(), invited]), selfId: LISTENER });
    expect(w.get('[data-testid=invitation]').text()).toContain('A moderator invites you to speak for the Con side');
  });

  it('is not there without an invitation', () => {
    expect(mountWith(InvitationPrompt, { state: foldAll(debateEvents()), selfId: LISTENER }).find('[data-testid=invitation]').exists()).toBe(false);
  });
});

describe('the floor control switch', () => {
  it('shows the setting and switches it with SetFloorControl', async () => {
    signIn(HOST, 'Mina');
    const sent = recordCommands();
    const w = mountWith(ModeratorBar, { state: foldAll(debateEvents()) });
    useRoomStore().debateId = 'd1';
    const box = w.get('[data-testid=floor-control]');
    expect((box.element as HTMLInputElement).checked).toBe(false);
    await box.setValue(true);
    await flushPromises();
    expect(sent).toEqual([expect.objectContaining({ type: 'SetFloorControl', data: { floorControl: true, reason: '' } })]);
  });
});
