// Stage mode on this node: who may publish (speakers and moderators of the projected state, never
// the audience, never a muted or removed one), listeners subscribed to every current speaker, and
// moderation carried out at the SFU as the projected state changes (DebateChanged): a muted
// speaker's feed muted, a demoted / removed / departed one kicked, the room destroyed at the end.
// Floor control silences a speaker off the floor the same way (the feed muted at the SFU), but
// their feed stays published and listed, so the floor coming back needs no new publish and no
// listener renegotiates at every turn.
import { KeyedMutex, type Logger } from '@booktalk/api';
import { heardUnderFloorControl } from '@booktalk/contracts';
import type { C_STAGE_LEAVE, C_STAGE_PUBLISH, C_STAGE_START, C_STAGE_SUBSCRIBE, C_STAGE_TRICKLE, DebateView, JsepOffer, StageErrorCode, StageFeed, StageState } from '@booktalk/contracts';
import type { CachedDebate, DebateFeed } from '../debateFeed.ts';
import { refusal } from '../errors.ts';
import { debateRoom, voiceRoom } from '../rooms.ts';
import type { Io, ServerSocket } from '../socketState.ts';
import { SfuError, type StageController } from './controller.ts';
import type { StageLifecycle, StageMember } from './stageLifecycle.ts';
import type { StageMetrics } from './stageMetrics.ts';

type Participant = DebateView['participants'][number];
const memberOf = (socket: ServerSocket) => ({ accountId: socket.data.accountId, displayName: socket.data.displayName });
const onStage = (p: Participant) => p.role === 'speaker' || p.role === 'moderator';
/** Silent at the SFU: muted by a moderator, or off the floor while floor control holds. */
const silenced = (s: DebateView, p: Participant) => p.muted || !heardUnderFloorControl(s, p.accountId);

/** A stage refusal the socket edge passes through with its code. */
export class StageRefusal extends Error {
  readonly kind = 'stage';
  constructor(
    readonly code: StageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StageRefusal';
  }
}

export interface StageRoomsDeps {
  io: Io;
  feed: DebateFeed;
  stage: StageController;
  metrics: StageMetrics;
  logger: Logger;
  /** The SFU was lost or is back (the voice modes are decided again). */
  onSfuChange?: (state: 'live' | 'reconnecting') => void;
  /** Where the stage lifecycle is recorded (events); nothing is recorded without it. */
  lifecycle?: StageLifecycle;
}

interface Publisher {
  accountId: string;
  displayName: string;
  feedId: number;
  /** Muted at the SFU now (by a moderator, or off the floor under floor control). */
  muted: boolean;
}

export class StageRooms {
  /** debateId → socketId → this node's publishers. */
  private readonly publishers = new Map<string, Map<string, Publisher>>();
  /** debateId → socketIds of this node's listeners. */
  private readonly listeners = new Map<string, Set<string>>();
  /** Per debate: feed refreshes run one after another (Janus renegotiates one update at a time). */
  private readonly refreshes = new KeyedMutex();
  /** Sockets told `reconnecting`, to be told `live` when the SFU is back. */
  private waiting = new Map<string, Set<string>>();

  constructor(private readonly deps: StageRoomsDeps) {
    deps.stage.listen({
      subscriberOffer: (debateId, socketId, offer) => void this.forwardOffer(debateId, socketId, offer),
      publisherUp: (debateId) => this.refresh(debateId),
      subscriberUp: (debateId, socketId) => this.listening(debateId, socketId),
      connection: (state, concerns) => {
        this.onConnection(state, concerns);
        deps.onSfuChange?.(state);
      },
    });
    deps.feed.onChange((previous, next, eventTypes) => {
      this.applyChange(previous, next, eventTypes).catch((error: unknown) => deps.logger.error({ err: error, debateId: next.state.id }, 'stage: applying a change failed'));
    });
  }

