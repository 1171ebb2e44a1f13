// The smaller room and sign-up items, each as a person met it: the chat type after a
// question, a long paste, the person menu, the Hide buttons, the sign-up rules, the Join buttons
// before the room opens or while it is locked.
import { type DebateState, DebateCommandSchema } from '@booktalk/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ChatPanel from '../../src/components/room/ChatPanel.vue';
import JoinPanel from '../../src/components/room/JoinPanel.vue';
import ParticipantList from '../../src/components/room/ParticipantList.vue';
import { MESSAGE_MAX_CHARS } from '../../src/lib/messageLimit.ts';
import AuthPage from '../../src/pages/AuthPage.vue';
import { useRoomStore } from '../../src/stores/room.ts';
import { HOST, LISTENER, PRO, debateEvents, foldAll } from '../fixtures/debate.ts';
import { mountWith, signIn } from './mountWith.ts';

const state = foldAll(debateEvents());

/** A fetch that accepts every command and records what was sent. */
function acceptCommands(): unknown[] {
  const sent: unknown[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    if (String(input).endsWith('/commands')) sent.push(JSON.parse(String(init?.body)));
    return new Response(JSON.stringify({ ok: true, position: '200', version: 7, duplicate: false }), { status: 200 });
  });
  return sent;
}

beforeEach(() => localStorage.clear());
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('the chat form', () => {
  it('goes back to "Chat" after a question is sent', async () => {
    signIn(LISTENER, 'Sora');
    const sent = acceptCommands();
    const w = mountWith(ChatPanel, { state, selfId: LISTENER, moderator: false });
    useRoomStore().debateId = 'd1';
    await w.get('#chat-kind').setValue('question');
    await w.get('[data-testid=chat-input]').setValue('Has the film changed it?');
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(sent).toMatchObject([{ type: 'PostMessage', data: { kind: 'question', text: 'Has the film changed it?' } }]);
    expect((w.get('#chat-kind').element as HTMLSelectElement).value).toBe('chat');
    expect((w.get('[data-testid=chat-input]').element as HTMLInputElement).value).toBe('');
  });

  it('takes a 10,000-character paste whole, says it is too long and sends nothing', async () => {
    signIn(LISTENER, 'Sora');
    const sent = acceptCommands();
    const w = mountWith(ChatPanel, { state, selfId: LISTENER, moderator: false });
    useRoomStore().debateId = 'd1';
    const input = w.get('[data-testid=chat-input]');
    // No maxlength: the browser would cut the paste to it without a word.
    expect(input.attributes('maxlength')).toBeUndefined();
    await input.setValue('x'.repeat(10_000));
    expect((input.element as HTMLInputElement).value).toHaveLength(10_000);
    const warning = w.get('[data-testid=chat-length]');
    expect(warning.attributes('role')).toBe('alert');
    expect(warning.text()).toBe(`Too long to send: ${10_000 - MESSAGE_MAX_CHARS} characters over the limit of ${MESSAGE_MAX_CHARS}. Shorten it first.`);
    expect(input.attributes('aria-invalid')).toBe('true');
    expect(w.get('button[type=submit]').attributes('disabled')).toBeDefined();
    await w.get('form').trigger('submit');
    await flushPromises();
    expect(sent).toEqual([]);
    // Near the limit it counts; within it, it sends.
    await input.setValue('y'.repeat(MESSAGE_MAX_CHARS));
    expect(w.get('[data-testid=chat-length]').text()).toBe(`${MESSAGE_MAX_CHARS} of ${MESSAGE_MAX_CHARS} characters`);
    expect(w.get('button[type=submit]').attributes('disabled')).toBeUndefined();
  });

  it('counts in Korean too', async () => {
    signIn(LISTENER, 'Sora');
    const w = mountWith(ChatPanel, { state, selfId: LISTENER, moderator: false }, 'ko');
    await w.get('[data-testid=chat-input]').setValue('가'.repeat(MESSAGE_MAX_CHARS + 5));
    expect(w.get('[data-testid=chat-length]').text()).toBe(`보낼 수 없을 만큼 깁니다: ${MESSAGE_MAX_CHARS}자 제한보다 5자 많습니다. 먼저 줄여 주세요.`);
  });

  it('uses the limit the server applies', () => {
    const post = (text: string) => DebateCommandSchema.safeParse({ commandId: crypto.randomUUID(), type: 'PostMessage', data: { kind: 'chat', text } }).success;
    expect(post('a'.repeat(MESSAGE_MAX_CHARS))).toBe(true);
    expect(post('a'.repeat(MESSAGE_MAX_CHARS + 1))).toBe(false);
  });

  it("names each Hide button after the message's author", () => {
    const w = mountWith(ChatPanel, { state, selfId: HOST, moderator: true });
    const names = w.findAll('.msg button').filter((b) => b.text() === 'Hide').map((b) => b.attributes('aria-label'));
    expect(names).toEqual(['Hide Sora’s message', 'Hide Ada’s message']);
    const ko = mountWith(ChatPanel, { state, selfId: HOST, moderator: true }, 'ko');
    expect(ko.findAll('.msg button').filter((b) => b.text() === '숨기기').map((b) => b.attributes('aria-label'))).toEqual(['Sora 님의 메시지 숨기기', 'Ada 님의 메시지 숨기기']);
  });
});

