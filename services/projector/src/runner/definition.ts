// What a projection's rows are a function of, apart from the events: its declared version and
// its DDL. Stored next to its checkpoint; a mismatch means the stored rows were made by other
// code, so the projection is replayed from 0 (migrate.ts).
import { createHash } from 'node:crypto';
import type { Projection } from './projection.ts';

export function projectionDefinition(p: Pick<Projection, 'version' | 'ddl'>): string {
  // Whitespace-insensitive: re-indenting the DDL is not a change.
  const ddl = p.ddl.replace(/\s+/g, ' ').trim();
  return `v${p.version}:${createHash('sha256').update(ddl).digest('hex').slice(0, 16)}`;
}
