// The StageController on a real Janus (VideoRoom plugin) through janode: one connection and one
// Janus session per node, a handle per leg, and a manager handle for the room requests. A lost
// connection drops every leg (Janus closes them with the session) and is retried until it is back.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- janode ships no types; every program compiling this file needs them
/// <reference path="./janode.d.ts" />
import type { Logger } from '@booktalk/api';
import type { JsepAnswer, JsepOffer, StageLeg } from '@booktalk/contracts';
import { createHash, createHmac, randomInt } from 'node:crypto';
import Janode, { type JanodeConnection, type JanodeSession } from 'janode';
import VideoRoomPlugin, { type VideoRoomHandle } from 'janode/plugins/videoroom';
import { type Candidate, SfuError, type SfuFeed, type StageController, type StageEvents } from './controller.ts';

// janode prints to the console by itself; its failures reach our logger through the promises.
Janode.Logger.setLevel('none');

export interface JanusStageOptions {
  /** ws://host:port or ws+unix:///path/to.sock of the Janus websockets transport. */
  url: string;
  /** Janus's api_secret (every request carries it). */
  apiSecret?: string;
  /** The VideoRoom plugin's admin_key (needed to create rooms). */
  adminKey: string;
  /** Key the per-room secrets are derived from (HMAC of the debate id): the same on every node. */
  roomSecret: string;
  /** Publishers per room (default 16). */
  maxPublishers?: number;
  /** Delay between reconnection attempts (default 1 s). */
  reconnectMs?: number;
  logger: Logger;
}

/** A debate's VideoRoom id: a stable 48-bit number from its id, so every node finds the same room. */
export function roomIdOf(debateId: string): number {
  return createHash('sha256').update(debateId).digest().readUIntBE(0, 6) + 1;
}

// Janus VideoRoom error codes the adapter treats as "already so".
const NO_SUCH_ROOM = 426;
const ROOM_EXISTS = 427;
const NO_SUCH_FEED = 428;
const janusCode = (error: unknown): number | undefined => {
  const code = (error as { _code?: unknown } | null)?._code;
  return typeof code === 'number' ? code : undefined;
};

interface Link {
  connection: JanodeConnection;
  session: JanodeSession;
  manager: VideoRoomHandle;
}

interface Leg {
  debateId: string;
  socketId: string;
  leg: StageLeg;
  handle: VideoRoomHandle;
  /** Publisher: its feed and the mid of its audio m-line (moderation addresses the stream). */
  feedId?: number;
  mid?: string;
  /** Subscriber: the feeds asked for so far. */
  feeds: Set<number>;
  /** Subscriber: feedId → mid, as Janus last described the leg's streams. */
  mids: Map<number, string>;
}

/** A stream of a subscriber leg as Janus describes it (multistream). */
interface JanusStream {
  mid?: string;
  feed_id?: number;
  active?: boolean;
}

/** Records which m-line carries which feed, from Janus's description of the leg's streams. */
function placeStreams(leg: Leg, streams: JanusStream[] | undefined): void {
  if (!streams) return;
  leg.mids = new Map();
  for (const s of streams) if (s.active !== false && typeof s.feed_id === 'number' && typeof s.mid === 'string') leg.mids.set(s.feed_id, s.mid);
}

const legKey = (debateId: string, socketId: string, leg: StageLeg) => `${debateId}|${socketId}|${leg}`;

/** The mid of the first audio m-line of an SDP ("0" when it names none). */
function audioMid(sdp: string): string {
  const audio = sdp.split(/\r?\n(?=m=)/).find((section) => section.startsWith('m=audio'));
  return /\r?\na=mid:(\S+)/.exec(audio ?? '')?.[1] ?? '0';
}

export class JanusStage implements StageController {
  private link: Link | null = null;
  private connecting: Promise<void> | null = null;
  private closing = false;
  private retry: NodeJS.Timeout | null = null;
  private readonly rooms = new Set<number>();
  private readonly legs = new Map<string, Leg>();
  private events: StageEvents = { subscriberOffer: () => undefined, publisherUp: () => undefined, subscriberUp: () => undefined, connection: () => undefined };

