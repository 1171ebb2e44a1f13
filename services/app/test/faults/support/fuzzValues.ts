// The hostile values the fuzz test builds its socket payloads and HTTP bodies from (fast-check
// arbitraries): wrong types, strings near and over the limits, unicode with lone surrogates and
// NUL, deep nesting, prototype-pollution keys, odd numbers. Huge strings and deep structures are
// sampled as small `Lazy` descriptions and built only when sent, so 10,000 samples stay cheap.
import fc from 'fast-check';

/** A value too big to hold 10,000 of: built on demand by `materialize`. */
export class Lazy {
  constructor(
    readonly describe: string,
    readonly build: () => unknown,
  ) {}
}

export const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Sets an own property even for `__proto__` (a plain assignment would replace the prototype). */
export function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The value with every Lazy inside built (new containers; everything else shared). */
export function materialize(value: unknown): unknown {
  if (value instanceof Lazy) return value.build();
  if (Array.isArray(value)) return value.map(materialize);
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  const out: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
  for (const key of Object.keys(value)) put(out, key, materialize((value as Record<string, unknown>)[key]));
  return out;
}

/** Characters that break naive code: NUL and controls, lone surrogates, BOM, RTL override, line separators, combining marks. */
const nastyChar = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.constantFrom('\u0000', '\u0007', '\u001f', '\u007f', '\u0085', '\u200b', '\u202e', '\u2028', '\ufeff', '\uffff', 'e\u0301', '🙂', '𝕏', '"', '\\', '<', '%') },
);
export const nastyString = fc.string({ unit: nastyChar, maxLength: 40 });

/** Lengths around the schemas' limits (ids 64, names 60, types 64, candidates 2,048, SDP 64,000, presentation 20,000) and far over them. */
const NEAR_LIMITS = [0, 1, 2, 3, 59, 60, 61, 63, 64, 65, 100, 101, 128, 129, 200, 201, 254, 255, 300, 301, 500, 501, 2_047, 2_048, 2_049, 16_383, 16_385, 19_999, 20_000, 20_001, 63_999, 64_000, 64_001];
const FAR_OVER = [200_000, 500_000, 1_000_000];
const FILLERS = ['x', 'é', '🙂', '\u0000', ' ', '\ud800', 'a\u0301'];
export const longString = fc
  .record({ n: fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...NEAR_LIMITS) }, { weight: 1, arbitrary: fc.constantFrom(...FAR_OVER) }), fill: fc.constantFrom(...FILLERS) })
  .map(({ n, fill }) => (n <= 2_049 ? fill.repeat(n) : new Lazy(`${JSON.stringify(fill)} × ${n}`, () => fill.repeat(n))));

export const oddNumber = fc.oneof(
  fc.constantFrom(Number.NaN, -0, 1e308, -1e308, Infinity, -Infinity, 5e-324, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, -(2 ** 31) - 1, -1, 0, 0.5, 1.5, 4_999, 5_001, 600_001),
  fc.double(),
  fc.integer(),
);

/** Nested `depth` levels of arrays, objects or both (built without recursion). */
export function nested(depth: number, kind: 'array' | 'object' | 'mixed', leaf: unknown = 1): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = kind === 'array' || (kind === 'mixed' && i % 2) ? [v] : { a: v };
  return v;
}
export const deepValue = fc
  .record({ depth: fc.constantFrom(33, 40, 64, 100, 500, 1_000, 2_000), kind: fc.constantFrom('array' as const, 'object' as const, 'mixed' as const) })
  .map(({ depth, kind }) => new Lazy(`${kind} nested ${depth} deep`, () => nested(depth, kind)));

/** Own `__proto__` / `constructor` / `prototype` keys as JSON.parse makes them, with values that would matter if they leaked into Object.prototype. */
export const pollutionObject = fc
  .record({
    key: fc.constantFrom(...FORBIDDEN_KEYS),
    inner: fc.constantFrom(
      '{"polluted":true}',
      '{"displayName":"Polluted","role":"moderator","admin":true,"ok":true}',
      '{"prototype":{"polluted":true}}',
      '{"type":"RaiseHand","data":{}}',
      '[]',
      'null',
      '"x"',
    ),
  })
  .map(({ key, inner }) => JSON.parse(`{"${key}":${inner}}`) as Record<string, unknown>);

/** Anything a client could put where a field is expected. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.anything({ maxDepth: 3, maxKeys: 5, withNullPrototype: true, withSparseArray: true, withObjectString: true, stringUnit: 'binary' }) },
  { weight: 3, arbitrary: nastyString },
  { weight: 2, arbitrary: longString },
  { weight: 2, arbitrary: oddNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, '', [], {}, [[]], [{}], '0', 'null', 'undefined', '[object Object]') },
  { weight: 1, arbitrary: fc.array(fc.oneof(nastyString, oddNumber, fc.constant(null)), { maxLength: 6 }) },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: pollutionObject },
);

/** Every path (key list) into a plain object tree, objects included, for picking the field to break. */
export function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const out: string[][] = [];
  for (const key of Object.keys(value)) {
    const path = [...prefix, key];
    out.push(path, ...pathsOf((value as Record<string, unknown>)[key], path));
  }
  return out;
}

export type Mutation = 'replace' | 'remove' | 'extra' | 'pollute';

/** A deep copy of `base` with the field at `path` replaced / removed, an unknown field added beside it, or a pollution key added. */
export function mutate(base: Record<string, unknown>, path: string[], how: Mutation, value: unknown, extraKey: string): Record<string, unknown> {
  const copy = structuredClone(base);
  let parent: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const last = path.at(-1);
  if (how === 'remove' && last !== undefined) delete parent[last];
  else if (how === 'replace' && last !== undefined) put(parent, last, value);
  else if (how === 'extra') put(parent, `x_${extraKey}`, value);
  else if (how === 'pollute') {
    const polluted = value as Record<string, unknown>;
    for (const key of Object.keys(polluted)) put(parent, key, polluted[key]);
  }
  return copy;
}

/** Whether an own key named __proto__ / constructor / prototype appears anywhere. */
export function hasForbiddenKey(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) continue;
    for (const key of Object.keys(v)) {
      if ((FORBIDDEN_KEYS as readonly string[]).includes(key)) return true;
      stack.push((v as Record<string, unknown>)[key]);
    }
  }
  return false;
}

export function hasBinary(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return true;
    if (v !== null && typeof v === 'object') for (const key of Object.keys(v)) stack.push((v as Record<string, unknown>)[key]);
  }
  return false;
}

/** What the receiver gets from JSON on the wire (NaN → null, -0 → 0, undefined dropped). */
export const viaJson = (x: unknown): unknown => (x === undefined ? null : JSON.parse(JSON.stringify(x) ?? 'null'));

export const tally = (counts: Map<string, number>, key: string, n = 1): void => void counts.set(key, (counts.get(key) ?? 0) + n);
export const sortedObject = (counts: Map<string, number>): Record<string, number> =>
  Object.fromEntries([...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
