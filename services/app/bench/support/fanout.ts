// Command → S_DEBATE_STATE latency from what the load generator recorded: for each command sent,
// the first push at or past its position at every subscriber of its debate (positions only
// increase per socket, so a binary search over each subscriber's pushes finds it).
import type { Receive } from '../loadgen.ts';

export interface Sent {
  debateId: string;
  position: string;
  t: number;
}

export function fanoutLatencies(sent: Sent[], receives: Receive[], subscriberCount: number, debateOf: (k: number) => string): { deliveries: number[]; lastPerCommand: number[]; missing: number } {
  const bySubscriber = new Map<number, { p: bigint[]; t: number[] }>();
  const subscribersOf = new Map<string, Set<number>>();
  for (let k = 0; k < subscriberCount; k++) {
    const d = debateOf(k);
    if (!subscribersOf.has(d)) subscribersOf.set(d, new Set());
    subscribersOf.get(d)!.add(k);
  }
  for (const [k, , position, t] of receives) {
    if (!bySubscriber.has(k)) bySubscriber.set(k, { p: [], t: [] });
    const s = bySubscriber.get(k)!;
    s.p.push(BigInt(position));
    s.t.push(t);
  }
  const deliveries: number[] = [];
  const lastPerCommand: number[] = [];
  let missing = 0;
  for (const c of sent) {
    const want = BigInt(c.position);
    let last = 0;
    for (const k of subscribersOf.get(c.debateId) ?? []) {
      const s = bySubscriber.get(k);
      let lo = 0;
      let hi = s ? s.p.length : 0;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (s!.p[mid]! >= want) hi = mid;
        else lo = mid + 1;
      }
      if (!s || lo === s.p.length) {
        missing++;
        continue;
      }
      const latency = s.t[lo]! - c.t;
      deliveries.push(latency);
      last = Math.max(last, latency);
    }
    lastPerCommand.push(last);
  }
  return { deliveries, lastPerCommand, missing };
}
