// The command router's Auth port on top of accounts and sessions: tokens verified by Sessions, the
// guest policy applied to every command, and guest sessions for the demo `POST /api/session`.
import { type Auth, HttpError } from '@booktalk/api';
import type { AccountService } from './accountService.ts';
import { kindOfId } from './ids.ts';
import { type Capability, mayIssue } from './policy/commandPolicy.ts';
import { requireSession } from './http/accountsRouter.ts';
import type { SessionIdentity, Sessions } from './sessions/sessions.ts';

/** The session as the domain's actor: its kind (accounts-only rooms) and whether it is a site admin (RevokeModerator). */
export const actorOf = (service: AccountService, who: SessionIdentity): SessionIdentity & { admin: boolean } => ({
  ...who,
  admin: who.kind === 'account' && service.isAdmin(who.accountId),
});

export function accountsAuth(service: AccountService, sessions: Sessions, guestsMay: ReadonlySet<Capability>): Auth {
  const session = requireSession(sessions);
  return {
    async issueSession(displayName) {
      const issued = await service.guest(displayName);
      return { token: issued.token, accountId: issued.identity.accountId };
    },
    verify: async (token) => actorOf(service, sessions.verify(token)),
    requireActor: (req, res, next) =>
      session(req, res, () => {
        res.locals.actor = actorOf(service, res.locals.actor as SessionIdentity);
        next();
      }),
    authorizeCommand(actor, command) {
      const kind = (actor as Partial<SessionIdentity>).kind ?? kindOfId(actor.accountId);
      const decision = mayIssue(command, kind, guestsMay);
      if (!decision.ok) throw new HttpError(403, decision.code, decision.message);
    },
  };
}
