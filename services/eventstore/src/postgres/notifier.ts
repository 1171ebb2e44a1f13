// Wake-ups for subscriptions. Listening: one LISTEN connection per store, outside the pool (a
// pooled client would be handed to other queries), reconnected with backoff on error. Sending:
// after commit (and this store's own subscribers woken directly), coalesced (at most one NOTIFY
// in flight and one queued), because a NOTIFY inside
// the append transaction would serialise all commits. Subscriptions also poll, so a lost
// notification or a dropped connection costs latency, never events.
import pg from 'pg';

type Wake = () => void;

export class Notifier {
  private readonly listeners = new Set<Wake>();
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelayMs = 100;
  private closed = false;
  private sending: Promise<void> | null = null;
  private sendAgain = false;

  constructor(
    private readonly connection: pg.ClientConfig,
    private readonly channel: string,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Registers a wake-up callback; returns its removal. */
  add(wake: Wake): () => void {
    this.listeners.add(wake);
    this.ensureConnected();
    return () => this.listeners.delete(wake);
  }

  /** Tells every listening process that something was appended. Never throws. */
  notify(pool: pg.Pool): void {
    if (this.closed) return;
    // Subscribers of this very store (the embedded app's projectors) look at once, without the
    // round trip through the server: the NOTIFY below wakes them again, which costs one empty read.
    this.wakeAll();
    if (this.sending) {
      this.sendAgain = true;
      return;
    }
    this.sending = pool
      .query('SELECT pg_notify($1, NULL)', [this.channel])
      .then(
        () => undefined,
        (error: unknown) => this.onError(error),
      )
      .finally(() => {
        this.sending = null;
        if (this.sendAgain) {
          this.sendAgain = false;
          this.notify(pool);
        }
      });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.sending;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private ensureConnected(): void {
    if (this.closed || this.client || this.connecting || this.retryTimer) return;
    this.connecting = this.connect().finally(() => (this.connecting = null));
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.connection);
    client.on('notification', () => this.wakeAll());
    client.on('error', (error) => this.fail(client, error));
    client.on('end', () => this.fail(client, new Error('LISTEN connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      if (this.closed) {
        await client.end();
        return;
      }
      this.client = client;
      this.retryDelayMs = 100;
      // Anything appended while we were not listening: let subscribers look now.
      this.wakeAll();
    } catch (error) {
      this.fail(client, error);
    }
  }

  private fail(client: pg.Client, error: unknown): void {
    if (this.closed) return;
    if (this.client === client) this.client = null;
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    this.onError(error);
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.listeners.size > 0) this.ensureConnected();
    }, this.retryDelayMs);
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, 5_000);
  }

  private wakeAll(): void {
    for (const wake of this.listeners) wake();
  }
}