  constructor(private readonly options: JanusStageOptions) {}

  /** Connects (and keeps reconnecting in the background when it fails); resolves once tried. */
  connectNow(): Promise<void> {
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /** True while the node holds a live Janus session. */
  connected(): boolean {
    return this.link !== null;
  }

  listen(events: StageEvents): void {
    this.events = events;
  }

  async createRoom(debateId: string): Promise<void> {
    const room = roomIdOf(debateId);
    if (this.rooms.has(room)) return;
    const { manager } = this.live('createRoom');
    try {
      await manager.create({
        room,
        secret: this.secretOf(debateId),
        admin_key: this.options.adminKey,
        audiocodec: 'opus',
        max_publishers: this.options.maxPublishers ?? 16,
        is_private: true,
        notify_joining: false,
        description: `booktalk ${debateId}`,
      });
    } catch (error) {
      if (janusCode(error) !== ROOM_EXISTS) throw this.failure('createRoom', error);
    }
    this.rooms.add(room);
  }

  async destroyRoom(debateId: string): Promise<void> {
    const room = roomIdOf(debateId);
    for (const leg of [...this.legs.values()]) if (leg.debateId === debateId) await this.drop(leg);
    this.rooms.delete(room);
    const { manager } = this.live('destroyRoom');
    try {
      await manager.destroy({ room, secret: this.secretOf(debateId) });
    } catch (error) {
      if (janusCode(error) !== NO_SUCH_ROOM) throw this.failure('destroyRoom', error);
    }
  }

  async publish(debateId: string, socketId: string, accountId: string, offer: JsepOffer): Promise<{ feedId: number; answer: JsepAnswer }> {
    const earlier = this.legs.get(legKey(debateId, socketId, 'publisher'));
    if (earlier) await this.drop(earlier);
    const { session } = this.live('publish');
    const handle = await session.attach(VideoRoomPlugin).catch((error: unknown) => Promise.reject(this.failure('publish', error)));
    const feedId = randomInt(1, 2 ** 47);
    const leg: Leg = { debateId, socketId, leg: 'publisher', handle, feedId, mid: audioMid(offer.sdp), feeds: new Set(), mids: new Map() };
    this.track(leg);
    handle.once(Janode.EVENT.HANDLE_WEBRTCUP, () => {
      if (this.legs.get(legKey(debateId, socketId, 'publisher')) === leg) this.events.publisherUp(debateId, feedId);
    });
    try {
      const joined = await handle.joinConfigurePublisher({ room: roomIdOf(debateId), feed: feedId, display: accountId, jsep: offer });
      if (joined.jsep?.type !== 'answer') throw new Error('Janus answered the publish without an SDP answer');
      return { feedId, answer: { type: 'answer', sdp: joined.jsep.sdp } };
    } catch (error) {
      await this.drop(leg);
      throw this.failure('publish', error);
    }
  }

  async subscribe(debateId: string, socketId: string, feedIds: number[]): Promise<JsepOffer | null> {
    const key = legKey(debateId, socketId, 'subscriber');
    const existing = this.legs.get(key);
    const missing = feedIds.filter((f) => !existing?.feeds.has(f));
    if (missing.length === 0) return null;
    try {
      if (existing) {
        const updated = await existing.handle.update({ subscribe: missing.map((feed) => ({ feed })) });
        for (const f of missing) existing.feeds.add(f);
        placeStreams(existing, updated.streams);
        return updated.jsep?.type === 'offer' ? { type: 'offer', sdp: updated.jsep.sdp } : null;
      }
      const { session } = this.live('subscribe');
      const handle = await session.attach(VideoRoomPlugin);
      const leg: Leg = { debateId, socketId, leg: 'subscriber', handle, feeds: new Set(missing), mids: new Map() };
      this.track(leg);
      // A speaker who goes away is dropped from the leg by Janus, which then offers anew (autoupdate).
      handle.on(VideoRoomPlugin.EVENT.VIDEOROOM_UPDATED, (data: { jsep?: { type: string; sdp: string }; streams?: JanusStream[] }) => {
        placeStreams(leg, data.streams);
        if (data.jsep?.type === 'offer' && this.legs.get(key) === leg) this.events.subscriberOffer(debateId, socketId, { type: 'offer', sdp: data.jsep.sdp });
      });
      handle.on(Janode.EVENT.HANDLE_WEBRTCUP, () => {
        if (this.legs.get(key) === leg) this.events.subscriberUp(debateId, socketId);
      });
      try {
        const joined = await handle.joinSubscriber({ room: roomIdOf(debateId), streams: missing.map((feed) => ({ feed })), autoupdate: true });
        placeStreams(leg, joined.streams);
        if (joined.jsep?.type !== 'offer') throw new Error('Janus joined the subscriber without an SDP offer');
        return { type: 'offer', sdp: joined.jsep.sdp };
      } catch (error) {
        await this.drop(leg);
        throw error;
      }
    } catch (error) {
      throw this.failure('subscribe', error);
    }
  }

  async start(debateId: string, socketId: string, answer: JsepAnswer): Promise<void> {
    const leg = this.legOf(debateId, socketId, 'subscriber', 'start');
    await leg.handle.start({ jsep: answer }).catch((error: unknown) => Promise.reject(this.failure('start', error)));
  }

  async trickle(debateId: string, socketId: string, legName: StageLeg, candidate: Candidate | null): Promise<void> {
    const leg = this.legOf(debateId, socketId, legName, 'trickle');
    const sent = candidate ? leg.handle.trickle({ ...candidate }) : leg.handle.trickleComplete();
    await sent.catch((error: unknown) => Promise.reject(this.failure('trickle', error)));
  }

  async muteFeed(debateId: string, feedId: number, muted: boolean): Promise<void> {
    const leg = [...this.legs.values()].find((l) => l.debateId === debateId && l.feedId === feedId);
    if (!leg) throw new SfuError('muteFeed', `Feed ${feedId} is not published through this node`, 'NOT_ON_STAGE');
    const { manager } = this.live('muteFeed');
    const body = { request: 'moderate', room: roomIdOf(debateId), secret: this.secretOf(debateId), id: feedId, mid: leg.mid, mute: muted };
    await manager.message(body).catch((error: unknown) => Promise.reject(this.failure('muteFeed', error)));
  }

  async kickFeed(debateId: string, feedId: number): Promise<void> {
    const { manager } = this.live('kickFeed');
    try {
      await manager.kick({ room: roomIdOf(debateId), feed: feedId, secret: this.secretOf(debateId) });
    } catch (error) {
      if (janusCode(error) !== NO_SUCH_FEED && janusCode(error) !== NO_SUCH_ROOM) throw this.failure('kickFeed', error);
    }
    const leg = [...this.legs.values()].find((l) => l.debateId === debateId && l.feedId === feedId);
    if (leg) await this.drop(leg);
  }

  async listFeeds(debateId: string): Promise<SfuFeed[]> {
    const { manager } = this.live('listFeeds');
    try {
      const { participants } = await manager.listParticipants({ room: roomIdOf(debateId), secret: this.secretOf(debateId) });
      return participants.filter((p) => p.publisher && p.display).map((p) => ({ feedId: p.feed, accountId: p.display as string }));
    } catch (error) {
      if (janusCode(error) === NO_SUCH_ROOM) return [];
      throw this.failure('listFeeds', error);
    }
  }

  midsOf(debateId: string, socketId: string): Map<number, string> {
    return new Map(this.legs.get(legKey(debateId, socketId, 'subscriber'))?.mids ?? []);
  }

  has(debateId: string, socketId: string, leg: StageLeg): boolean {
    return this.legs.has(legKey(debateId, socketId, leg));
  }

  async leave(debateId: string, socketId: string, leg?: StageLeg): Promise<void> {
    for (const name of leg ? [leg] : (['publisher', 'subscriber'] as const)) {
      const found = this.legs.get(legKey(debateId, socketId, name));
      if (found) await this.drop(found);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.retry) clearTimeout(this.retry);
    await this.connecting?.catch(() => undefined);
    const link = this.link;
    this.link = null;
    this.legs.clear();
    if (!link) return;
    await link.session.destroy().catch(() => undefined);
    await link.connection.close().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closing || this.link) return;
    const { url, apiSecret } = this.options;
    try {
      const connection = await Janode.connect({ address: { url, ...(apiSecret ? { apisecret: apiSecret } : {}) }, max_retries: 1, retry_time_secs: 1 });
      const session = await connection.create();
      const manager = await session.attach(VideoRoomPlugin);
      if (this.closing) {
        await connection.close().catch(() => undefined);
        return;
      }
      const lost = (why: string) => () => this.lost(link, why);
      const link: Link = { connection, session, manager };
      connection.once(Janode.EVENT.CONNECTION_ERROR, lost('connection error'));
      connection.once(Janode.EVENT.CONNECTION_CLOSED, lost('connection closed'));
      session.once(Janode.EVENT.SESSION_DESTROYED, lost('session destroyed'));
      this.link = link;
      this.options.logger.info({ url }, 'stage: connected to Janus');
      this.events.connection('live');
    } catch (error) {
      this.options.logger.warn({ err: error, url }, 'stage: Janus unreachable, retrying');
      this.scheduleRetry();
    }
  }

