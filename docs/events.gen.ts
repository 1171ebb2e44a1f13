// Writes docs/events.md from the zod schemas in contracts/src/events (the single source of truth):
// one section per concern file, one row per field, with schema versions and the personal fields
// that erasure seals. Run from the repository root: `npx tsx docs/events.gen.ts > docs/events.md`.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { IsoTime, currentSchemaVersion, debateEventTypes, moderationEventTypes } from '../contracts/src/index.ts';
import { personalSpec } from '../services/accounts/src/erasure/personalData.ts';

const eventsDir = fileURLToPath(new URL('../contracts/src/events/', import.meta.url));
const concerns = ['debate', 'room', 'turns', 'votes', 'moderation', 'speaking', 'chat', 'voice', 'stage'];
const notConcerns = new Set(['index', 'common', 'upcasting']);
const files = readdirSync(eventsDir).map((f) => f.replace(/\.ts$/, '')).filter((f) => !notConcerns.has(f));
if (files.sort().join() !== [...concerns].sort().join()) throw new Error(`event files changed (${files.join(', ')}): update the concern list`);

type Json = { exclusiveMinimum?: number; type?: string | string[]; enum?: unknown[]; const?: unknown; anyOf?: Json[]; items?: Json; properties?: Record<string, Json>; required?: string[]; format?: string; pattern?: string; minimum?: number; maximum?: number; minLength?: number; maxLength?: number; minItems?: number; maxItems?: number; description?: string };

const describe = (s: Json): string => {
  if (s.anyOf) {
    const parts = s.anyOf.filter((p) => p.type !== 'null').map(describe);
    return `${parts.join(' \\| ')}${s.anyOf.some((p) => p.type === 'null') ? ' \\| null' : ''}`;
  }
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  const bounds = (lo?: number, hi?: number, unit = '') =>
    lo !== undefined && hi !== undefined ? ` ${lo}–${hi}${unit}` : lo !== undefined ? ` ≥ ${lo}${unit}` : hi !== undefined ? ` ≤ ${hi}${unit}` : '';
  switch (s.type) {
    case 'string':
      if (s.format === 'date-time') return 'ISO instant';
      if (s.format) return `string (${s.format})`;
      return `string${bounds(s.minLength, s.maxLength, ' chars')}`;
    case 'integer':
    case 'number': {
      // Number.MAX_SAFE_INTEGER is zod's bound on every int(), not a rule of the event.
      const hi = s.maximum === Number.MAX_SAFE_INTEGER ? undefined : s.maximum;
      const lo = s.minimum === Number.MIN_SAFE_INTEGER ? undefined : s.minimum;
      if (s.exclusiveMinimum === 0) return `${s.type} > 0${hi !== undefined ? `, ≤ ${hi}` : ''}`;
      return `${s.type}${bounds(lo, hi)}`;
    }
    case 'boolean':
      return 'boolean';
    case 'array':
      return `array of ${s.items ? describe(s.items) : 'any'}${bounds(s.minItems, s.maxItems, ' items')}`;
    case 'object': {
      const keys = Object.keys(s.properties ?? {});
      return keys.length ? `{${keys.map((k) => `${k}${s.required?.includes(k) ? '' : '?'}`).join(', ')}}` : 'object';
    }
    default:
      return Array.isArray(s.type) ? s.type.join(' \\| ') : 'any';
  }
};

/** Instants are a string → UTC transform (contracts/src/storable.ts), which JSON Schema cannot show. */
const instant = (field: z.ZodType): string | null => {
  if (field === IsoTime) return 'ISO instant (UTC)';
  if (field instanceof z.ZodNullable && field.unwrap() === IsoTime) return 'ISO instant (UTC) \\| null';
  if (field instanceof z.ZodOptional && field.unwrap() === IsoTime) return 'ISO instant (UTC)';
  return null;
};

