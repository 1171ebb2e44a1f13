// Event builders and waiting helpers for the contract suite.
import { randomUUID } from 'node:crypto';
import type { NewEvent, StoredEvent } from '@booktalk/contracts';

export const newEvent = (type: string, data: unknown, commandId: string = randomUUID()): NewEvent => ({
  type,
  data,
  metadata: { commandId, correlationId: randomUUID(), causationId: null, actorId: 'tester', node: 'test-node' },
});

/** n events of one command (one append = one command). */
export const commandEvents = (n: number, commandId: string = randomUUID()): NewEvent[] =>
  Array.from({ length: n }, (_, i) => newEvent(`Happened${i}`, { i }, commandId));

/** A stream id no other test (or earlier run against a shared server) uses. */
export const uniqueStream = (prefix = 'debate'): string => `${prefix}-${randomUUID().replace(/-/g, '')}`;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/** Collects what a subscription delivers and checks the delivery rules as it goes. */
export class Collector {
  readonly events: StoredEvent[] = [];
  readonly violations: string[] = [];
  private inFlight = false;

  constructor(
    private readonly keep: (e: StoredEvent) => boolean = () => true,
    private readonly slowEvery = 0,
  ) {}

  readonly handler = async (batch: StoredEvent[]): Promise<void> => {
    if (this.inFlight) this.violations.push('handler called while the previous batch was in flight');
    this.inFlight = true;
    try {
      for (const e of batch) {
        const last = this.lastPosition;
        if (last !== null && e.position <= last) this.violations.push(`position ${e.position} after ${last}`);
        this.lastPosition = e.position;
        if (this.keep(e)) this.events.push(e);
      }
      // Now and then a slow batch, so back-pressure is exercised while writers keep going.
      if (this.slowEvery > 0 && ++this.batches % this.slowEvery === 0) await sleep(20);
    } finally {
      this.inFlight = false;
    }
  };

  private lastPosition: bigint | null = null;
  private batches = 0;
}
