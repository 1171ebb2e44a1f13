// The replay page's state: the source, the playhead (clock, speed, following a live end), the
// item the playhead is on and the state shown there. The state is read from the source when the
// item changes: at once when at hand (the browser's fold), otherwise fetched after a short
// debounce so a drag does not fire a request per pixel, and prefetched ahead while playing.
import type { DebateState, DebateView } from '@booktalk/contracts';
import { computed, onBeforeUnmount, ref, shallowRef, watch } from 'vue';
import { afterDebateApi } from '../api/afterDebate.ts';
import { type ApiRequestError, asApiError } from '../api/errors.ts';
import { useSessionStore } from '../stores/session.ts';
import { type ReplayClock, type Span, type Speed, createClock, pause, play, seek, setSpeed, timeAt } from './clock.ts';
import { type ReplaySource, openReplaySource } from './source.ts';
import { debounce } from './stateCache.ts';
import { type Marker, type TurnSpan, indexAtOffset, indexAtPosition, markers, originOf } from './track.ts';

export const LIVE_POLL_MS = 2_000;
const FETCH_DEBOUNCE_MS = 80;
const PREFETCH = 3;

export interface ReplayStart {
  /** ms on the timeline (from `?t=`). */
  t?: number | null;
  /** an exact event (from `?position=`, e.g. an audit row). */
  position?: string | null;
}

