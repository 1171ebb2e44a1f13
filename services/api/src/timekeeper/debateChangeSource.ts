// Where the timekeeper learns which debates to look at. The app wires it to the projector's bus
// messages and a read-model query; storeChangeSource below folds straight from the event store.

export interface DebateChangeSource {
  /**
   * Calls the listener whenever a debate's stream may have changed (any node), with the types of
   * the events of that change when the source knows them. Returns an unsubscribe.
   */
  onDebateChanged(listener: (debateId: string, eventTypes?: readonly string[]) => void): () => void;
  /** Debates that may have a running turn (a superset is fine: each is re-checked on fresh state). */
  debatesWithRunningTurn(): Promise<string[]>;
}
