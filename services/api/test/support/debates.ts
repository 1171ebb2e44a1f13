// Debates set up straight through a CommandHandler (no HTTP), for timekeeper and handler tests.
import { randomUUID } from 'node:crypto';
import type { DebateCommandInput } from '@booktalk/contracts';
import { DebateCommandSchema } from '@booktalk/contracts';
import type { Actor } from '@booktalk/domain';
import { type CommandHandler, debateIdForCreate } from '../../src/index.ts';

export const hostActor: Actor = { accountId: 'host', displayName: 'Host' };
export const alice: Actor = { accountId: 'alice', displayName: 'Alice' };
export const bob: Actor = { accountId: 'bob', displayName: 'Bob' };

/** Sends one command (validated as the HTTP edge would) with a fresh command id. */
export const send = (handler: CommandHandler, debateId: string, actor: Actor, command: DebateCommandInput, commandId = randomUUID()) =>
  handler.handle({ debateId, commandId, command: DebateCommandSchema.parse(command), actor });

/** A free-format debate, live on the open floor, with alice and bob as speakers. */
export async function openFloor(handler: CommandHandler): Promise<string> {
  const commandId = randomUUID();
  const debateId = debateIdForCreate(commandId);
  await send(
    handler,
    debateId,
    hostActor,
    { type: 'CreateDebate', data: { title: 'Timed', book: { title: 'Middlemarch', author: 'George Eliot' }, motion: 'Time is short', format: 'free' } },
    commandId,
  );
  await send(handler, debateId, hostActor, { type: 'OpenDebate', data: {} });
  await send(handler, debateId, alice, { type: 'JoinDebate', data: { role: 'speaker' } });
  await send(handler, debateId, bob, { type: 'JoinDebate', data: { role: 'speaker' } });
  await send(handler, debateId, hostActor, { type: 'StartDebate', data: {} });
  // Through the presentations (alice's slot starts and is cut short) to the open floor.
  await send(handler, debateId, hostActor, { type: 'AdvanceRound', data: { to: 'PRESENTATION' } });
  await send(handler, debateId, hostActor, { type: 'AdvanceRound', data: { to: 'FREE' } });
  return debateId;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
