// Crypto-shredding at the event-store boundary: a decorator over the EventStore port. On append
// the personal fields of an event (personalData.ts) are sealed with its owner's data key and left
// in plain sight only as their erased values; on read they are opened again. Once the key is
// deleted the sealed box cannot be opened by anyone, so every later read — projections, rebuilds,
// replays, the raw stream — sees "deleted user" and empty texts, and nothing in the log has to
// change. Events written before this decorator existed hold plaintext: for an erased owner those
// fields are redacted on read (accounts.erased), like an upcaster would.
import type { NewEvent, StoredEvent } from '@booktalk/contracts';
import type { AppendManyResult, AppendRequest, AppendResult, EventStore, ExpectedVersion, ReadAllPage, SubscribeOptions, Subscription } from '@booktalk/eventstore';
import { isSealedBox, open, seal } from './cipher.ts';
import type { Keyring } from './keyring.ts';
import { type EventData, personalOwner, pickPersonal, pseudonymsOf, redact } from './personalData.ts';

/** Where the sealed box travels inside an event's data (the event schemas strip unknown keys). */
export const SEALED_FIELD = '_sealed';

export class ShreddingEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly keyring: Keyring,
  ) {}

  async append(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult> {
    return this.inner.append(streamId, await this.sealAll(events), expectedVersion);
  }

  async appendMany(requests: readonly AppendRequest[]): Promise<AppendManyResult> {
    const sealed = await Promise.all(requests.map(async (r) => ({ ...r, events: await this.sealAll(r.events) })));
    return this.inner.appendMany(sealed);
  }

  async readStream(streamId: string, fromVersion?: number, maxCount?: number): Promise<StoredEvent[]> {
    return this.openAll(await this.inner.readStream(streamId, fromVersion, maxCount));
  }

  async readAll(fromPosition: bigint, limit: number): Promise<ReadAllPage> {
    const page = await this.inner.readAll(fromPosition, limit);
    return { ...page, events: await this.openAll(page.events) };
  }

  subscribeAll(fromPosition: bigint, handler: (events: StoredEvent[]) => Promise<void>, options?: SubscribeOptions): Subscription {
    return this.inner.subscribeAll(fromPosition, async (events) => handler(await this.openAll(events)), options);
  }

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async sealAll(events: NewEvent[]): Promise<NewEvent[]> {
    // Not in place: the caller (the command handler) keeps folding the events it decided.
    return Promise.all(
      events.map(async (event) => {
        const owner = personalOwner(event.type, event.data);
        if (owner === null) return event;
        const data = event.data as EventData;
        const key = await this.keyring.keyForWriting(owner);
        if (!key) return { ...event, data: redact(event.type, data) };
        // Pseudonyms (vote options) are made now: once the key is deleted nobody can make them again.
        const erased = redact(event.type, data, pseudonymsOf(key, data));
        return { ...event, data: { ...erased, [SEALED_FIELD]: seal(key, event.type, JSON.stringify(pickPersonal(event.type, data))) } };
      }),
    );
  }

  private async openAll(events: StoredEvent[]): Promise<StoredEvent[]> {
    const sealedOwners: string[] = [];
    for (const e of events) {
      const owner = personalOwner(e.type, e.data);
      if (owner !== null && SEALED_FIELD in (e.data as EventData)) sealedOwners.push(owner);
    }
    if (sealedOwners.length === 0 && !events.some((e) => this.erasedPlaintext(e))) return events;
    await this.keyring.prefetch(sealedOwners);
    return events.map((e) => this.openOne(e));
  }

  private erasedPlaintext(e: StoredEvent): boolean {
    const owner = personalOwner(e.type, e.data);
    return owner !== null && this.keyring.isErased(owner);
  }

  private openOne(e: StoredEvent): StoredEvent {
    const owner = personalOwner(e.type, e.data);
    if (owner === null) return e;
    const { [SEALED_FIELD]: box, ...rest } = e.data as EventData;
    if (box === undefined) return this.keyring.isErased(owner) ? { ...e, data: redact(e.type, rest) } : e;
    const key = this.keyring.cached(owner);
    // No key: the owner was erased, and the erased values are what is stored in plain sight.
    if (!key) return { ...e, data: redact(e.type, rest) };
    if (!isSealedBox(box)) throw new Error(`Event ${e.eventId} (${e.type}): malformed sealed personal data`);
    let personal: EventData;
    try {
      personal = JSON.parse(open(key, e.type, box)) as EventData;
    } catch {
      throw new Error(`Event ${e.eventId} (${e.type}): its sealed personal data does not open with its owner's key`);
    }
    return { ...e, data: { ...rest, ...personal } };
  }
}
