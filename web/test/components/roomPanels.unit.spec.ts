import type { DebateEvent } from '@booktalk/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ChatPanel from '../../src/components/room/ChatPanel.vue';
import ModeratorBar from '../../src/components/room/ModeratorBar.vue';
import ParticipantList from '../../src/components/room/ParticipantList.vue';
import PresentationPanel from '../../src/components/room/PresentationPanel.vue';
import { useRoomStore } from '../../src/stores/room.ts';
import { HOST, LISTENER, PRO, T0, debateEvents, fakeEventsFetch, foldAll } from '../fixtures/debate.ts';
import { mountWith, signIn } from './mountWith.ts';

const state = foldAll(debateEvents());
beforeEach(() => localStorage.clear());

describe('ParticipantList', () => {
  it('groups people under their side with role badges', () => {
    const w = mountWith(ParticipantList, { state, selfId: LISTENER, moderator: false, levels: {} });
    expect(w.get('.people__group--pro').text()).toContain('Jae-won');
    expect(w.get('.people__group--con').text()).toContain('Ada');
    expect(w.get('.people__group--audience').text()).toContain('Listener');
  });

  it('shows per-person moderator actions only to moderators', () => {
    expect(mountWith(ParticipantList, { state, selfId: PRO, moderator: false, levels: {} }).find('.person__actions').exists()).toBe(false);
    expect(mountWith(ParticipantList, { state, selfId: HOST, moderator: true, levels: {} }).findAll('.person__actions')).toHaveLength(3);
  });

  it('offers the host, and only the host, to revoke a co-moderator', () => {
    const withModerator = {
      ...state,
      moderators: [...state.moderators, LISTENER],
      participants: { ...state.participants, [LISTENER]: { ...state.participants[LISTENER]!, role: 'moderator' as const } },
    };
    const menuOf = (selfId: string) => mountWith(ParticipantList, { state: withModerator, selfId, moderator: true, levels: {} }).get(`[data-testid=person-${LISTENER}]`).text();
    expect(menuOf(HOST)).toContain('Revoke moderator');
    expect(menuOf(HOST)).not.toContain('Make moderator');
    // A moderator has no speaker role to lose: no "Move to audience" for them.
    expect(menuOf(HOST)).not.toContain('Move to audience');
    expect(menuOf(PRO)).not.toContain('Revoke moderator');
  });

  it('marks a muted participant', () => {
    const muted = { ...state, participants: { ...state.participants, [PRO]: { ...state.participants[PRO]!, muted: true } } };
    expect(mountWith(ParticipantList, { state: muted, selfId: LISTENER, moderator: false, levels: {} }).get(`[data-testid=person-${PRO}]`).text()).toContain('muted');
  });
});

describe('ModeratorBar', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows whether the room is accounts-only and switches it with SetRoomAccess', async () => {
    signIn(HOST, 'Host');
    const sent: unknown[] = [];
    vi.stubGlobal('fetch', async (_input: RequestInfo | URL, init?: RequestInit) => {
      sent.push(JSON.parse(String(init?.body)));
      return new Response(JSON.stringify({ ok: true, position: '200', version: 7, duplicate: false }), { status: 200 });
    });
    const w = mountWith(ModeratorBar, { state });
    useRoomStore().debateId = 'd1';
    const box = w.get('[data-testid=accounts-only]');
    expect((box.element as HTMLInputElement).checked).toBe(false);
    await box.setValue(true);
    await flushPromises();
    expect(sent).toEqual([expect.objectContaining({ type: 'SetRoomAccess', data: { accountsOnly: true, reason: '' } })]);
    expect((mountWith(ModeratorBar, { state: { ...state, accountsOnly: true } }).get('[data-testid=accounts-only]').element as HTMLInputElement).checked).toBe(true);
  });
});

describe('ChatPanel', () => {
  it('renders markdown and never an injected element', () => {
    const w = mountWith(ChatPanel, { state, selfId: LISTENER, moderator: false });
    expect(w.get('[data-testid=msg-m1]').html()).toContain('<strong>film</strong>');
    expect(w.get('[data-testid=msg-m2]').find('img').exists()).toBe(false);
    expect(w.get('[data-testid=msg-m2]').text()).toContain('onerror');
  });

  it('leaves hidden messages out', () => {
    const hidden = { ...state, messages: { ...state.messages, m2: { ...state.messages.m2!, hidden: true } } };
    expect(mountWith(ChatPanel, { state: hidden, selfId: LISTENER, moderator: false }).find('[data-testid=msg-m2]').exists()).toBe(false);
  });

  it('shows moderators a hidden message marked hidden, with nothing to hide again', () => {
    const hidden = { ...state, messages: { ...state.messages, m2: { ...state.messages.m2!, hidden: true } } };
    const m2 = mountWith(ChatPanel, { state: hidden, selfId: HOST, moderator: true }).get('[data-testid=msg-m2]');
    expect(m2.get('[data-testid=msg-hidden]').text()).toBe('Hidden: only moderators see this');
    expect(m2.text()).not.toContain('Hide');
  });

  it('names each message’s author', () => {
    const w = mountWith(ChatPanel, { state, selfId: LISTENER, moderator: false });
    expect(w.get('[data-testid=msg-m1]').text()).toContain('Sora');
    expect(w.get('[data-testid=msg-m2]').text()).toContain('Ada');
  });

  it('says how many earlier messages the view left out, and nothing when none were', () => {
    expect(mountWith(ChatPanel, { state, selfId: LISTENER, moderator: false, omitted: 3 }).get('[data-testid=chat-omitted]').text()).toContain('3');
    expect(mountWith(ChatPanel, { state, selfId: LISTENER, moderator: false, omitted: 0 }).find('[data-testid=chat-omitted]').exists()).toBe(false);
  });

  it('lets only moderators mark questions answered or hide messages', () => {
    expect(mountWith(ChatPanel, { state, selfId: LISTENER, moderator: false }).text()).not.toContain('Mark answered');
    const mod = mountWith(ChatPanel, { state, selfId: HOST, moderator: true });
    expect(mod.text()).toContain('Mark answered');
    expect(mod.text()).toContain('Hide');
  });
});

describe('PresentationPanel', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('disables saving once the notes are saved, until they change again', async () => {
    signIn(PRO, 'Jae-won');
    const events: DebateEvent[] = [...debateEvents().slice(0, 6), { type: 'RoundStarted', data: { round: 'PREPARATION', order: [], by: HOST, at: new Date(T0 + 6_000).toISOString() } }];
    const server = fakeEventsFetch(() => events, { mayReadEvents: false });
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) =>
      init?.method === 'POST' ? new Response(JSON.stringify({ ok: true, position: '200', version: 7, duplicate: false }), { status: 200 }) : server.fetch(input, init),
    );
    const w = mountWith(PresentationPanel, { state: foldAll(events), selfId: PRO });
    useRoomStore().debateId = 'd1';
    const button = () => w.get('button[type=submit]').element as HTMLButtonElement;
    await w.get('[data-testid=notes-input]').setValue('## My case (p. 3)');
    expect(button().disabled).toBe(false);
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(button().disabled).toBe(true);
    await w.get('[data-testid=notes-input]').setValue('## My case (p. 4)');
    expect(button().disabled).toBe(false);
  });
});
