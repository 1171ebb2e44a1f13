// The write path: load the debate (cached fold) → decide → append with the expected version.
// A lost race re-reads only the stream's tail and decides again on fresh state. Appends of
// concurrent commands to different debates share transactions (group commit, groupCommit.ts).
import {
  type DebateCommand,
  type DebateEvent,
  type DebateState,
  type NewEvent,
  DebateEventSchema,
  currentSchemaVersion,
  debateStreamId,
  upcastEvent,
} from '@booktalk/contracts';
import { type Actor, decide, isDomainError } from '@booktalk/domain';
import { type EventStore, WrongExpectedVersionError } from '@booktalk/eventstore';
import { type Clock, type Logger, silentLogger, systemClock } from '../ports.ts';
import { ConcurrencyError } from './errors.ts';
import { type FoldedStream, emptyStream, foldAppended, foldStored } from './foldedStream.ts';
import { type Appender, type GroupCommitOptions, GroupCommitAppender, directAppender } from './groupCommit.ts';
import { KeyedMutex } from './keyedMutex.ts';
import { StreamCache } from './streamCache.ts';

export interface CommandHandlerOptions {
  store: EventStore;
  /** Written into every event's metadata.node. */
  node: string;
  clock?: Clock;
  logger?: Logger;
  /** Re-decisions after a version conflict before giving up with ConcurrencyError (default 8). */
  maxRetries?: number;
  /** Folded streams kept in memory (default 5,000 debates). */
  cacheSize?: number;
  /**
   * Group commit (default on): appends of concurrent commands to different debates that are ready
   * while a store call is in flight share the next one (one transaction; see groupCommit.ts).
   * `false`: one store call per command.
   */
  groupCommit?: boolean | GroupCommitOptions;
}

export interface HandleCommand {
  debateId: string;
  commandId: string;
  command: DebateCommand;
  actor: Actor;
  /** Defaults to the command id (a command that starts a causal chain). */
  correlationId?: string;
  causationId?: string | null;
}

export interface CommandResult {
  debateId: string;
  /** Global position of the command's last event (or of the stream's last event when it wrote nothing). */
  position: bigint;
  /** Stream version after the command (0-based; -1: the stream does not exist). */
  version: number;
  /** The events the command wrote (for a duplicate: those the original wrote). */
  events: DebateEvent[];
  /** True when this command id had been handled before: nothing was written now. */
  duplicate: boolean;
}

export interface DebateSnapshot {
  state: DebateState;
  version: number;
  position: bigint;
}

export class CommandHandler {
  private readonly store: EventStore;
  private readonly node: string;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly maxRetries: number;
  private readonly cache: StreamCache;
  private readonly mutex = new KeyedMutex();
  private readonly appender: Appender;

  constructor(options: CommandHandlerOptions) {
    this.store = options.store;
    this.node = options.node;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.maxRetries = options.maxRetries ?? 8;
    this.cache = new StreamCache(options.cacheSize ?? 5_000);
    const group = options.groupCommit ?? true;
    this.appender = group === false ? directAppender(this.store) : new GroupCommitAppender(this.store, group === true ? {} : group);
  }

  /** Decides and appends one command. Throws DomainError (refused) or ConcurrencyError; writes nothing then. */
  handle(input: HandleCommand): Promise<CommandResult> {
    return this.mutex.run(input.debateId, () => this.handleInOrder(input));
  }

  /** The debate's current state, read from the store (only the events after the cached fold). */
  loadDebateState(debateId: string): Promise<DebateSnapshot> {
    return this.mutex.run(debateId, async () => {
      const { state, version, position } = await this.refresh(this.cache.get(debateId) ?? emptyStream(debateId));
      return { state, version, position };
    });
  }

  /**
   * Another node wrote this debate up to `version` (its projected state reached us on the bus).
   * The cached fold is then refreshed before the next decision instead of after a lost race.
   */
  noteRemoteVersion(debateId: string, version: number): void {
    this.cache.noteVersion(debateId, version);
  }

