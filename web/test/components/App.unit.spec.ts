import { flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import App from '../../src/App.vue';
import { mountWith, signIn } from './mountWith.ts';

beforeEach(() => {
  localStorage.clear();
  vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ items: [], next: null })));
});

describe('App shell', () => {
  it('switches the language and remembers it', async () => {
    const w = mountWith(App);
    await flushPromises();
    await w.get('[data-testid=locale]').setValue('ko');
    expect(w.text()).toContain('로비');
    expect(localStorage.getItem('booktalk.locale')).toBe('ko');
    expect(document.documentElement.lang).toBe('ko');
  });

  it('shows who is signed in, marking a guest', async () => {
    signIn('g1', 'Sora', 'guest');
    const w = mountWith(App);
    await flushPromises();
    expect(w.get('[data-testid=who]').text()).toBe('Soraguest');
  });

  it('offers sign-in when nobody is signed in', async () => {
    const w = mountWith(App);
    await flushPromises();
    expect(w.find('[data-testid=who]').exists()).toBe(false);
    expect(w.text()).toContain('Sign in');
  });
});
