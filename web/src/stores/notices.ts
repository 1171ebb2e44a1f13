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
  /** Values for the translated text's placeholders (e.g. `{n}` seconds). */
  params?: Record<string, string | number>;
}

let nextId = 1;

export const useNoticesStore = defineStore('notices', () => {
  const notices = ref<Notice[]>([]);
  function dismiss(id: number): void {
    notices.value = notices.value.filter((n) => n.id !== id);
  }
  /** Shows a notice (`ttlMs` 0: until dismissed) and returns its id; one already showing the same words is not repeated. */
  function push(tone: Notice['tone'], text: string, code: string | null = null, ttlMs = 8_000, params?: Notice['params']): number {
    const same = notices.value.find((n) => n.tone === tone && n.code === code && n.text === text && JSON.stringify(n.params) === JSON.stringify(params));
    if (same) return same.id;
    const id = nextId++;
    notices.value = [...notices.value.slice(-3), { id, tone, code, text, ...(params ? { params } : {}) }];
    if (ttlMs > 0) setTimeout(() => dismiss(id), ttlMs);
    return id;
  }
  function error(e: unknown): void {
    const err = asApiError(e);
    push('error', err.message, err.code, 8_000, err.retryAfterSeconds !== undefined ? { n: err.retryAfterSeconds } : undefined);
  }
  return { notices, push, error, dismiss };
});
