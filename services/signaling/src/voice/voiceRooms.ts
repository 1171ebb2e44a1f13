// The voice mesh's rooms on this node: joining (checked against the projected state, recorded as
// VoiceJoined), leaving, relaying offers / answers / candidates between members of one debate's
// voice room, dropped sockets held for the grace period, and moderation taking people out.
import { InMemoryRateBudget, KeyedMutex, type Logger, type RateBudget } from '@booktalk/api';
import type { DebateView, VoiceMode, C_VOICE_ANSWER, C_VOICE_ICE_CANDIDATE, C_VOICE_JOIN, C_VOICE_LEAVE, C_VOICE_LINK, C_VOICE_OFFER, VoicePeer } from '@booktalk/contracts';
import { randomUUID } from 'node:crypto';
import type { CachedDebate, DebateFeed } from '../debateFeed.ts';
import { refusal } from '../errors.ts';
import type { SignalingMetrics } from '../metrics.ts';
import { accountRoom, voiceMemberRoom, voiceRoom } from '../rooms.ts';
import { type Io, type LocalSocketState, type ServerSocket, inVoiceOrder, localSocketsIn } from '../socketState.ts';
import { GraceHolds, type HeldSession } from './grace.ts';
import type { VoiceLifecycle } from './lifecycle.ts';
import { VOICE_RECORD_LIMITS, type VoiceRecordLimits } from '../ports.ts';

export type RelayKind = 'OFFER' | 'ANSWER' | 'ICE_CANDIDATE';
type RelayMessage = C_VOICE_OFFER | C_VOICE_ANSWER | C_VOICE_ICE_CANDIDATE;

export interface VoiceRoomsDeps {
  io: Io;
  feed: DebateFeed;
  lifecycle: VoiceLifecycle;
  metrics: SignalingMetrics;
  logger: Logger;
  graceMs: number;
  /** Bounds on the voice lifecycle records one client causes (ports.ts, VoiceRecordLimits). */
  recordLimits?: VoiceRecordLimits;
  /** True with a cluster adapter: rooms may have members on other nodes. */
  clustered: boolean;
  /** How the joiner receives audio (mesh when omitted): a `stage` listener gets no links. */
  transportOf?: (state: DebateView, accountId: string) => VoiceMode;
}

const memberOf = (socket: ServerSocket) => ({ accountId: socket.data.accountId, displayName: socket.data.displayName });

export class VoiceRooms {
  readonly grace: GraceHolds;
  private readonly io: Io;
  /** Per debate: this node's voice joins, one after another. */
  private readonly joins = new KeyedMutex();
  /** Link reports recorded per (debate, reporter, peer), and new voice sessions per (debate, account). */
  private readonly linkRecords: RateBudget;
  private readonly sessionStarts: RateBudget;

  constructor(private readonly deps: VoiceRoomsDeps) {
    this.io = deps.io;
    const limits = deps.recordLimits ?? VOICE_RECORD_LIMITS;
    this.linkRecords = new InMemoryRateBudget({ limit: limits.linksPerPeer, windowMs: limits.windowMs });
    this.sessionStarts = new InMemoryRateBudget({ limit: limits.joins, windowMs: limits.windowMs });
    this.grace = new GraceHolds(deps.graceMs, (session) => {
      this.expire(session).catch((error: unknown) => deps.logger.error({ err: error, debateId: session.debateId }, 'closing a held voice session failed'));
    });
    deps.feed.onChange((previous, next, eventTypes) => this.applyModeration(previous, next, eventTypes));
  }

  join(socket: ServerSocket, state: LocalSocketState, msg: C_VOICE_JOIN): Promise<{ debateId: string; peerId: string; peers: VoicePeer[] }> {
    // One join of a debate at a time on this node: two that overlapped would each hear of the
    // other (S_VOICE_JOIN) and both offer, where the protocol has only the one already in offer.
    return inVoiceOrder(state, () => this.joins.run(msg.debateId, () => this.joinNow(socket, msg)));
  }

