// The states a replay has fetched from the server (GET /state?position=), by position: a small
// least-recently-used cache, one request per position however many ask at once, and failures
// not kept (the next ask tries again). Plus the debounce that keeps a drag from firing a request
// per pixel.
export class StateCache<T> {
  private readonly done = new Map<string, T>();
  private readonly inFlight = new Map<string, Promise<T>>();

  constructor(
    private readonly load: (key: string) => Promise<T>,
    readonly capacity = 64,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, not ${capacity}`);
  }

  /** The value if it is already here (and marks it recently used). */
  peek(key: string): T | undefined {
    const v = this.done.get(key);
    if (v !== undefined) {
      this.done.delete(key);
      this.done.set(key, v);
    }
    return v;
  }

  get(key: string): Promise<T> {
    const hit = this.peek(key);
    if (hit !== undefined) return Promise.resolve(hit);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const p = this.load(key).then(
      (v) => {
        this.inFlight.delete(key);
        this.done.set(key, v);
        while (this.done.size > this.capacity) this.done.delete(this.done.keys().next().value!);
        return v;
      },
      (e: unknown) => {
        this.inFlight.delete(key);
        throw e;
      },
    );
    this.inFlight.set(key, p);
    return p;
  }

  get size(): number {
    return this.done.size;
  }
}

export interface Debounced<A extends unknown[]> {
  (...args: A): void;
  cancel(): void;
}

/** Calls `fn` once calls have stopped for `ms`, with the last arguments. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const d = (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  d.cancel = () => clearTimeout(timer);
  return d;
}
