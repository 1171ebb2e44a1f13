// The countdown must go when the projected turn ends. The server ends an expired turn itself (the
// timekeeper) and every page hears of it by a push; a page that missed that push kept showing
// "Time is up" until the next event came, a minute later. So when the projected turn's time is
// up (plus a grace for the timekeeper), the room reads its state again, and again every few
// seconds while the projection still holds that same turn.
import { onBeforeUnmount, watch } from 'vue';

export interface TurnClock {
  turnNo: number;
  endsAt: string;
}

export function useCatchUpAtTurnEnd(
  turn: () => TurnClock | null | undefined,
  catchUp: () => Promise<void>,
  { graceMs = 1_000, everyMs = 2_000 }: { graceMs?: number; everyMs?: number } = {},
): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const keyOf = (t: TurnClock | null | undefined) => (t ? `${t.turnNo}@${t.endsAt}` : null);

  watch(
    () => keyOf(turn()),
    (key) => {
      clearTimeout(timer);
      const t = turn();
      if (!key || !t) return;
      const check = (ms: number) => {
        timer = setTimeout(() => {
          void catchUp()
            .catch(() => undefined)
            // Still the same turn, still past its end: ask again (an extension or the end re-runs the watch).
            .then(() => keyOf(turn()) === key && check(everyMs));
        }, ms);
      };
      check(Math.max(0, Date.parse(t.endsAt) - Date.now()) + graceMs);
    },
    { immediate: true },
  );
  onBeforeUnmount(() => clearTimeout(timer));
}