  private async joinNow(socket: ServerSocket, msg: C_VOICE_JOIN): Promise<{ debateId: string; peerId: string; peers: VoicePeer[] }> {
    const { debateId } = msg;
    const me = memberOf(socket);
    if (msg.accountId !== me.accountId) throw refusal('IDENTITY_MISMATCH', 'accountId must be your own account id');
    let debate = await this.deps.feed.current(debateId);
    // Joined the debate a moment ago: the cached state may not show it yet, the read model may.
    if (debate && !debate.state.participants.some((p) => p.accountId === me.accountId)) debate = await this.deps.feed.reread(debateId);
    if (!debate) throw refusal('DEBATE_NOT_FOUND', `No debate ${debateId}`);
    if (debate.removed?.includes(me.accountId)) throw refusal('PARTICIPANT_REMOVED', 'A moderator removed you from this debate');
    if (!debate.state.participants.some((p) => p.accountId === me.accountId)) {
      throw refusal('NOT_PARTICIPANT', 'Join the debate (JoinDebate) before its voice room');
    }
    const already = socket.data.voice[debateId];
    // Counted when it writes: a new voice session (VoiceJoined) or a rejoin attempt. Joining again
    // on the same socket, or taking a session back within its grace period (a reload, a second
    // tab taking over), writes nothing and is not counted. Over the bound: refused, nothing written.
    const resumes = already !== undefined || this.grace.has(debateId, me.accountId);
    if (!resumes || msg.rejoinAttempt) {
      const started = this.sessionStarts.take(`${debateId} ${me.accountId}`);
      if (!started.ok) {
        this.deps.logger.info({ debateId, accountId: me.accountId }, 'voice join over its bound: refused');
        throw refusal('RATE_LIMITED', `Too many voice joins in this debate: retry in ${Math.ceil(started.retryAfterMs / 1000)} s`);
      }
    }
    if (msg.rejoinAttempt) await this.deps.lifecycle.rejoinAttempt(debateId, me, msg.rejoinAttempt);

    // Back within the grace period (or joining again on the same socket): the same session.
    const peerId = already ?? this.grace.take(debateId, me.accountId)?.peerId ?? randomUUID();
    // Rooms first, then the record: a node checking whether the account is still in voice sees it.
    socket.join([voiceRoom(debateId), voiceMemberRoom(debateId, me.accountId)]);
    socket.data.voice = { ...socket.data.voice, [debateId]: peerId };
    try {
      await this.deps.lifecycle.joined(debateId, me, peerId);
    } catch (error) {
      this.takeOut(socket, debateId);
      throw error;
    }
    if (socket.disconnected) throw refusal('NOT_IN_VOICE', 'The socket disconnected while joining');
    const peers = await this.peersOf(debateId, me.accountId);
    const transport = this.deps.transportOf?.(debate.state, me.accountId) ?? 'mesh';
    // `transport` only when it is the stage: absent means mesh, as before stage mode existed.
    socket.to(voiceRoom(debateId)).emit('S_VOICE_JOIN', { debateId, accountId: me.accountId, displayName: me.displayName, ...(transport === 'stage' ? { transport } : {}) });
    return { debateId, peerId, peers };
  }

  leave(socket: ServerSocket, state: LocalSocketState, msg: C_VOICE_LEAVE): Promise<Record<string, never>> {
    return inVoiceOrder(state, async () => {
      const peerId = this.takeOut(socket, msg.debateId);
      if (!peerId) throw refusal('NOT_IN_VOICE', 'You are not in the voice room of this debate');
      const reason = msg.gaveUpAfter ? 'failed' : 'left';
      this.io.to(voiceRoom(msg.debateId)).emit('S_VOICE_LEAVE', { debateId: msg.debateId, accountId: socket.data.accountId, reason });
      if (msg.gaveUpAfter) await this.deps.lifecycle.abandoned(msg.debateId, memberOf(socket), peerId, msg.gaveUpAfter);
      await this.deps.lifecycle.left(msg.debateId, memberOf(socket), peerId, reason);
      return {};
    });
  }

  async relay(kind: RelayKind, socket: ServerSocket, msg: RelayMessage): Promise<Record<string, never>> {
    const started = performance.now();
    if (msg.fromId !== socket.data.accountId) throw refusal('IDENTITY_MISMATCH', 'fromId must be your own account id');
    if (!socket.rooms.has(voiceRoom(msg.debateId))) throw refusal('NOT_IN_VOICE', 'Join the voice room of this debate first (C_VOICE_JOIN)');
    const target = voiceMemberRoom(msg.debateId, msg.toId);
    const notThere = () => refusal('PEER_NOT_IN_VOICE', `${msg.toId} is not in the voice room of this debate`);
    if (msg.toId === msg.fromId) throw notThere();
    const here = (this.io.of('/').adapter.rooms.get(target)?.size ?? 0) > 0;
    if (!here && !this.deps.clustered) throw notThere();
    // Only the target's voice-member room receives it, so sending before knowing whether it has a
    // member on another node is safe; the ack then waits for that answer, the relay does not.
    this.io.to(target).emit(`S_VOICE_${kind}`, msg);
    this.deps.metrics.relayLatency.observe({ kind: kind.toLowerCase() }, (performance.now() - started) / 1000);
    if (!here && !(await this.present(target))) throw notThere();
    return {};
  }

