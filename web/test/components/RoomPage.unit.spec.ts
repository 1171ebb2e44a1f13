import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import RoomPage from '../../src/pages/RoomPage.vue';
import { HOST, LISTENER, debateEvents, fakeEventsFetch } from '../fixtures/debate.ts';
import { mountWith, signIn } from './mountWith.ts';

// A socket that never connects: the room falls back to HTTP, as it does without a signaling node.
vi.mock('../../src/api/socket.ts', () => ({
  connectRealtime: () => ({ on: () => () => undefined, onConnection: () => () => undefined, emit: async () => ({ ok: true }), connected: false, close: () => undefined }),
}));

beforeEach(() => {
  localStorage.clear();
  vi.stubGlobal('fetch', fakeEventsFetch(() => debateEvents()).fetch);
});
afterEach(() => vi.unstubAllGlobals());

describe('RoomPage', () => {
  it('renders the projected state: round, speaker, votes and chat', async () => {
    signIn(LISTENER, 'Sora');
    const w = mountWith(RoomPage, { id: 'd1' });
    await flushPromises();
    expect(w.get('[data-testid=round-banner]').text()).toContain('Kim Jiyoung today');
    expect(w.get('[aria-current=step]').text()).toBe('Open floor');
    expect(w.get('[data-testid=speaker]').text()).toBe('Ada has the floor');
    expect(w.find('[data-testid=chat]').exists()).toBe(true);
    w.unmount();
  });

  it('shows moderator controls to the host', async () => {
    signIn(HOST, 'Mina');
    const w = mountWith(RoomPage, { id: 'd1' });
    await flushPromises();
    expect(w.find('[data-testid=moderator-controls]').exists()).toBe(true);
    w.unmount();
  });

  it('hides moderator controls from everyone else', async () => {
    signIn(LISTENER, 'Sora');
    const w = mountWith(RoomPage, { id: 'd1' });
    await flushPromises();
    expect(w.find('[data-testid=moderator-controls]').exists()).toBe(false);
    w.unmount();
  });

  it('says so when the debate does not exist', async () => {
    vi.stubGlobal('fetch', fakeEventsFetch(() => []).fetch);
    signIn(LISTENER, 'Sora');
    const w = mountWith(RoomPage, { id: 'missing' });
    await flushPromises();
    expect(w.text()).toContain('This debate does not exist.');
    w.unmount();
  });
});
