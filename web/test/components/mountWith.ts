// Mounting a component the way the app does: a fresh Pinia, the app's i18n, and a memory router.
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Component } from 'vue';
import { createMemoryHistory } from 'vue-router';
import { createAppI18n, type Locale } from '../../src/i18n/index.ts';
import { createAppRouter } from '../../src/router.ts';

export function mountWith(component: Component, props: Record<string, unknown> = {}, locale: Locale = 'en') {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createAppRouter(createMemoryHistory());
  return mount(component, { props: props as never, global: { plugins: [pinia, createAppI18n(locale), router] } });
}

export function signIn(accountId: string, displayName = accountId, kind: 'guest' | 'account' = 'account'): void {
  const token = `h.${btoa(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 3600 }))}.s`;
  localStorage.setItem('booktalk.session', JSON.stringify({ token, accountId, displayName, kind }));
}