  async link(socket: ServerSocket, msg: C_VOICE_LINK): Promise<{ position: string }> {
    if (!socket.rooms.has(voiceRoom(msg.debateId))) throw refusal('NOT_IN_VOICE', 'Join the voice room of this debate first (C_VOICE_JOIN)');
    if (msg.peerId === socket.data.accountId) throw refusal('VALIDATION_FAILED', 'peerId is the other end of the link, not you');
    const recorded = this.linkRecords.take(`${msg.debateId} ${socket.data.accountId} ${msg.peerId}`);
    if (!recorded.ok) {
      this.deps.logger.debug({ debateId: msg.debateId, accountId: socket.data.accountId, peerId: msg.peerId }, 'link report over its bound: not recorded');
      throw refusal('RATE_LIMITED', `Too many reports about the link to ${msg.peerId}: retry in ${Math.ceil(recorded.retryAfterMs / 1000)} s`);
    }
    const result = await this.deps.lifecycle.link(msg.debateId, memberOf(socket), {
      peerId: msg.peerId,
      outcome: msg.outcome === 'connected' ? 'established' : 'failed',
      connectMs: msg.connectMs,
      candidateType: msg.candidateType,
      attempt: msg.attempt,
    });
    return { position: result.position.toString() };
  }

  /** A dropped socket: its sessions wait for the account for the grace period. */
  onDisconnect(socket: ServerSocket): void {
    for (const [debateId, peerId] of Object.entries(socket.data.voice)) {
      this.grace.hold({ debateId, peerId, ...memberOf(socket) });
    }
    socket.data.voice = {};
  }

  /**
   * A newer connection of the account took over: the peers hear at once that this one left (the
   * newer one joins on its own), and the session is held like a dropped one, so a takeover that
   * rejoins voice writes nothing and one that does not writes one VoiceLeft after the grace period.
   */
  handOver(socket: ServerSocket): void {
    for (const debateId of Object.keys(socket.data.voice)) {
      socket.leave(voiceRoom(debateId));
      socket.leave(voiceMemberRoom(debateId, socket.data.accountId));
      this.io.to(voiceRoom(debateId)).emit('S_VOICE_LEAVE', { debateId, accountId: socket.data.accountId, reason: 'replaced' });
    }
    this.onDisconnect(socket);
  }

  /** A revoked session: out of voice now, recorded as left. */
  async revoke(socket: ServerSocket): Promise<void> {
    await Promise.all(
      Object.keys(socket.data.voice).map(async (debateId) => {
        const peerId = this.takeOut(socket, debateId);
        if (!peerId) return;
        this.io.to(voiceRoom(debateId)).emit('S_VOICE_LEAVE', { debateId, accountId: socket.data.accountId, reason: 'left' });
        await this.deps.lifecycle.left(debateId, memberOf(socket), peerId, 'left');
      }),
    );
  }

  /** Clean shutdown: every session this node holds (connected or in grace) is recorded as left. */
  async closeAll(): Promise<void> {
    const sessions: HeldSession[] = this.grace.releaseAll();
    for (const socket of this.io.of('/').sockets.values()) {
      for (const debateId of Object.keys(socket.data.voice)) {
        const peerId = this.takeOut(socket, debateId);
        if (peerId) sessions.push({ debateId, peerId, ...memberOf(socket) });
      }
    }
    await Promise.all(
      sessions.map(async (s) => {
        this.io.to(voiceRoom(s.debateId)).emit('S_VOICE_LEAVE', { debateId: s.debateId, accountId: s.accountId, reason: 'disconnected' });
        await this.deps.lifecycle.left(s.debateId, s, s.peerId, 'disconnected');
      }),
    );
  }

  /** Is this account in this debate's voice room on any node? */
  inVoiceAnywhere(debateId: string, accountId: string): Promise<boolean> {
    return this.present(voiceMemberRoom(debateId, accountId));
  }