  async publish(socket: ServerSocket, msg: C_STAGE_PUBLISH): Promise<{ debateId: string; feedId: number; jsep: { type: 'answer'; sdp: string } }> {
    const { debateId } = msg;
    const { debate, me } = await this.participant(socket, debateId);
    if (!onStage(me)) return this.refusePublish('NOT_SPEAKER', 'Only speakers publish to the stage; the audience listens');
    if (me.muted) return this.refusePublish('SPEAKER_MUTED', 'A moderator muted you');
    if (debate.state.status === 'ended') throw new StageRefusal('STAGE_OFF', 'The debate has ended');
    const { feedId, answer } = await this.sfu('publish', async () => {
      await this.deps.stage.createRoom(debateId);
      return this.deps.stage.publish(debateId, socket.id, me.accountId, msg.jsep);
    });
    // Listeners are offered the feed once its connection is up (publisherUp): Janus lists it from then on.
    const quiet = silenced(debate.state, me);
    this.mapOf(this.publishers, debateId, () => new Map<string, Publisher>()).set(socket.id, { accountId: me.accountId, displayName: me.displayName, feedId, muted: quiet });
    // Off the floor under floor control: silent from its first packet, not from the next state change.
    if (quiet) await this.sfu('muteFeed', () => this.deps.stage.muteFeed(debateId, feedId, true)).catch(() => undefined);
    void this.deps.lifecycle?.published(debateId, me, feedId);
    return { debateId, feedId, jsep: answer };
  }

  async subscribe(socket: ServerSocket, msg: C_STAGE_SUBSCRIBE): Promise<{ debateId: string; jsep: JsepOffer | null; feeds: StageFeed[] }> {
    const { debateId } = msg;
    // Listening is as public as reading the debate (no JoinDebate, so no room-size cap): any
    // signed-in socket but a removed participant's.
    const debate = await this.debate(socket, debateId);
    if (debate.state.status === 'ended') throw new StageRefusal('STAGE_OFF', 'The debate has ended');
    // In the debate's queue, so a refresh never offers to a leg that is still being set up, and
    // a listener counts (for refreshes) only once its leg has its first offer.
    return this.refreshes.run(debateId, async () => {
      const feeds = await this.feedsOf(debateId, debate.state);
      const jsep = await this.sfu('subscribe', async () => {
        await this.deps.stage.createRoom(debateId);
        // A repeated subscribe (after a lost connection on the client side) starts over.
        if (this.deps.stage.has(debateId, socket.id, 'subscriber')) await this.deps.stage.leave(debateId, socket.id, 'subscriber');
        return this.deps.stage.subscribe(debateId, socket.id, feeds.map((f) => f.feedId));
      });
      if (socket.connected) {
        const listeners = this.mapOf(this.listeners, debateId, () => new Set<string>());
        // Recorded once per subscription (a renewed subscribe of the same leg is not a new listener).
        if (!listeners.has(socket.id)) void this.deps.lifecycle?.listening(debateId, memberOf(socket));
        listeners.add(socket.id);
      } else await this.deps.stage.leave(debateId, socket.id, 'subscriber');
      return { debateId, jsep, feeds: this.placed(debateId, socket.id, feeds) };
    });
  }

  async start(socket: ServerSocket, msg: C_STAGE_START): Promise<{ debateId: string }> {
    await this.sfu('start', () => this.deps.stage.start(msg.debateId, socket.id, msg.jsep));
    return { debateId: msg.debateId };
  }

  async trickle(socket: ServerSocket, msg: C_STAGE_TRICKLE): Promise<Record<string, never>> {
    await this.sfu('trickle', () => this.deps.stage.trickle(msg.debateId, socket.id, msg.leg, msg.candidate));
    return {};
  }

  async leave(socket: ServerSocket, msg: C_STAGE_LEAVE): Promise<Record<string, never>> {
    const { debateId, leg } = msg;
    const had = this.takeOut(debateId, socket.id, leg, { reason: 'left', member: memberOf(socket) });
    if (!had.publisher && !had.listener) throw new StageRefusal('NOT_ON_STAGE', 'You are not on the stage of this debate');
    await this.sfu('leave', () => this.deps.stage.leave(debateId, socket.id, leg));
    return {};
  }

