// Runs tasks one at a time per key. Commands to the same debate in one process queue here
// instead of racing each other into version conflicts; across processes the store's expected
// version check (and the handler's retries) still decide. The signaling node uses it too (voice
// joins and stage refreshes, one per debate at a time).
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    // Drop the key once nobody queued behind this task, so the map does not grow per debate.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
