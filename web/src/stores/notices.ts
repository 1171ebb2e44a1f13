// Errors and confirmations shown to the user in one live region (the app's toast list).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { asApiError } from '../api/errors.ts';

export interface Notice {
  id: number;
  tone: 'error' | 'info';
  /** An error code with a translation (errors.CODE), else the server's message is shown. */
  code: string | null;
  text: string;
}

let nextId = 1;

export const useNoticesStore = defineStore('notices', () => {
  const notices = ref<Notice[]>([]);
  function dismiss(id: number): void {
    notices.value = notices.value.filter((n) => n.id !== id);
  }
  function push(tone: Notice['tone'], text: string, code: string | null = null, ttlMs = 8_000): void {
    const id = nextId++;
    notices.value = [...notices.value.slice(-3), { id, tone, code, text }];
    if (ttlMs > 0) setTimeout(() => dismiss(id), ttlMs);
  }
  function error(e: unknown): void {
    const err = asApiError(e);
    push('error', err.message, err.code);
  }
  return { notices, push, error, dismiss };
});