  /** A socket went away: its legs are hung up (listeners are renegotiated by the SFU). */
  onDisconnect(socket: ServerSocket): void {
    for (const debateId of new Set([...this.publishers.keys(), ...this.listeners.keys()])) {
      const had = this.takeOut(debateId, socket.id, undefined, { reason: 'disconnected', member: memberOf(socket) });
      if (had.publisher || had.listener) {
        this.deps.stage.leave(debateId, socket.id).catch((error: unknown) => this.deps.logger.warn({ err: error, debateId }, 'stage: hanging up a leg failed'));
      }
    }
    for (const set of this.waiting.values()) set.delete(socket.id);
  }

  counts(): { listeners: number; feeds: number; rooms: number } {
    let listeners = 0;
    let feeds = 0;
    for (const set of this.listeners.values()) listeners += set.size;
    for (const map of this.publishers.values()) feeds += map.size;
    return { listeners, feeds, rooms: new Set([...this.listeners.keys(), ...this.publishers.keys()]).size };
  }

  async closeAll(): Promise<void> {
    this.publishers.clear();
    this.listeners.clear();
    await this.deps.stage.close();
  }

  /** The socket's participant entry in the debate (its state followed by this node from now on). */
  private async participant(socket: ServerSocket, debateId: string): Promise<{ debate: CachedDebate; me: Participant }> {
    const accountId = socket.data.accountId;
    let debate = await this.debate(socket, debateId);
    // Joined a moment ago: the cached state may not show it yet, the read model may.
    if (!debate.state.participants.some((p) => p.accountId === accountId)) debate = (await this.deps.feed.reread(debateId)) ?? debate;
    const me = debate.state.participants.find((p) => p.accountId === accountId);
    if (!me) throw refusal('NOT_PARTICIPANT', 'Join the debate (JoinDebate) before its stage');
    return { debate, me };
  }

  /** The debate's state (followed by this node for this socket from now on); refused to a removed participant. */
  private async debate(socket: ServerSocket, debateId: string): Promise<CachedDebate> {
    const debate = socket.rooms.has(debateRoom(debateId)) ? await this.deps.feed.current(debateId) : await this.deps.feed.subscribe(socket, debateId);
    if (!debate) throw refusal('DEBATE_NOT_FOUND', `No debate ${debateId}`);
    if (debate.removed?.includes(socket.data.accountId)) throw refusal('PARTICIPANT_REMOVED', 'A moderator removed you from this debate');
    return debate;
  }

  private refusePublish(code: StageErrorCode, message: string): never {
    this.deps.metrics.refusedPublish.inc();
    throw new StageRefusal(code, message);
  }

  /** The debate's speakers publishing now (the SFU's list, so publishers on other nodes count too). */
  private async feedsOf(debateId: string, state: DebateView): Promise<StageFeed[]> {
    const sfuFeeds = await this.sfu('listFeeds', () => this.deps.stage.listFeeds(debateId));
    const people = new Map(state.participants.map((p) => [p.accountId, p]));
    const feeds: StageFeed[] = [];
    for (const f of sfuFeeds) {
      const p = people.get(f.accountId);
      if (p && onStage(p)) feeds.push({ feedId: f.feedId, accountId: p.accountId, displayName: p.displayName, muted: p.muted });
    }
    return feeds;
  }

  /** Tells this node's listeners of the debate the current feeds, adding new ones to their legs. */
  private refresh(debateId: string): void {
    this.refreshes.run(debateId, async () => {
      const listeners = this.listeners.get(debateId);
      if (!listeners?.size) return;
      const debate = await this.deps.feed.current(debateId);
      if (!debate) return;
      const feeds = await this.feedsOf(debateId, debate.state);
      await Promise.all(
        [...listeners].map(async (socketId) => {
          const jsep = await this.sfu('subscribe', () => this.deps.stage.subscribe(debateId, socketId, feeds.map((f) => f.feedId))).catch((error: unknown) => {
            this.deps.logger.warn({ err: error, debateId }, 'stage: updating a listener failed');
            return null;
          });
          this.emitTo(socketId, 'S_STAGE_FEEDS', { debateId, feeds: this.placed(debateId, socketId, feeds), ...(jsep ? { jsep } : {}) });
        }),
      );
    }).catch((error: unknown) => this.deps.logger.warn({ err: error, debateId }, 'stage: refreshing listeners failed'));
  }