  /** Voice rooms and members held on this node (metrics). */
  counts(): { rooms: number; members: number } {
    let rooms = 0;
    let members = 0;
    for (const [room, ids] of this.io.of('/').adapter.rooms) {
      if (room.startsWith('voice:') && room.indexOf(':', 6) === -1) {
        rooms++;
        members += ids.size;
      }
    }
    return { rooms, members };
  }

  /**
   * Does the room have a member on any node? A cluster call that fails (a node died a moment ago
   * and still counts until the heartbeat gives up on it) answers true: never close a session,
   * or call a relay undelivered, on doubt.
   */
  private async present(room: string): Promise<boolean> {
    if ((this.io.of('/').adapter.rooms.get(room)?.size ?? 0) > 0) return true;
    if (!this.deps.clustered) return false;
    return this.io
      .in(room)
      .fetchSockets()
      .then((sockets) => sockets.length > 0, () => true);
  }

  private async peersOf(debateId: string, me: string): Promise<VoicePeer[]> {
    // A node that died a moment ago still counts until the heartbeat gives up on it, and the
    // cluster call times out meanwhile: list this node's members then. The list is a courtesy;
    // the members elsewhere got S_VOICE_JOIN and make their offers all the same.
    const sockets: { data: { accountId: string; displayName: string } }[] = await this.io
      .in(voiceRoom(debateId))
      .fetchSockets()
      .catch((error: unknown) => {
        this.deps.logger.warn({ err: error, debateId }, 'voice room members of other nodes unknown (cluster call failed)');
        return localSocketsIn(this.io, voiceRoom(debateId));
      });
    const peers = new Map<string, VoicePeer>();
    for (const s of sockets) {
      if (s.data.accountId !== me) peers.set(s.data.accountId, { accountId: s.data.accountId, displayName: s.data.displayName });
    }
    return [...peers.values()];
  }

  /** Out of the debate's voice rooms on this socket; the peer id it held, if any. */
  private takeOut(socket: ServerSocket, debateId: string): string | undefined {
    const peerId = socket.data.voice[debateId];
    socket.leave(voiceRoom(debateId));
    socket.leave(voiceMemberRoom(debateId, socket.data.accountId));
    if (peerId !== undefined) {
      const { [debateId]: _gone, ...rest } = socket.data.voice;
      socket.data.voice = rest;
    }
    this.deps.feed.forgetIfUnused(debateId);
    return peerId;
  }

  private async expire(session: HeldSession): Promise<void> {
    if (await this.inVoiceAnywhere(session.debateId, session.accountId)) return;
    const wrote = await this.deps.lifecycle.left(session.debateId, session, session.peerId, 'disconnected');
    if (wrote) this.io.to(voiceRoom(session.debateId)).emit('S_VOICE_LEAVE', { debateId: session.debateId, accountId: session.accountId, reason: 'disconnected' });
  }

  /** Moderation reaching voice: mutes and role changes announced, removed members taken out. */
  private applyModeration(previous: CachedDebate, next: CachedDebate, eventTypes: readonly string[]): void {
    const debateId = next.state.id;
    const before = new Map(previous.state.participants.map((p) => [p.accountId, p]));
    const after = new Map(next.state.participants.map((p) => [p.accountId, p]));
    for (const p of next.state.participants) {
      const was = before.get(p.accountId);
      if (!was) continue;
      const audience = this.io.local.to([voiceRoom(debateId), accountRoom(p.accountId)]);
      if (was.muted !== p.muted) audience.emit('S_VOICE_MUTED', { debateId, accountId: p.accountId, muted: p.muted });
      if (was.role !== p.role) audience.emit('S_ROLE_CHANGED', { debateId, accountId: p.accountId, role: p.role });
    }
    const removal = eventTypes.includes('ParticipantRemoved');
    for (const socket of localSocketsIn(this.io, voiceRoom(debateId))) {
      const accountId = socket.data.accountId;
      if (after.has(accountId)) continue;
      // Removed (or left the debate): its voice entry went with it in the fold, so there is no VoiceLeft to write.
      const removed = removal && (next.removed?.includes(accountId) ?? false);
      this.takeOut(socket, debateId);
      if (removed) socket.emit('S_REMOVED', { debateId, accountId });
      this.io.to(voiceRoom(debateId)).emit('S_VOICE_LEAVE', { debateId, accountId, reason: removed ? 'removed' : 'left' });
    }
    for (const accountId of before.keys()) if (!after.has(accountId)) this.grace.take(debateId, accountId);
  }
}
