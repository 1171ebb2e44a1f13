// The command router's Auth port on top of accounts and sessions: tokens verified by Sessions, the
// guest policy applied to every command, and guest sessions for the demo `POST /api/session`.
import { type Auth, HttpError } from '@booktalk/api';
import type { AccountService } from './accountService.ts';
import { kindOfId } from './ids.ts';
import { type Capability, mayIssue } from './policy/commandPolicy.ts';
import { requireSession } from './http/accountsRouter.ts';
import type { SessionIdentity, Sessions } from './sessions/sessions.ts';

export function accountsAuth(service: AccountService, sessions: Sessions, guestsMay: ReadonlySet<Capability>): Auth {
  return {
    async issueSession(displayName) {
      const issued = await service.guest(displayName);
      return { token: issued.token, accountId: issued.identity.accountId };
    },
    verify: async (token) => sessions.verify(token),
    requireActor: requireSession(sessions),
    authorizeCommand(actor, command) {
      const kind = (actor as Partial<SessionIdentity>).kind ?? kindOfId(actor.accountId);
      const decision = mayIssue(command, kind, guestsMay);
      if (!decision.ok) throw new HttpError(403, decision.code, decision.message);
    },
  };
}