  /**
   * A listener hears the speakers through the SFU now: the speakers drop their mesh links to it
   * (make before break, so the switch from mesh has no gap). It stays in the voice room.
   */
  private listening(debateId: string, socketId: string): void {
    const socket = this.deps.io.of('/').sockets.get(socketId);
    if (!socket?.rooms.has(voiceRoom(debateId))) return;
    socket.to(voiceRoom(debateId)).emit('S_VOICE_LEAVE', { debateId, accountId: socket.data.accountId, reason: 'stage' });
  }

  private async forwardOffer(debateId: string, socketId: string, offer: JsepOffer): Promise<void> {
    const debate = await this.deps.feed.current(debateId);
    const feeds = debate ? await this.feedsOf(debateId, debate.state).catch(() => []) : [];
    this.emitTo(socketId, 'S_STAGE_FEEDS', { debateId, feeds: this.placed(debateId, socketId, feeds), jsep: offer });
  }

  /** The feeds with the m-line each takes on this listener's connection (its audio is told apart by it). */
  private placed(debateId: string, socketId: string, feeds: StageFeed[]): StageFeed[] {
    const mids = this.deps.stage.midsOf(debateId, socketId);
    return feeds.map((f) => {
      const mid = mids.get(f.feedId);
      return mid === undefined ? f : { ...f, mid };
    });
  }

  /** Moderation at the SFU, from the projected state. Only the node holding a publisher acts on it. */
  private async applyChange(previous: CachedDebate, next: CachedDebate, eventTypes: readonly string[] = []): Promise<void> {
    const debateId = next.state.id;
    if (next.state.status === 'ended' && previous.state.status !== 'ended') return this.end(debateId);
    const people = new Map(next.state.participants.map((p) => [p.accountId, p]));
    let changed = false;
    for (const [socketId, pub] of this.publishers.get(debateId) ?? []) {
      const p = people.get(pub.accountId);
      if (!p || !onStage(p)) {
        this.publishers.get(debateId)?.delete(socketId);
        void this.deps.lifecycle?.unpublished(debateId, pub, pub.feedId, 'kicked');
        this.deps.metrics.moderation.inc({ action: 'kick' });
        await this.sfu('kickFeed', () => this.deps.stage.kickFeed(debateId, pub.feedId)).catch(() => undefined);
        changed = true;
      } else if (silenced(next.state, p) !== pub.muted) {
        const quiet = silenced(next.state, p);
        pub.muted = quiet;
        this.deps.metrics.moderation.inc({ action: quiet ? 'mute' : 'unmute' });
        await this.sfu('muteFeed', () => this.deps.stage.muteFeed(debateId, pub.feedId, quiet)).catch(() => undefined);
        // Listeners are told of a moderator's mute by the key below (feeds list it); the floor
        // moving changes no feed (see the top), so it renegotiates nobody.
      }
    }
    // Listeners here hear of speakers changing on any node.
    const key = (s: DebateView) => s.participants.filter(onStage).map((p) => `${p.accountId}:${p.role}:${p.muted}:${p.displayName}`).join('|');
    // A speaker published or stopped through another node: its StagePublished / Unpublished
    // reaches every node, whose listeners are then offered the new set of feeds.
    const feedsMoved = eventTypes.includes('StagePublished') || eventTypes.includes('StageUnpublished');
    if (changed || feedsMoved || key(previous.state) !== key(next.state)) this.refresh(debateId);
  }

  private async end(debateId: string): Promise<void> {
    const sockets = new Set([...(this.listeners.get(debateId) ?? []), ...(this.publishers.get(debateId)?.keys() ?? [])]);
    this.listeners.delete(debateId);
    this.publishers.delete(debateId);
    for (const socketId of sockets) this.emitTo(socketId, 'S_STAGE_STATE', { debateId, state: 'off' satisfies StageState });
    await this.sfu('destroyRoom', () => this.deps.stage.destroyRoom(debateId)).catch(() => undefined);
  }