describe("a person's menu (moderators)", () => {
  const open = async () => {
    const w = mountWith(ParticipantList, { state, selfId: HOST, moderator: true, levels: {} });
    const menu = w.get(`[data-testid=person-${PRO}] details`);
    (menu.element as HTMLDetailsElement).open = true;
    return { w, menu, summary: menu.get('summary') };
  };

  it('closes after an action and gives focus back to its button', async () => {
    signIn(HOST, 'Mina');
    const sent = acceptCommands();
    const { w, menu, summary } = await open();
    document.body.appendChild(w.element);
    useRoomStore().debateId = 'd1';
    await menu.findAll('button').find((b) => b.text() === 'Mute')!.trigger('click');
    await flushPromises();
    expect(sent).toMatchObject([{ type: 'MuteParticipant', data: { accountId: PRO } }]);
    expect((menu.element as HTMLDetailsElement).open).toBe(false);
    expect(document.activeElement).toBe(summary.element);
  });

  it('closes on Escape and gives focus back to its button', async () => {
    const { w, menu, summary } = await open();
    document.body.appendChild(w.element);
    await menu.findAll('button')[0]!.trigger('keydown', { key: 'Escape' });
    expect((menu.element as HTMLDetailsElement).open).toBe(false);
    expect(document.activeElement).toBe(summary.element);
  });
});

describe('the sign-up form', () => {
  it('shows the username, name and password rules before anything is sent, tied to their fields', async () => {
    const w = mountWith(AuthPage, { mode: 'sign-up' });
    await flushPromises();
    expect(w.get('#hint-username').text()).toBe('3–32 letters, digits, “.”, “_” or “-”, or an e-mail address.');
    expect(w.get('#hint-password').text()).toBe('At least 10 characters; spaces are fine. Not your username.');
    expect(w.get('#hint-displayName').text()).toBe('What others see, up to 60 characters.');
    expect(w.get('input[name=username]').attributes('aria-describedby')).toContain('hint-username');
    expect(w.get('input[name=password]').attributes('aria-describedby')).toContain('hint-password');
    // The label names the field; the rule only describes it.
    expect(w.get('label[for=auth-username]').text()).toBe('Username');
    expect(w.find('.field-error').exists()).toBe(false);
  });

  it('in Korean, and not on the sign-in form (it takes whatever was typed)', async () => {
    const ko = mountWith(AuthPage, { mode: 'sign-up' }, 'ko');
    await flushPromises();
    expect(ko.get('#hint-password').text()).toBe('10자 이상, 공백도 됩니다. 아이디와 같으면 안 됩니다.');
    const signInPage = mountWith(AuthPage, { mode: 'sign-in' });
    await flushPromises();
    expect(signInPage.find('#hint-username').exists()).toBe(false);
    expect(signInPage.find('#hint-password').exists()).toBe(false);
  });
});

describe('the Join buttons', () => {
  const scheduled: DebateState = { ...foldAll(debateEvents().slice(0, 1)) };
  const locked: DebateState = { ...state, locked: true };
  const buttons = (w: ReturnType<typeof mountWith>) => ['join-speaker', 'join-listener'].map((id) => w.get(`[data-testid=${id}]`));

  it('are disabled before the room opens, saying why', () => {
    const w = mountWith(JoinPanel, { state: scheduled, selfId: 'newcomer', guest: false });
    for (const b of buttons(w)) {
      expect(b.attributes('disabled')).toBeDefined();
      expect(b.attributes('aria-describedby')).toBe('join-why');
    }
    expect(w.get('[data-testid=join-why]').text()).toBe('You can join once the host opens the room.');
  });

  it('say why a locked room cannot be joined', () => {
    const w = mountWith(JoinPanel, { state: locked, selfId: 'newcomer', guest: false }, 'ko');
    for (const b of buttons(w)) expect(b.attributes('disabled')).toBeDefined();
    expect(w.get('[data-testid=join-why]').text()).toBe('토론방이 잠겨 있어 사회자가 잠금을 풀 때까지 새로 참가할 수 없습니다.');
  });

  it('stay open to moderators and in an open room', () => {
    const host = mountWith(JoinPanel, { state: locked, selfId: HOST, guest: false });
    for (const b of buttons(host)) expect(b.attributes('disabled')).toBeUndefined();
    const open = mountWith(JoinPanel, { state, selfId: 'newcomer', guest: false });
    for (const b of buttons(open)) expect(b.attributes('disabled')).toBeUndefined();
    expect(open.find('[data-testid=join-why]').exists()).toBe(false);
  });
});

