// The live room: the projected state of one debate, advanced only forward by position, from
// one of two sources. Those who may read the debate's raw stream (its host, moderators, admins)
// fold it in the browser with the shared `evolve`, which gives the whole state (chat, ballots,
// every speaker's notes). Everyone else gets the DebateView that S_DEBATE_STATE pushes (and
// GET /api/debates/:id serves): the latest chat, tallies without ballots, so the ballots this
// client cast (accepted CastVotes) are kept here and laid over it. Without a socket the store
// polls. Commands go over the socket when it is up, over HTTP otherwise.
import { type DebateEvent, DebateEventSchema, type DebateState, type DebateView, type VoiceMode, initialDebateState, startFolding } from '@booktalk/contracts';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { CommandBody } from '../api/booktalk.ts';
import { api } from '../api/client.ts';
import { ApiRequestError, asApiError } from '../api/errors.ts';
import type { EventsResponse } from '../api/schemas.ts';
import { isModerator, queuePlace } from '../room/derive.ts';
import { type Ballots, loadBallots, saveBallots, withOwnBallots } from '../room/ownBallots.ts';
import { viewToState } from '../room/viewState.ts';
import { useRealtimeStore } from './realtime.ts';
import { useSessionStore } from './session.ts';

export const POLL_MS = 2_000;
/**
 * A debate created a moment ago may not be projected yet (its creator lands in the room at once,
 * and the server refuses to subscribe to it until then): ask again at these delays (~13 s in
 * all) before settling for "not found".
 */
export const NOT_PROJECTED_YET_RETRY_MS = [250, 500, 1_000, 2_000, 3_000, 3_000, 3_000];

/** Folds a page of stored events onto a state; returns the new state and the last position. */
export function foldEvents(state: DebateState, events: EventsResponse['events']): DebateState {
  // In place: a long chat is not copied once per message (contracts' startFolding).
  const folding = startFolding(state);
  for (const e of events) {
    const parsed = DebateEventSchema.safeParse({ type: e.type, data: e.data });
    if (!parsed.success) throw new ApiRequestError(0, { code: 'BAD_RESPONSE', message: `Event ${e.type} at version ${e.version} does not match its schema` });
    folding.add(parsed.data as DebateEvent);
  }
  return folding.state;
}

