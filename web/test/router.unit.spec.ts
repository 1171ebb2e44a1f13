import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { createAppRouter } from '../src/router.ts';
import { signIn } from './components/mountWith.ts';

beforeEach(() => localStorage.clear());

describe('router', () => {
  it('sends a visitor without a session to sign-in, remembering the room', async () => {
    setActivePinia(createPinia());
    const router = createAppRouter(createMemoryHistory());
    await router.push('/debates/abc');
    expect(router.currentRoute.value.name).toBe('sign-in');
    expect(router.currentRoute.value.query.redirect).toBe('/debates/abc');
  });

  it('opens the room for a signed-in visitor, its id from the URL', async () => {
    signIn('a1');
    setActivePinia(createPinia());
    const router = createAppRouter(createMemoryHistory());
    await router.push('/debates/abc');
    expect(router.currentRoute.value.name).toBe('room');
    expect(router.currentRoute.value.params.id).toBe('abc');
  });

  it.each([
    ['/debates/abc/replay', 'replay'],
    ['/debates/abc/analytics', 'analytics'],
    ['/audit', 'audit'],
    ['/nowhere', 'not-found'],
  ])('has a route for %s', async (path, name) => {
    setActivePinia(createPinia());
    const router = createAppRouter(createMemoryHistory());
    await router.push(path);
    expect(router.currentRoute.value.name).toBe(name);
  });
});