  private lost(link: Link, why: string): void {
    if (this.link !== link || this.closing) return;
    this.link = null;
    this.rooms.clear();
    this.legs.clear();
    this.options.logger.warn({ why }, 'stage: lost Janus, reconnecting');
    this.events.connection('reconnecting');
    link.connection.close().catch(() => undefined);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.closing || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connectNow();
    }, this.options.reconnectMs ?? 1_000);
    this.retry.unref();
  }

  private live(op: string): Link {
    if (!this.link) throw new SfuError(op, 'The SFU is not reachable right now: wait for S_STAGE_STATE live');
    return this.link;
  }

  private legOf(debateId: string, socketId: string, leg: StageLeg, op: string): Leg {
    const found = this.legs.get(legKey(debateId, socketId, leg));
    if (!found) throw new SfuError(op, leg === 'publisher' ? 'Publish first (C_STAGE_PUBLISH)' : 'Subscribe first (C_STAGE_SUBSCRIBE)', 'NOT_ON_STAGE');
    return found;
  }

  private track(leg: Leg): void {
    const key = legKey(leg.debateId, leg.socketId, leg.leg);
    this.legs.set(key, leg);
    // Janus ended it (kicked, room destroyed, ICE failed for good): forget it, nothing to hang up.
    const gone = () => {
      if (this.legs.get(key) === leg) this.legs.delete(key);
    };
    leg.handle.once(Janode.EVENT.HANDLE_DETACHED, gone);
    leg.handle.once(VideoRoomPlugin.EVENT.VIDEOROOM_KICKED, gone);
  }

  private async drop(leg: Leg): Promise<void> {
    const key = legKey(leg.debateId, leg.socketId, leg.leg);
    if (this.legs.get(key) === leg) this.legs.delete(key);
    await leg.handle.detach().catch(() => undefined);
  }

  private secretOf(debateId: string): string {
    return createHmac('sha256', this.options.roomSecret).update(debateId).digest('base64url').slice(0, 32);
  }

  private failure(op: string, error: unknown): SfuError {
    if (error instanceof SfuError) return error;
    const message = error instanceof Error ? error.message : String(error);
    this.options.logger.warn({ op, err: error }, 'stage: Janus request failed');
    return new SfuError(op, `The SFU refused ${op}: ${message}`);
  }
}

/** The Janus adapter, connecting in the background (operations fail with STAGE_UNAVAILABLE until it is up). */
export function createJanusStage(options: JanusStageOptions): JanusStage {
  const stage = new JanusStage(options);
  void stage.connectNow();
  return stage;
}