export const useRoomStore = defineStore('room', () => {
  const session = useSessionStore();
  const realtime = useRealtimeStore();
  const debateId = ref<string | null>(null);
  const state = shallowRef<DebateState | null>(null);
  const version = ref(-1);
  const position = ref('0');
  const loading = ref(false);
  const error = shallowRef<ApiRequestError | null>(null);
  const pending = ref(0);
  /** 'events': the full fold; 'view': the DebateView (the raw stream is not ours to read). */
  const source = ref<'events' | 'view'>('view');
  /** View mode: visible chat messages older than those the view carries. */
  const messagesOmitted = ref(0);
  /** How listeners hear the speakers in this debate (S_VOICE_MODE): the mesh or the stage (SFU). */
  const voiceMode = ref<VoiceMode>('mesh');
  let offMode: (() => void) | null = null;
  let offRemoved: (() => void) | null = null;
  /**
   * This account was removed from this debate, as this client learnt it (S_REMOVED, a refusal
   * PARTICIPANT_REMOVED), kept across reloads: the view others read does not list removals, so
   * without it a removed listener would be offered the join panel again with no reason.
   */
  const removedHere = ref(false);
  /** This account's accepted ballots in this debate (view mode shows them; the fold has them anyway). */
  let ownBallots: Ballots = {};
  /** The fold of the raw stream so far (events mode), kept apart from what is shown until it catches up. */
  let folded: DebateState | null = null;
  let eventsVersion = -1;
  let eventsRefused = false;
  let syncing: Promise<void> | null = null;
  let again = false;
  let pollTimer: ReturnType<typeof setInterval> | null = null;
  let offPush: (() => void) | null = null;
  /** Counts open() calls, so a superseded one stops retrying. */
  let opens = 0;

  const me = computed(() => (state.value && session.accountId ? (state.value.participants[session.accountId] ?? null) : null));
  /** A moderator removed this account from the debate (the fold lists it; the view does not). */
  const removedMe = computed(() => !!session.accountId && (removedHere.value || (state.value?.removed.includes(session.accountId) ?? false)));
  const removedKey = (id: string) => `booktalk.removed.${session.accountId ?? ''}.${id}`;
  function markRemoved(id: string): void {
    if (id !== debateId.value) return;
    removedHere.value = true;
    localStorage.setItem(removedKey(id), '1');
  }
  const amModerator = computed(() => (state.value ? isModerator(state.value, session.accountId) : false));
  const myQueuePlace = computed(() => (state.value ? queuePlace(state.value, session.accountId) : null));

  /** Reads the stream after our version and folds it; concurrent calls coalesce into one more read. */
  function catchUp(): Promise<void> {
    if (syncing) {
      again = true;
      return syncing;
    }
    syncing = (async () => {
      do {
        again = false;
        const id = debateId.value;
        if (!id) return;
        if (source.value === 'view') {
          const view = await api.debateView(id);
          if (id !== debateId.value) return;
          applyView(view);
          // Moderators may read the raw stream: switch to the full fold.
          if (!eventsRefused && isModerator(state.value!, session.accountId)) {
            source.value = 'events';
            again = true;
          }
          continue;
        }
        let page: EventsResponse;
        try {
          page = await api.readEvents(id, eventsVersion + 1);
        } catch (e) {
          if (e instanceof ApiRequestError && e.status === 403) {
            eventsRefused = true;
            source.value = 'view';
            again = true;
            continue;
          }
          throw e;
        }
        if (id !== debateId.value) return;
        if (page.events.length === 0) {
          if (page.version < 0) throw new ApiRequestError(404, { code: 'DEBATE_NOT_FOUND', message: `No debate ${id}` });
          continue;
        }
        const last = page.events.at(-1)!;
        folded = foldEvents(folded ?? initialDebateState(id), page.events);
        eventsVersion = last.version;
        if (BigInt(last.position) >= BigInt(position.value)) {
          state.value = folded;
          messagesOmitted.value = 0;
          version.value = last.version;
          position.value = last.position;
        }
      } while (again);
    })()
      .then(() => {
        error.value = null;
      })
      .catch((e: unknown) => {
        error.value = asApiError(e);
      })
      .finally(() => {
        syncing = null;
      });
    return syncing;
  }

  function applyView(view: DebateView): void {
    if (state.value && BigInt(view.position) <= BigInt(position.value)) return;
    state.value = withOwnBallots(viewToState(view), session.accountId, ownBallots);
    messagesOmitted.value = view.messagesOmitted;
    version.value = view.version;
    position.value = view.position;
  }

  function onPush(p: { debateId: string; position: string; state: DebateView }): void {
    if (p.debateId !== debateId.value || BigInt(p.position) <= BigInt(position.value)) return;
    if (source.value === 'view') applyView(p.state);
    else void catchUp();
  }

  function subscribe(): void {
    const client = realtime.ensure();
    if (!client || !debateId.value) return;
    offPush?.();
    offPush = client.on('S_DEBATE_STATE', onPush);
    offMode?.();
    offMode = client.on('S_VOICE_MODE', (p) => {
      if (p.debateId === debateId.value) voiceMode.value = p.mode;
    });
    offRemoved?.();
    offRemoved = client.on('S_REMOVED', (p) => {
      if (p.accountId === session.accountId) markRemoved(p.debateId);
    });
    if (realtime.connected) void client.emit('C_ROOM_SUBSCRIBE', { debateId: debateId.value }).catch(() => undefined);
  }

  // Re-subscribe on every (re)connect; poll while the socket is down.
  watch(
    () => realtime.connected,
    (up) => {
      if (!debateId.value) return;
      if (up) {
        subscribe();
        void catchUp();
      }
      setPolling(!up);
    },
  );

  function setPolling(on: boolean): void {
    if (on && !pollTimer) pollTimer = setInterval(() => void catchUp(), POLL_MS);
    if (!on && pollTimer) {
      clearInterval(pollTimer);
      pollTimer = null;
    }
  }

  async function open(id: string): Promise<void> {
    if (debateId.value === id && state.value) return;
    close();
    const opening = ++opens;
    const current = () => opening === opens && debateId.value === id;
    debateId.value = id;
    ownBallots = session.accountId ? loadBallots(session.accountId, id) : {};
    removedHere.value = !!session.accountId && localStorage.getItem(removedKey(id)) === '1';
    loading.value = true;
    await catchUp();
    loading.value = false;
    // The room says "not found" meanwhile, and shows the debate if it turns up.
    for (const ms of NOT_PROJECTED_YET_RETRY_MS) {
      if (!current() || error.value?.code !== 'DEBATE_NOT_FOUND') break;
      await new Promise((r) => setTimeout(r, ms));
      if (current()) await catchUp();
    }
    if (!current()) return;
    subscribe();
    setPolling(!realtime.connected);
  }

  function close(): void {
    setPolling(false);
    offPush?.();
    offPush = null;
    offMode?.();
    offMode = null;
    offRemoved?.();
    offRemoved = null;
    removedHere.value = false;
    voiceMode.value = 'mesh';
    if (debateId.value && realtime.client && realtime.connected) void realtime.client.emit('C_ROOM_UNSUBSCRIBE', { debateId: debateId.value }).catch(() => undefined);
    debateId.value = null;
    source.value = 'view';
    folded = null;
    eventsVersion = -1;
    eventsRefused = false;
    ownBallots = {};
    messagesOmitted.value = 0;
    state.value = null;
    version.value = -1;
    position.value = '0';
    error.value = null;
  }

  /** Sends a command; resolves once the state includes it, rejects with the server's refusal. */
  async function send(command: CommandBody): Promise<void> {
    const id = debateId.value;
    if (!id) throw new ApiRequestError(0, { code: 'NO_ROOM', message: 'No debate is open' });
    const commandId = crypto.randomUUID();
    pending.value++;
    try {
      const client = realtime.client;
      try {
        if (client && realtime.connected) await client.emit('C_COMMAND', { debateId: id, commandId, type: command.type, data: command.data });
        else await api.sendCommand(id, commandId, command);
      } catch (e) {
        if (e instanceof ApiRequestError && e.code === 'PARTICIPANT_REMOVED') markRemoved(id);
        throw e;
      }
      if (command.type === 'CastVote') rememberBallot(id, command.data.voteId, command.data.option);
      await catchUp();
    } finally {
      pending.value--;
    }
  }

  /** An accepted CastVote: kept (and stored) so the view, which has no ballots, still shows it. */
  function rememberBallot(id: string, voteId: string, option: string): void {
    const accountId = session.accountId;
    if (!accountId || id !== debateId.value) return;
    ownBallots = { ...ownBallots, [voteId]: option };
    saveBallots(accountId, id, ownBallots);
    if (state.value && source.value === 'view') state.value = withOwnBallots(state.value, accountId, ownBallots);
  }

  return { voiceMode, debateId, state, version, position, source, messagesOmitted, loading, error, pending, me, removedMe, amModerator, myQueuePlace, open, close, catchUp, onPush, send };
});
