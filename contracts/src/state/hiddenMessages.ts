// Hidden means hidden: a message a moderator hid is read only by those who may moderate the
// debate — its host, its moderators and site admins, the same people who may read its raw event
// stream — and for them it is marked `hidden`. Everyone else's reads (the projected state over
// HTTP and the socket, the replay at any instant, the timeline) leave it out entirely.
//
// Shared by the server's reads and pushes, so every read asks the same question the same way.
import type { DebateView } from './view.ts';

/** Who reads: null for an anonymous reader (or a token that does not verify). */
export interface ViewReader {
  accountId: string;
  /** A site admin (BOOKTALK_ADMINS). */
  admin?: boolean;
}

/** May this reader see the debate's hidden messages? The host, its moderators and site admins. */
export function seesHiddenMessages(roles: Pick<DebateView, 'hostId' | 'moderators'>, reader: ViewReader | null): boolean {
  if (reader === null) return false;
  return reader.admin === true || roles.hostId === reader.accountId || roles.moderators.includes(reader.accountId);
}

/** The view without its hidden messages (the same object when it has none). */
export function withoutHiddenMessages(view: DebateView): DebateView {
  return view.messages.some((m) => m.hidden) ? { ...view, messages: view.messages.filter((m) => !m.hidden) } : view;
}

/** The view as this reader may see it. */
export function viewFor(view: DebateView, reader: ViewReader | null): DebateView {
  return seesHiddenMessages(view, reader) ? view : withoutHiddenMessages(view);
}

