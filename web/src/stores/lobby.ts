// The lobby list: search and status filter as state, pages appended on "load more".
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { api } from '../api/client.ts';
import { type ApiRequestError, asApiError } from '../api/errors.ts';
import type { LobbyItem, LobbyStatus } from '../api/schemas.ts';

export const useLobbyStore = defineStore('lobby', () => {
  const items = ref<LobbyItem[]>([]);
  const next = ref<string | null>(null);
  const q = ref('');
  const status = ref<LobbyStatus | ''>('');
  const loading = ref(false);
  const error = shallowRef<ApiRequestError | null>(null);
  let request = 0;

  async function load(more = false): Promise<void> {
    const mine = ++request;
    loading.value = true;
    try {
      const page = await api.listDebates({ q: q.value, status: status.value || undefined, cursor: more ? (next.value ?? undefined) : undefined });
      if (mine !== request) return; // a newer search superseded this one
      items.value = more ? [...items.value, ...page.items] : page.items;
      next.value = page.next;
      error.value = null;
    } catch (e) {
      if (mine === request) error.value = asApiError(e);
    } finally {
      if (mine === request) loading.value = false;
    }
  }

  return { items, next, q, status, loading, error, load };
});
