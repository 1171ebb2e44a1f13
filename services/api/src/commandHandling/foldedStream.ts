// A debate stream folded into its state, plus the index of the commands that wrote it: the
// unit the command handler caches and decides on.
import {
  type DebateEvent,
  type DebateState,
  type StoredEvent,
  evolve,
  initialDebateState,
  startFolding,
  upcastEvent,
} from '@booktalk/contracts';

/** What one command wrote: enough to answer a repeat of it without writing again. */
export interface CommandRecord {
  firstVersion: number;
  version: number;
  position: bigint;
}

export interface FoldedStream {
  readonly debateId: string;
  readonly state: DebateState;
  /** Version of the last event folded; -1 for a stream that does not exist yet. */
  readonly version: number;
  /** Global position of the last event folded; 0n when none. */
  readonly position: bigint;
  /**
   * commandId → what it wrote. Shared (append-only) between successive snapshots of one stream:
   * every entry is a fact about the store, so an older snapshot may safely see newer entries.
   */
  readonly commands: Map<string, CommandRecord>;
}

export const emptyStream = (debateId: string): FoldedStream => ({
  debateId,
  state: initialDebateState(debateId),
  version: -1,
  position: 0n,
  commands: new Map(),
});

const remember = (commands: Map<string, CommandRecord>, commandId: string, version: number, position: bigint) => {
  const known = commands.get(commandId);
  commands.set(
    commandId,
    known
      ? { firstVersion: Math.min(known.firstVersion, version), version: Math.max(known.version, version), position: position > known.position ? position : known.position }
      : { firstVersion: version, version, position },
  );
};

/** Folds stored events (upcast to their current schema) onto a snapshot; events already folded are skipped. */
export function foldStored(from: FoldedStream, events: readonly StoredEvent[]): FoldedStream {
  let { version, position } = from;
  // In place (contracts' startFolding): a cold load of a long chat is not O(n²).
  const folding = startFolding(from.state);
  for (const e of events) {
    if (e.version <= version) continue;
    if (e.version !== version + 1) {
      throw new Error(`Stream of debate ${from.debateId} has a gap: expected version ${version + 1}, got ${e.version}`);
    }
    folding.add(upcastEvent(e.type, e.schemaVersion, e.data));
    version = e.version;
    position = e.position;
    remember(from.commands, e.metadata.commandId, e.version, e.position);
  }
  return { debateId: from.debateId, state: folding.state, version, position, commands: from.commands };
}

/** Folds the events this process just appended (their stored form equals what was decided). */
export function foldAppended(
  from: FoldedStream,
  commandId: string,
  events: readonly DebateEvent[],
  lastVersion: number,
  lastPosition: bigint,
): FoldedStream {
  const state = events.reduce(evolve, from.state);
  from.commands.set(commandId, { firstVersion: from.version + 1, version: lastVersion, position: lastPosition });
  return { debateId: from.debateId, state, version: lastVersion, position: lastPosition, commands: from.commands };
}
