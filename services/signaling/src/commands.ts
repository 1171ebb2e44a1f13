// C_COMMAND: the HTTP command route's validation (CommandRequest), refusals and CommandHandler,
// with the debate id in the message. Record* commands are the node's own, never a client's.
import { type CommandHandler, CommandRequest, HttpError } from '@booktalk/api';
import { type C_COMMAND, type CommandAck, type DebateCommand, isSignalingOnlyCommand, toIssues } from '@booktalk/contracts';
import type { DebateFeed } from './debateFeed.ts';
import { refusal } from './errors.ts';
import type { CommandPolicy, Identity } from './ports.ts';

export async function handleCommand(
  handler: CommandHandler,
  feed: DebateFeed,
  policy: CommandPolicy,
  identity: Identity,
  msg: C_COMMAND,
): Promise<Omit<CommandAck, 'ok'>> {
  const started = performance.now();
  const parsed = CommandRequest.safeParse({ commandId: msg.commandId, type: msg.type, data: msg.data });
  if (!parsed.success) throw new HttpError(400, 'VALIDATION_FAILED', 'Invalid command', toIssues(parsed.error));
  const { commandId, ...command } = parsed.data;
  if (isSignalingOnlyCommand(command.type)) throw refusal('SIGNALING_ONLY', `${command.type} is recorded by the signaling node, not sent by clients`);
  const refused = policy({ type: msg.type, data: msg.data }, identity);
  if (refused) throw refused;
  const result = await handler.handle({
    debateId: msg.debateId,
    commandId,
    command: command as DebateCommand,
    // The kind and admin flag travel with the actor: accounts-only rooms and RevokeModerator ask them.
    actor: { accountId: identity.accountId, displayName: identity.displayName, kind: identity.kind, admin: identity.admin },
  });
  if (!result.duplicate && result.events.length) feed.noteCommand(msg.debateId, result.position, started);
  return { position: result.position.toString(), version: result.version, duplicate: result.duplicate };
}
