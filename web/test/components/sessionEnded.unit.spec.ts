// A session the server ended: the page says so (in the page's language), shows nobody signed
// in, and is on the sign-in page (a guest on the guest page) with the way back to where it was.
import { flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../src/App.vue';
import { useSessionStore } from '../../src/stores/session.ts';
import { mountWith, signIn } from './mountWith.ts';

beforeEach(() => {
  localStorage.clear();
  vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ items: [], next: null })));
});

describe('a session that ended', () => {
  it('takes an account to sign-in, keeping the page it was on, and says why', async () => {
    signIn('a1', 'Ada');
    const w = mountWith(App);
    await w.vm.$router.push('/debates/new?from=lobby');
    await flushPromises();
    expect(w.get('[data-testid=who]').text()).toBe('Ada');

    useSessionStore().end();
    await vi.waitFor(() => expect(w.vm.$route.name).toBe('sign-in'), { timeout: 5_000 });
    expect(w.vm.$route.query.redirect).toBe('/debates/new?from=lobby');
    expect(w.find('[data-testid=who]').exists()).toBe(false);
    expect(w.get('[data-testid=notice]').text()).toContain('Your session ended, please sign in again.');
  });

  it('takes a guest to the guest page, in Korean', async () => {
    signIn('g1', 'Sora', 'guest');
    const w = mountWith(App, {}, 'ko');
    await w.vm.$router.push('/debates');
    await flushPromises();
    useSessionStore().end();
    await vi.waitFor(() => expect(w.vm.$route.name).toBe('guest'), { timeout: 5_000 });
    expect(w.vm.$route.query.redirect).toBe('/debates');
    expect(w.get('[data-testid=notice]').text()).toContain('세션이 종료되었습니다. 다시 로그인해 주세요.');
  });
});
