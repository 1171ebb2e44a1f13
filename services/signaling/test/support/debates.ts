// Debates set up through the command handler (as the HTTP route would), waited for until the
// projector has written them, so the signaling node's checks see them.
import { randomUUID } from 'node:crypto';
import { type CommandHandler, debateIdForCreate } from '@booktalk/api';
import { type DebateCommandInput, DebateCommandSchema } from '@booktalk/contracts';
import { tables } from '@booktalk/projector';
import type pg from 'pg';
import { waitFor } from './stack.ts';

export interface Person {
  token: string;
  accountId: string;
  displayName: string;
}

export const send = (handler: CommandHandler, debateId: string, who: Person, command: DebateCommandInput, commandId = randomUUID()) =>
  handler.handle({ debateId, commandId, command: DebateCommandSchema.parse(command), actor: { accountId: who.accountId, displayName: who.displayName } });

/** Waits until the read model has folded the debate up to `position`. */
export async function projected(pool: pg.Pool, debateId: string, position: bigint): Promise<void> {
  await waitFor(async () => {
    const { rows } = await pool.query<{ position: string }>(`SELECT position::text AS position FROM ${tables.DEBATE_STATE} WHERE debate_id = $1`, [debateId]);
    return rows[0] !== undefined && BigInt(rows[0].position) >= position;
  }, `debate ${debateId} projected to ${position}`);
}

/** An open free-format debate hosted by `host`, with `speakers` joined as speakers; projected. */
export async function openDebate(handler: CommandHandler, pool: pg.Pool, host: Person, speakers: Person[]): Promise<string> {
  const commandId = randomUUID();
  const debateId = debateIdForCreate(commandId);
  await send(
    handler,
    debateId,
    host,
    { type: 'CreateDebate', data: { title: 'Voices', book: { title: 'Middlemarch', author: 'George Eliot' }, motion: 'Dorothea chose well', format: 'free' } },
    commandId,
  );
  let last = await send(handler, debateId, host, { type: 'OpenDebate', data: {} });
  for (const p of speakers) last = await send(handler, debateId, p, { type: 'JoinDebate', data: { role: 'speaker' } });
  await projected(pool, debateId, last.position);
  return debateId;
}