  private async handleInOrder(input: HandleCommand): Promise<CommandResult> {
    const cached = this.cache.get(input.debateId);
    const usable = cached && !this.cache.isStale(cached) ? cached : undefined;
    let stream = usable ?? (await this.refresh(cached ?? emptyStream(input.debateId)));
    let fresh = !usable;
    for (let attempt = 1; ; attempt++) {
      const original = stream.commands.get(input.commandId);
      if (original) return this.duplicateOf(stream, input.commandId);

      const now = this.clock();
      const decision = decide(input.command, stream.state, {
        now,
        actor: input.actor,
        debateId: input.debateId,
        commandId: input.commandId,
      });
      if (isDomainError(decision) || decision.length === 0) {
        // A cached fold may lag behind another node's writes: refuse (or no-op) only on fresh state.
        if (!fresh) {
          stream = await this.refresh(stream);
          fresh = true;
          attempt--;
          continue;
        }
        if (isDomainError(decision)) throw decision;
        return { debateId: input.debateId, position: stream.position, version: stream.version, events: [], duplicate: false };
      }

      const events = decision.map((e) => DebateEventSchema.parse(e));
      try {
        const result = await this.appender.append(
          debateStreamId(input.debateId),
          events.map((e) => this.toNewEvent(e, input, now)),
          stream.version < 0 ? 'no_stream' : stream.version,
        );
        if (result.duplicate) {
          // Another process wrote this command id first; its events are in the tail.
          stream = await this.refresh(stream);
          return this.duplicateOf(stream, input.commandId);
        }
        this.cache.put(foldAppended(stream, input.commandId, events, result.nextExpectedVersion, result.position));
        return { debateId: input.debateId, position: result.position, version: result.nextExpectedVersion, events, duplicate: false };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (attempt > this.maxRetries) throw new ConcurrencyError(input.debateId, attempt);
        this.logger.debug({ debateId: input.debateId, commandId: input.commandId, attempt }, 'version conflict, deciding again');
        await new Promise((resolve) => setTimeout(resolve, conflictBackoffMs(attempt)));
        stream = await this.refresh(stream);
        fresh = true;
      }
    }
  }

  private toNewEvent(event: DebateEvent, input: HandleCommand, now: Date): NewEvent {
    return {
      type: event.type,
      data: event.data,
      schemaVersion: currentSchemaVersion(event.type),
      occurredAt: now.toISOString(),
      metadata: {
        commandId: input.commandId,
        correlationId: input.correlationId ?? input.commandId,
        causationId: input.causationId ?? null,
        actorId: input.actor.accountId,
        node: this.node,
      },
    };
  }

  /** Reads the events after the snapshot and caches the result. */
  private async refresh(stream: FoldedStream): Promise<FoldedStream> {
    const tail = await this.store.readStream(debateStreamId(stream.debateId), stream.version + 1);
    const next = foldStored(stream, tail);
    if (next.version >= 0) this.cache.put(next);
    return next;
  }

  /** The original result of a command id found in the stream's index; its events are read back. */
  private async duplicateOf(stream: FoldedStream, commandId: string): Promise<CommandResult> {
    const record = stream.commands.get(commandId);
    if (!record) throw new Error(`Command ${commandId} reported as duplicate but not found in debate ${stream.debateId}`);
    const stored = await this.store.readStream(debateStreamId(stream.debateId), record.firstVersion);
    const events = stored
      .filter((e) => e.version <= record.version && e.metadata.commandId === commandId)
      .map((e) => upcastEvent(e.type, e.schemaVersion, e.data));
    return { debateId: stream.debateId, position: record.position, version: record.version, events, duplicate: true };
  }
}

/**
 * Full-jitter exponential backoff before deciding again: 0–4 ms after the first lost race, up to
 * 0–250 ms from the seventh. The node that won holds a fresh fold and appends its next command at
 * once, so a loser retrying at once keeps losing until that node's queue for the debate drains;
 * eight growing pauses (up to ~0.75 s in all) outlast a burst instead of a few milliseconds of it.
 */
export function conflictBackoffMs(attempt: number, random = Math.random): number {
  return random() * Math.min(250, 4 * 2 ** (attempt - 1));
}