  /** `concerns`: the debates on the instance that came or went (all of them with one SFU). */
  private onConnection(state: 'live' | 'reconnecting', concerns: (debateId: string) => boolean = () => true): void {
    if (state === 'reconnecting') {
      // Every leg went with the SFU session: the clients publish / subscribe again once it is back.
      const wait = (debateId: string, socketId: string) => this.mapOf(this.waiting, debateId, () => new Set<string>()).add(socketId);
      for (const [debateId, set] of this.listeners) if (concerns(debateId)) for (const socketId of set) wait(debateId, socketId);
      for (const [debateId, map] of this.publishers) if (concerns(debateId)) for (const socketId of map.keys()) wait(debateId, socketId);
      this.recordLoss(concerns);
      for (const debateId of [...this.listeners.keys()]) if (concerns(debateId)) this.listeners.delete(debateId);
      for (const debateId of [...this.publishers.keys()]) if (concerns(debateId)) this.publishers.delete(debateId);
    }
    for (const [debateId, set] of this.waiting) {
      if (!concerns(debateId)) continue;
      for (const socketId of set) this.emitTo(socketId, 'S_STAGE_STATE', { debateId, state });
      if (state === 'live') this.waiting.delete(debateId);
    }
  }

  /** The SFU took every leg with it: one failure per debate on stage here, and each leg's end. */
  private recordLoss(concerns: (debateId: string) => boolean): void {
    const lifecycle = this.deps.lifecycle;
    if (!lifecycle) return;
    for (const debateId of new Set([...this.listeners.keys(), ...this.publishers.keys()])) if (concerns(debateId)) void lifecycle.failed(debateId, 'connection');
    for (const [debateId, map] of this.publishers) if (concerns(debateId)) for (const pub of map.values()) void lifecycle.unpublished(debateId, pub, pub.feedId, 'sfu_lost');
    for (const [debateId, set] of this.listeners) {
      if (!concerns(debateId)) continue;
      for (const socketId of set) {
        const socket = this.deps.io.of('/').sockets.get(socketId);
        if (socket) void lifecycle.stoppedListening(debateId, memberOf(socket), 'sfu_lost');
      }
    }
  }

  /** Takes the socket's legs out of the books; `end` says why, to record it. */
  private takeOut(
    debateId: string,
    socketId: string,
    leg?: 'publisher' | 'listener' | 'subscriber',
    end?: { reason: 'left' | 'disconnected'; member: StageMember },
  ): { publisher: boolean; listener: boolean } {
    const pub = leg !== 'subscriber' && leg !== 'listener' ? this.publishers.get(debateId)?.get(socketId) : undefined;
    const publisher = pub !== undefined && (this.publishers.get(debateId)?.delete(socketId) ?? false);
    const listener = leg !== 'publisher' && (this.listeners.get(debateId)?.delete(socketId) ?? false);
    if (end && pub) void this.deps.lifecycle?.unpublished(debateId, end.member, pub.feedId, end.reason);
    if (end && listener) void this.deps.lifecycle?.stoppedListening(debateId, end.member, end.reason);
    if (this.publishers.get(debateId)?.size === 0) this.publishers.delete(debateId);
    if (this.listeners.get(debateId)?.size === 0) this.listeners.delete(debateId);
    if (publisher) this.refresh(debateId);
    return { publisher, listener };
  }

  /** Runs an SFU call, counting its failures by operation. */
  private async sfu<T>(op: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof SfuError && error.code === 'STAGE_UNAVAILABLE') this.deps.metrics.sfuErrors.inc({ op });
      throw error;
    }
  }

  private emitTo(socketId: string, event: 'S_STAGE_FEEDS' | 'S_STAGE_STATE', payload: unknown): void {
    this.deps.io.of('/').sockets.get(socketId)?.emit(event, payload);
  }

  private mapOf<K, V>(map: Map<K, V>, key: K, make: () => V): V {
    let value = map.get(key);
    if (value === undefined) {
      value = make();
      map.set(key, value);
    }
    return value;
  }
}
