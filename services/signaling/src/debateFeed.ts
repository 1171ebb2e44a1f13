// Projected debate state for this node's sockets. Each node consumes DebateChanged itself and
// pushes to its own subscribers (io.local), so nothing is pushed twice across nodes. Positions
// order everything: a change at or below what a socket already has is never pushed.
import type { Logger } from '@booktalk/api';
import { type DebateChanged, type DebateView, seesHiddenMessages, viewFor, viewNeutral, withoutHiddenMessages } from '@booktalk/contracts';
import type { SignalingMetrics } from './metrics.ts';
import type { ProjectedDebate, ReadState } from './ports.ts';
import { debateRoom, voiceRoom } from './rooms.ts';
import { type Io, type LocalSocketState, type ServerSocket, localSocketsIn } from './socketState.ts';

export interface CachedDebate extends ProjectedDebate {
  at: bigint;
}

/** Called with the state before and after a change of a debate this node follows. */
export type ChangeListener = (previous: CachedDebate, next: CachedDebate, eventTypes: readonly string[]) => void;

const MAX_PENDING_COMMANDS = 10_000;

/** The socket's account as a reader of hidden messages (site admins see them over HTTP, not pushed). */
const readerOf = (socket: ServerSocket) => ({ accountId: socket.data.accountId });

export class DebateFeed {
  /** Latest projected state of the debates this node has sockets for (subscribed or in voice). */
  private readonly cache = new Map<string, CachedDebate>();
  /** Reads in flight per debate: a change that lands meanwhile must still be cached. */
  private readonly pending = new Map<string, number>();
  /** Commands accepted on this node: debateId → [position, start time] (command → push latency). */
  private readonly commands = new Map<string, [bigint, number][]>();
  private pendingCommandCount = 0;
  private readonly listeners: ChangeListener[] = [];

  constructor(
    private readonly io: Io,
    private readonly readState: ReadState,
    private readonly stateOf: (socket: ServerSocket) => LocalSocketState | undefined,
    private readonly metrics: SignalingMetrics,
    private readonly logger: Logger,
  ) {}

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** The newest projected state known here (cache or read model); null when the debate does not exist. */
  async current(debateId: string): Promise<CachedDebate | null> {
    const cached = this.cache.get(debateId);
    if (cached) return cached;
    return this.read(debateId);
  }

  /** The read model's state now (or the cache when that is newer). */
  reread(debateId: string): Promise<CachedDebate | null> {
    return this.read(debateId);
  }

  /** Joins the socket to the debate's state room and pushes it the snapshot; returns its position. */
  async subscribe(socket: ServerSocket, debateId: string): Promise<CachedDebate | null> {
    const snapshot = await this.read(debateId);
    if (!snapshot || socket.disconnected) return snapshot;
    // A change that arrived during the read is in the cache: take whichever is newer, then
    // every later change reaches the socket through the room (no await between the two).
    const latest = this.cache.get(debateId) ?? snapshot;
    socket.join(debateRoom(debateId));
    const state = this.stateOf(socket);
    if (state) state.positions.delete(debateId);
    this.push(socket, debateId, latest);
    return latest;
  }

  unsubscribe(socket: ServerSocket, debateId: string): void {
    socket.leave(debateRoom(debateId));
    this.stateOf(socket)?.positions.delete(debateId);
    this.forgetIfUnused(debateId);
  }

  /** A command accepted here at `position`: the first push at or past it measures the latency. */
  noteCommand(debateId: string, position: bigint, startedAt: number): void {
    if (this.pendingCommandCount >= MAX_PENDING_COMMANDS) return;
    const list = this.commands.get(debateId) ?? [];
    list.push([position, startedAt]);
    this.commands.set(debateId, list);
    this.pendingCommandCount++;
  }

  /** Bus handler: DebateChanged on DEBATE_CHANGES_TOPIC. */
  handleChange(message: DebateChanged): void {
    const { debateId } = message;
    if (!this.followed(debateId)) return;
    const at = BigInt(message.position);
    const previous = this.cache.get(debateId);
    if (previous && at <= previous.at) return; // a duplicate or a stale redelivery
    const next: CachedDebate = { position: message.position, state: message.state, at, removed: this.removedAfter(previous, message) };
    this.advance(debateId, previous, next, message.eventTypes);
  }

  /**
   * After a gap on the bus (the broker away, the consumer back in its group) DebateChanged may
   * have been missed: the projector drops a publish the broker refused and carries on, so a
   * change made during an outage reached no node, and its clients stayed on the state before it
   * until the next change, if any came. Every debate followed here is read again, and a newer
   * state goes out as a change.
   */
  async catchUp(): Promise<void> {
    await Promise.all(
      [...this.cache.keys()].map((debateId) =>
        this.read(debateId).catch((error: unknown) => this.logger.error({ err: error, debateId }, 'catching up on a debate after a bus gap failed')),
      ),
    );
  }

  /** Drops the cached state of a debate no socket here follows any more. */
  forgetIfUnused(debateId: string): void {
    if (!this.followed(debateId)) {
      this.cache.delete(debateId);
      const list = this.commands.get(debateId);
      if (list) this.pendingCommandCount -= list.length;
      this.commands.delete(debateId);
    }
  }

  cachedDebates(): number {
    return this.cache.size;
  }

