import { beforeEach, describe, expect, it } from 'vitest';
import ChatPanel from '../../src/components/room/ChatPanel.vue';
import ParticipantList from '../../src/components/room/ParticipantList.vue';
import { HOST, LISTENER, PRO, debateEvents, foldAll } from '../fixtures/debate.ts';
import { mountWith } from './mountWith.ts';

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

  it('marks a muted participant', () => {
    const muted = { ...state, participants: { ...state.participants, [PRO]: { ...state.participants[PRO]!, muted: true } } };
    expect(mountWith(ParticipantList, { state: muted, selfId: LISTENER, moderator: false, levels: {} }).get(`[data-testid=person-${PRO}]`).text()).toContain('muted');
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
