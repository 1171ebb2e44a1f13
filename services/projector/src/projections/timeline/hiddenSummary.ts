// What the timeline shows in place of a posted message once a moderator hid it, to everyone but
// the debate's host, moderators and site admins: who posted what kind of message, not its text.
import type { EventOf } from '@booktalk/contracts';

export function hiddenSummary(e: EventOf<'MessagePosted'>, name: (accountId: string | null) => string): string {
  const what = e.data.kind === 'question' ? 'question' : e.data.kind === 'notice' ? 'notice' : 'message';
  return `${name(e.data.authorId)}'s ${what}, hidden by a moderator`;
}