  private followed(debateId: string): boolean {
    const rooms = this.io.of('/').adapter.rooms;
    return rooms.has(debateRoom(debateId)) || rooms.has(voiceRoom(debateId)) || (this.pending.get(debateId) ?? 0) > 0;
  }

  private async read(debateId: string): Promise<CachedDebate | null> {
    this.pending.set(debateId, (this.pending.get(debateId) ?? 0) + 1);
    try {
      const row = await this.readState(debateId);
      if (!row) return this.cache.get(debateId) ?? null;
      const read: CachedDebate = { ...row, at: BigInt(row.position) };
      const cached = this.cache.get(debateId);
      if (cached && cached.at >= read.at) return cached;
      // Newer than the cache: the room hears it now. Cached silently, the DebateChanged of this
      // position would be dropped as stale when it came, and the room would miss it.
      this.advance(debateId, cached, read, cached ? eventTypesBetween(cached, read) : []);
      return read;
    } finally {
      const n = (this.pending.get(debateId) ?? 1) - 1;
      if (n > 0) this.pending.set(debateId, n);
      else this.pending.delete(debateId);
    }
  }

  /**
   * One broadcast to the room's local sockets (socket.io encodes the packet once, not once per
   * recipient), except those that already hold this position or a later one. The cached view
   * holds hidden messages: the broadcast carries the view without them, and the host's and
   * moderators' sockets get the whole view (hidden ones marked) one by one instead.
   */
  private pushToRoom(debateId: string, debate: CachedDebate): void {
    const sockets = localSocketsIn(this.io, debateRoom(debateId));
    const publicView = withoutHiddenMessages(debate.state);
    const skipped: string[] = [];
    const moderators: ServerSocket[] = [];
    for (const socket of sockets) {
      const state = this.stateOf(socket);
      const last = state?.positions.get(debateId);
      if (!state || (last !== undefined && debate.at <= last)) {
        skipped.push(socket.id);
        continue;
      }
      state.positions.set(debateId, debate.at);
      if (publicView !== debate.state && seesHiddenMessages(debate.state, readerOf(socket))) {
        skipped.push(socket.id);
        moderators.push(socket);
      }
    }
    for (const socket of moderators) this.emitState(socket, debateId, debate, debate.state);
    if (skipped.length === sockets.length) return;
    // Each socket is in the room named by its id, so except() leaves those out.
    this.io.local.to(debateRoom(debateId)).except(skipped).emit('S_DEBATE_STATE', { debateId, position: debate.position, state: publicView });
  }

  private push(socket: ServerSocket, debateId: string, debate: CachedDebate): void {
    const state = this.stateOf(socket);
    if (!state) return;
    const last = state.positions.get(debateId);
    if (last !== undefined && debate.at <= last) return;
    state.positions.set(debateId, debate.at);
    this.emitState(socket, debateId, debate, viewFor(debate.state, readerOf(socket)));
  }

  private emitState(socket: ServerSocket, debateId: string, debate: CachedDebate, view: DebateView): void {
    socket.emit('S_DEBATE_STATE', { debateId, position: debate.position, state: view });
  }

  /** The cache moves to `next`: pushed to the room, and the listeners hear the change. */
  private advance(debateId: string, previous: CachedDebate | undefined, next: CachedDebate, eventTypes: readonly string[]): void {
    this.cache.set(debateId, next);
    // Link, rejoin and stage records change nothing a client shows: cached, not pushed.
    if (!viewNeutral(eventTypes)) this.pushToRoom(debateId, next);
    this.observeCommands(debateId, next.at);
    if (!previous) return;
    for (const listener of this.listeners) {
      try {
        listener(previous, next, eventTypes);
      } catch (error) {
        this.logger.error({ err: error, debateId }, 'debate change listener failed');
      }
    }
  }

  /** The change event list names removals; the view itself no longer lists removed accounts. */
  private removedAfter(previous: CachedDebate | undefined, message: DebateChanged): string[] {
    const before = previous?.removed ?? [];
    if (!previous || !message.eventTypes.includes('ParticipantRemoved')) return before;
    const now = new Set(message.state.participants.map((p) => p.accountId));
    const gone = previous.state.participants.filter((p) => !now.has(p.accountId)).map((p) => p.accountId);
    return [...new Set([...before, ...gone])];
  }

  private observeCommands(debateId: string, at: bigint): void {
    const list = this.commands.get(debateId);
    if (!list) return;
    const now = performance.now();
    const left = list.filter(([position, started]) => {
      if (position > at) return true;
      this.metrics.commandToPush.observe((now - started) / 1000);
      return false;
    });
    this.pendingCommandCount -= list.length - left.length;
    if (left.length) this.commands.set(debateId, left);
    else this.commands.delete(debateId);
  }
}

/**
 * A state read from the read model instead of a DebateChanged: the events between the two are
 * unknown. Removals are the one kind listeners cannot tell from the two views (a removed account
 * is gone from the view like one that left), and the read model lists them.
 */
function eventTypesBetween(previous: CachedDebate, next: CachedDebate): string[] {
  const before = new Set(previous.removed ?? []);
  return (next.removed ?? []).some((accountId) => !before.has(accountId)) ? ['ParticipantRemoved'] : [];
}
