// Set-based writes: a batch's rows go to PostgreSQL as one array literal per column, unnested
// into one INSERT: a batch of any size costs one statement per table (docs/infrastructure.md:
// ~8x a statement per event). The array literals are built here as text (arrayLiteral), not by pg's
// generic array serialiser (that per-cell escaping made unnest ~20% slower than one JSON array per
// batch; built here it is ~25% cheaper than JSON in total CPU: no key names repeated per row,
// and PostgreSQL parses typed arrays faster than jsonb_to_recordset's records).
import type pg from 'pg';

export type ColumnType = 'text' | 'jsonb' | 'bigint' | 'integer' | 'timestamptz' | 'boolean';

export interface TableSpec<R> {
  /** Schema-qualified name. */
  table: string;
  key: readonly (keyof R & string)[];
  columns: { readonly [K in keyof R & string]: ColumnType };
}

type Row = Record<string, unknown>;

// jsonb travels as text (JSON text needs no more escaping than any other text) and is cast back.
const arrayType = (t: ColumnType) => (t === 'jsonb' ? 'text' : t);
const cellText = (t: ColumnType, v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (t === 'jsonb') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return String(v as string | number | bigint);
};

const NEEDS_ESCAPE = /["\\]/g;
// In JSON.stringify's output of a string array, `\"` and `\\` mean in an array literal what they
// mean in JSON; any other escape (`\n`, `\t`, `\u…`: control characters, lone surrogates) would not.
const OTHER_JSON_ESCAPE = /\\[^"\\]/;

/**
 * A PostgreSQL array literal of the values: every element double-quoted (so commas, braces,
 * spaces and the word NULL are data), `"` and backslash escaped with a backslash, null as NULL.
 * Fast path: JSON.stringify (native, ~3x faster than escaping here) already writes exactly that
 * between its brackets unless some value holds a character JSON escapes differently — then
 * (e.g. a message with a newline; the regex also flags a harmless `\\n`) the loop below does it.
 */
export function arrayLiteral(values: readonly (string | null)[]): string {
  const json = JSON.stringify(values);
  if (!OTHER_JSON_ESCAPE.test(json)) return `{${json.slice(1, -1)}}`;
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    out += v === null || v === undefined ? 'NULL' : `"${v.replace(NEEDS_ESCAPE, '\\$&')}"`;
  }
  return `${out}}`;
}

function unnestSelect<R>(spec: TableSpec<R>, names: string[], offset = 0): string {
  const cols = names.map((n, i) => `$${i + 1 + offset}::${arrayType(spec.columns[n as keyof R & string])}[]`);
  const casts = names.map((n) => (spec.columns[n as keyof R & string] === 'jsonb' ? `u.${n}::jsonb` : `u.${n}`));
  return `SELECT ${casts.join(', ')} FROM unnest(${cols.join(', ')}) AS u(${names.join(', ')})`;
}

const columnArrays = <R>(spec: TableSpec<R>, names: string[], rows: readonly R[]): string[] =>
  names.map((n) => {
    const t = spec.columns[n as keyof R & string];
    return arrayLiteral(rows.map((r) => cellText(t, (r as Row)[n])));
  });

export interface WriteOptions<R> {
  /** Columns that keep their stored value when it is not null (`coalesce(stored, new)`). */
  keepStored?: readonly (keyof R & string)[];
}

/**
 * INSERT … SELECT FROM unnest(…) — `replace`: ON CONFLICT (key) overwrites every non-key column;
 * `ignore`: ON CONFLICT DO NOTHING; `append`: no ON CONFLICT at all, for append-only tables keyed
 * by event position. `append` is safe because a projection's rows and checkpoint commit together
 * and events at or below the checkpoint never reach apply (applyProjection), so a row of a fresh
 * event cannot exist yet; were that ever broken, the unique key fails the batch loudly (it is
 * retried, lag grows) instead of skipping in silence. It saves the conflict check per row.
 * Rows must have distinct keys (merge them in Node first).
 */
export async function writeRows<R>(
  db: pg.ClientBase,
  spec: TableSpec<R>,
  rows: readonly R[],
  mode: 'replace' | 'ignore' | 'append',
  options: WriteOptions<R> = {},
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(spec.columns);
  const rest = names.filter((n) => !spec.key.includes(n as keyof R & string));
  const keep = new Set<string>(options.keepStored ?? []);
  const set = (n: string) => (keep.has(n) ? `${n} = coalesce(t.${n}, EXCLUDED.${n})` : `${n} = EXCLUDED.${n}`);
  const onConflict =
    mode === 'append'
      ? ''
      : mode === 'ignore' || rest.length === 0
        ? `ON CONFLICT (${spec.key.join(', ')}) DO NOTHING`
        : `ON CONFLICT (${spec.key.join(', ')}) DO UPDATE SET ${rest.map(set).join(', ')}`;
  await db.query(`INSERT INTO ${spec.table} AS t (${names.join(', ')}) ${unnestSelect(spec, names)} ${onConflict}`, columnArrays(spec, names, rows));
}

// Rows read back for merging must look like the rows built from events: bigint counters as
// numbers (they are milliseconds and counts, far below 2^53) and times as ISO strings.
const mergeTypes = {
  getTypeParser(oid: number, format?: string): (v: string) => unknown {
    if (oid === 20) return Number; // int8
    if (oid === 1184) return (v: string) => new Date(v).toISOString(); // timestamptz
    if (oid === 3802 || oid === 114) return (v: string) => JSON.parse(v) as unknown; // jsonb, json
    if (oid === 23 || oid === 21) return Number; // int4, int2
    if (oid === 16) return (v: string) => v === 't'; // bool
    void format;
    return (v: string) => v;
  },
};

/** The stored rows with the given keys, typed for merging (see mergeTypes). */
export async function loadRows<R>(db: pg.ClientBase, spec: TableSpec<R>, keys: readonly Partial<R>[]): Promise<R[]> {
  if (keys.length === 0) return [];
  const names = Object.keys(spec.columns);
  const keyNames = [...spec.key] as string[];
  const { rows } = await db.query({
    text: `SELECT ${names.join(', ')} FROM ${spec.table} WHERE (${keyNames.join(', ')}) IN (${unnestSelect(spec, keyNames)})`,
    values: columnArrays(spec, keyNames, keys as R[]),
    types: mergeTypes,
  });
  return rows as R[];
}

/** A stable string for a composite key, for Maps. */
export const keyOf = (...parts: (string | number)[]): string => parts.join('\u0000');