/** The file's opening comment (its job), when it has one. */
const header = (file: string): string | undefined => {
  const lines = readFileSync(path.join(eventsDir, `${file}.ts`), 'utf8').split('\n');
  const opening = lines.slice(0, lines.findIndex((l) => !l.startsWith('//'))).map((l) => l.replace(/^\/\/ ?/, ''));
  return opening.length ? opening.join(' ') : undefined;
};

const out: string[] = [];
const line = (s = '') => out.push(s);
line('# Event catalog');
line();
line('Generated from the zod schemas in `contracts/src/events/` by `npx tsx docs/events.gen.ts > docs/events.md`;');
line('do not edit by hand. Those schemas are the source of truth: the stores validate every event');
line('against them on write, and readers upcast older schema versions (`contracts/src/events/upcasting.ts`)');
line('before validating.');
line();
line('Every event is stored in the envelope `{eventId, type, streamId, version, position, occurredAt,');
line('schemaVersion, data, metadata: {commandId, correlationId, causationId, actorId, node}}`');
line('(`contracts/src/envelope.ts`); one stream per debate (`streamId` = `debate-<debateId>`), `version` its');
line('0-based index in the stream and `position` the global order over all streams. The tables below');
line('list `data`. "Personal" fields are sealed per account at the event-store boundary and read as');
line('their erased value once the account is deleted (`services/accounts/src/erasure/personalData.ts`);');
line('the moderation events (†), and `TurnEnded` with `reason: moderator` (a turn a moderator cut');
line('short), make up the moderation audit trail (`GET /api/audit`).');
line();
let total = 0;
for (const concern of concerns) {
  const mod = (await import(path.join(eventsDir, `${concern}.ts`))) as Record<string, unknown>;
  // In the order of the union in contracts/src/events/index.ts.
  const events = debateEventTypes.filter((name) => mod[name] instanceof z.ZodObject).map((name) => [name, mod[name]]) as [
    string,
    z.ZodObject<{ type: z.ZodLiteral<string>; data: z.ZodObject }>,
  ][];
  line(`## ${concern} (\`contracts/src/events/${concern}.ts\`)`);
  line();
  const about = header(concern);
  if (about) {
    line(about);
    line();
  }
  for (const [name, schema] of events) {
    total++;
    // Moderation actions are personal by shape (their moderatorId and reason): ask with a sample of it.
    const shape = schema.shape.data.shape as Record<string, unknown>;
    const personal = personalSpec(name, 'moderatorId' in shape && 'reason' in shape ? { moderatorId: 'm', reason: '' } : {});
    const version = currentSchemaVersion(name);
    line(`### ${name}${(moderationEventTypes as readonly string[]).includes(name) ? ' †' : ''}`);
    line();
    line(`Schema version ${version}${version > 1 ? ' (older versions upcast on read)' : ''}.${personal ? ` Personal fields owned by \`${personal.owner}\`.` : ''}`);
    line();
    line('| field | type | required |');
    line('| --- | --- | --- |');
    const json = z.toJSONSchema(schema.shape.data, { io: 'output', unrepresentable: 'any' }) as Json;
    for (const [field, fs] of Object.entries(json.properties ?? {})) {
      const mark = !personal
        ? ''
        : field in personal.erased
          ? ` (personal → \`${JSON.stringify(personal.erased[field])}\`)`
          : field in (personal.pseudonymised ?? {})
            ? ' (personal → a pseudonym per text, `option <12 hex digits>`, made when sealed)'
            : '';
      const type = instant(schema.shape.data.shape[field] as z.ZodType) ?? describe(fs);
      line(`| \`${field}\` | ${type}${mark}${fs.description ? ` — ${fs.description}` : ''} | ${json.required?.includes(field) ? 'yes' : 'no'} |`);
    }
    line();
  }
}
if (total !== debateEventTypes.length) throw new Error(`catalogued ${total} events, the union has ${debateEventTypes.length}`);
line(`${total} event types in all.`);
process.stdout.write(`${out.join('\n')}\n`);