export function useReplay(debateId: string, start: ReplayStart = {}) {
  const session = useSessionStore();
  const source = shallowRef<ReplaySource | null>(null);
  const view = shallowRef<DebateView | null>(null);
  const error = shallowRef<ApiRequestError | null>(null);
  const loading = ref(true);
  /** Items known; bumped on refresh so computeds over source.items re-run. */
  const itemCount = ref(0);
  const t = ref(0);
  const index = ref(-1);
  const state = shallowRef<DebateState | null>(null);
  const fetching = ref(false);
  const clock = shallowRef<ReplayClock>(createClock(0, performance.now()));
  const spans = shallowRef<TurnSpan[]>([]);
  const now = ref(Date.now());

  const items = computed(() => (itemCount.value >= 0 && source.value ? source.value.items.slice(0, itemCount.value) : []));
  const live = computed(() => view.value !== null && view.value.status !== 'ended');
  const origin = computed(() => originOf(items.value) ?? 0);
  const span = computed<Span>(() => {
    const list = items.value;
    if (list.length === 0) return { start: 0, end: 0 };
    const lastMs = list.at(-1)!.offsetMs;
    return { start: list[0]!.offsetMs, end: live.value ? Math.max(lastMs, now.value - origin.value) : lastMs };
  });
  const playing = computed(() => clock.value.playing);
  const speed = computed(() => clock.value.speed);
  const following = computed(() => live.value && t.value >= span.value.end - 1);
  const trackMarkers = computed<Marker[]>(() => markers(items.value, spans.value));
  /** The instant shown, in ms since the epoch (the countdown's "now"). */
  const instant = computed(() => origin.value + t.value);

  let request = 0;
  const fetchState = debounce((i: number) => void load(i), FETCH_DEBOUNCE_MS);
  async function load(i: number): Promise<void> {
    const src = source.value;
    if (!src || i < 0) return;
    const mine = ++request;
    fetching.value = true;
    try {
      const s = await src.stateAt(i);
      if (mine === request) state.value = s;
    } catch (e) {
      if (mine === request) error.value = asApiError(e);
    } finally {
      if (mine === request) fetching.value = false;
    }
  }

  // The state follows the item: at once when at hand, else fetched (debounced).
  watch(index, (i) => {
    const src = source.value;
    if (!src || i < 0) return;
    const hit = src.peek(i);
    if (hit) {
      request++;
      fetching.value = false;
      fetchState.cancel();
      state.value = hit;
    } else fetchState(i);
    if (clock.value.playing && src.mode === 'states') {
      for (let k = 1; k <= PREFETCH && i + k < src.items.length; k++) void src.stateAt(i + k).catch(() => undefined);
    }
  });

  function setT(next: number, exactIndex?: number): void {
    t.value = next;
    index.value = exactIndex ?? Math.max(0, indexAtOffset(items.value, next));
  }

  // One animation frame per tick while playing or following a live end.
  let frame = 0;
  const tick = () => {
    frame = 0;
    now.value = Date.now();
    const wall = performance.now();
    const next = timeAt(clock.value, wall, span.value);
    if (next !== t.value) setT(next);
    if (clock.value.playing && !live.value && next >= span.value.end) clock.value = pause(clock.value, wall, span.value);
    schedule();
  };
  function schedule(): void {
    if (!frame && (clock.value.playing || following.value)) frame = requestAnimationFrame(tick);
  }

  const api = {
    togglePlay(): void {
      const wall = performance.now();
      clock.value = clock.value.playing ? pause(clock.value, wall, span.value) : play(clock.value, wall, span.value, !live.value);
      setT(timeAt(clock.value, wall, span.value), clock.value.playing ? undefined : index.value);
      schedule();
    },
    setSpeed(s: Speed): void {
      clock.value = setSpeed(clock.value, s, performance.now(), span.value);
    },
    seekTo(ms: number): void {
      clock.value = seek(clock.value, ms, performance.now(), span.value);
      setT(timeAt(clock.value, performance.now(), span.value));
      schedule();
    },
    seekBy(deltaMs: number): void {
      api.seekTo(t.value + deltaMs);
    },
    /** Jumps to one item exactly (the list, a marker, an audit row). */
    jumpTo(i: number): void {
      const item = items.value[i];
      if (!item) return;
      clock.value = seek(clock.value, item.offsetMs, performance.now(), span.value);
      setT(item.offsetMs, i);
      schedule();
    },
    toStart(): void {
      api.seekTo(span.value.start);
    },
    toEnd(): void {
      api.seekTo(span.value.end);
    },
  };

  let poll: ReturnType<typeof setInterval> | undefined;
  async function refresh(): Promise<void> {
    const src = source.value;
    if (!src) return;
    try {
      const [added, v] = await Promise.all([src.refresh(), afterDebateApi.debateView(debateId)]);
      view.value = v;
      if (added) {
        const wasFollowing = following.value;
        itemCount.value = src.items.length;
        spans.value = await src.turns();
        if (wasFollowing) setT(span.value.end);
      }
      if (!live.value) clearInterval(poll);
      schedule();
    } catch (e) {
      error.value = asApiError(e);
    }
  }

  async function open(): Promise<void> {
    try {
      view.value = await afterDebateApi.debateView(debateId);
      // Only the host, moderators and admins may read the raw stream; the view names the first two.
      const me = session.isGuest ? null : session.accountId;
      const mayFold = !!me && (view.value.hostId === me || view.value.moderators.includes(me));
      const src = await openReplaySource(afterDebateApi, debateId, { tryEvents: mayFold });
      source.value = src;
      itemCount.value = src.items.length;
      const fromPosition = start.position ? indexAtPosition(src.items, start.position) : -1;
      if (fromPosition >= 0) api.jumpTo(fromPosition);
      else if (start.t !== undefined && start.t !== null) api.seekTo(start.t);
      else api.seekTo(live.value ? span.value.end : span.value.start);
      // A live debate opens at its live end, playing at 1×: the playhead follows it.
      if (live.value && fromPosition < 0 && (start.t === undefined || start.t === null)) api.togglePlay();
      spans.value = await src.turns();
      if (live.value) poll = setInterval(() => void refresh(), LIVE_POLL_MS);
    } catch (e) {
      error.value = asApiError(e);
    } finally {
      loading.value = false;
    }
  }
  void open();

  onBeforeUnmount(() => {
    if (frame) cancelAnimationFrame(frame);
    clearInterval(poll);
    fetchState.cancel();
  });

  return { source, view, error, loading, items, t, index, state, fetching, playing, speed, span, live, following, spans, markers: trackMarkers, instant, origin, ...api };
}
export type Replay = ReturnType<typeof useReplay>;
