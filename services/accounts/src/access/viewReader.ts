// Who reads a public debate read, for the one thing those reads vary by: hidden messages, which
// only the debate's host, its moderators and site admins see (contracts: seesHiddenMessages).
// Public reads never refuse a token: a missing, malformed, forged, expired or signed-out one reads
// as anonymous, exactly what the reader would see without it.
import { bearerToken } from '@booktalk/api';
import type { ViewReader } from '@booktalk/contracts';
import type { Sessions } from '../sessions/sessions.ts';

export function viewReaderOf(sessions: Sessions, isAdmin: (accountId: string) => boolean) {
  return (authorization: string | undefined): ViewReader | null => {
    try {
      const token = bearerToken(authorization);
      if (token === null) return null;
      const who = sessions.verify(token);
      return { accountId: who.accountId, admin: who.kind === 'account' && isAdmin(who.accountId) };
    } catch {
      return null;
    }
  };
}
