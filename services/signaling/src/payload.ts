// Checks every client payload passes before its schema sees it: one argument, a plain JSON-ish
// value, no prototype-pollution keys, bounded depth. Returns its approximate size for the rate limit.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 32;
const MAX_NODES = 20_000;

export type PayloadProblem = string | null;

/** null when acceptable; otherwise why not (the ack message). */
export function payloadProblem(value: unknown): PayloadProblem {
  let nodes = 0;
  const walk = (v: unknown, depth: number): PayloadProblem => {
    if (++nodes > MAX_NODES) return `The payload has more than ${MAX_NODES} values`;
    if (depth > MAX_DEPTH) return `The payload is nested deeper than ${MAX_DEPTH} levels`;
    if (v === null || typeof v !== 'object') return null;
    if (Array.isArray(v)) {
      for (const item of v) {
        const p = walk(item, depth + 1);
        if (p) return p;
      }
      return null;
    }
    // Binary attachments (Buffers) are never part of our messages.
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return 'Binary payloads are not accepted';
    for (const key of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(key)) return `The key ${JSON.stringify(key)} is not allowed`;
      const p = walk((v as Record<string, unknown>)[key], depth + 1);
      if (p) return p;
    }
    return null;
  };
  return walk(value, 0);
}

/** Bytes the payload costs on the wire (its JSON length; binary counted by its byte length). */
export function payloadSize(args: readonly unknown[]): number {
  let size = 0;
  for (const a of args) {
    if (ArrayBuffer.isView(a)) size += a.byteLength;
    else if (a instanceof ArrayBuffer) size += a.byteLength;
    else if (typeof a !== 'function') {
      try {
        size += JSON.stringify(a ?? null).length;
      } catch {
        size += 1_000_000; // unserialisable: treat as huge
      }
    }
  }
  return size;
}
