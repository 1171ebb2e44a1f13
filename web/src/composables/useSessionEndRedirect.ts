// When the server ends the session (its renewal refused, or revoked), the person lands on the
// sign-in page (a guest on the guest page), which brings them back to where they were once
// they are signed in again. The notice saying why comes from the session store.
import { watch } from 'vue';
import { useRouter } from 'vue-router';
import { useSessionStore } from '../stores/session.ts';

const AUTH_PAGES = new Set(['sign-in', 'sign-up', 'guest']);

export function useSessionEndRedirect(): void {
  const session = useSessionStore();
  const router = useRouter();
  watch(
    () => session.ended?.at,
    (at) => {
      if (at === undefined || !session.ended) return;
      const here = router.currentRoute.value;
      if (AUTH_PAGES.has(String(here.name))) return;
      void router.push({ name: session.ended.kind === 'guest' ? 'guest' : 'sign-in', query: { redirect: here.fullPath } });
    },
  );
}
