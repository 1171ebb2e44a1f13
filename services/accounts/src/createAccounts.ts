// Composition of the accounts context: tables, sessions, the service, its routes, the Auth port
// for the command router, the read guards, and the crypto-shredding event store decorator.
import type { Auth } from '@booktalk/api';
import type { ViewReader } from '@booktalk/contracts';
import type { EventStore } from '@booktalk/eventstore';
import type { Router } from 'express';
import { Router as newRouter } from 'express';
import type pg from 'pg';
import { type SignInLimits, AccountService } from './accountService.ts';
import type { RateLimit } from './rateLimiter.ts';
import { AccountRepository } from './accountRepository.ts';
import { createReadAccessRouter } from './access/readAccessRouter.ts';
import { viewReaderOf } from './access/viewReader.ts';
import { accountsAuth, actorOf } from './auth.ts';
import { Keyring } from './erasure/keyring.ts';
import { ShreddingEventStore } from './erasure/shreddingEventStore.ts';
import { createAccountsRouter } from './http/accountsRouter.ts';
import { type Capability, type CommandLike, type PolicyDecision, mayIssue } from './policy/commandPolicy.ts';
import { migrateAccounts } from './schema.ts';
import { type SessionIdentity, type SessionRevokedListener, Sessions } from './sessions/sessions.ts';

export interface AccountsOptions {
  pool: pg.Pool;
  /** HS256 key for access tokens (BOOKTALK_JWT_SECRET), at least 32 characters. */
  secret: string;
  /** Usernames of site admins (BOOKTALK_ADMINS). */
  admins?: readonly string[];
  /** What guests may do besides listening and chatting (BOOKTALK_GUESTS_MAY). */
  guestsMay?: ReadonlySet<Capability>;
  accessTtlSeconds?: number;
  signInLimits?: SignInLimits;
  /** Refreshes per session and window (default REFRESH_LIMIT, accountService.ts). */
  refreshLimit?: RateLimit;
  /** How soon after a rotation the previous refresh token may come back without ending its session (default 10 s). */
  refreshReuseLeewayMs?: number;
  /** The debate_state read model, for the host and moderators of a debate (projector's tables.DEBATE_STATE). */
  debateStateTable?: string;
}

export interface Accounts {
  /** Account routes and the read guards: mount before the command and query routers. */
  router: Router;
  /** For createCommandRouter: verify, requireActor, guest sessions, the guest policy. */
  auth: Auth;
  /** The identity of a token (HTTP or the socket.io handshake's `auth.token`) and whether it is a site admin; throws HttpError 401. Synchronous. */
  verify(token: string): SessionIdentity & { admin: boolean };
  /** The reader of a public debate read (its Authorization header), for hidden messages; null when anonymous or not verified. */
  viewReader(authorization: string | undefined): ViewReader | null;
  /** The guest policy for a command (the signaling node asks it for C_COMMAND). */
  mayIssue(command: CommandLike, who: Pick<SessionIdentity, 'kind'>): PolicyDecision;
  /** Every session ended on this node: sign-out, password change, erasure. Returns an unsubscribe. */
  onSessionRevoked(listener: SessionRevokedListener): () => void;
  /** The event store with personal fields sealed on append and opened (or redacted) on read. */
  shred(store: EventStore): EventStore;
  /** What runs after an erasure committed (the read-model rebuild); set once the store exists. */
  setAfterErasure(hook: (accountId: string) => Promise<void>): void;
  service: AccountService;
  sessions: Sessions;
}

export async function createAccounts(options: AccountsOptions): Promise<Accounts> {
  const { pool } = options;
  await migrateAccounts(pool);
  const guestsMay = options.guestsMay ?? new Set<Capability>();
  const sessions = await Sessions.start({ pool, secret: options.secret, accessTtlSeconds: options.accessTtlSeconds, reuseLeewayMs: options.refreshReuseLeewayMs });
  const keyring = await Keyring.load(pool);
  let afterErasure: ((accountId: string) => Promise<void>) | undefined;
  // One rebuild at a time: two erasures close together replay one after the other, not side by side.
  let rebuilding: Promise<void> = Promise.resolve();
  const runAfterErasure = (id: string): Promise<void> => {
    const run = rebuilding.then(() => afterErasure?.(id));
    rebuilding = run.catch(() => undefined);
    return run;
  };
  const service = await AccountService.start({
    repo: new AccountRepository(pool),
    sessions,
    keyring,
    admins: options.admins ?? [],
    signInLimits: options.signInLimits,
    refreshLimit: options.refreshLimit,
    afterErasure: runAfterErasure,
  });
  const router = newRouter();
  router.use(createAccountsRouter(service, sessions));
  router.use(
    createReadAccessRouter({
      pool,
      sessions,
      isAdmin: (id) => service.isAdmin(id),
      debateStateTable: options.debateStateTable ?? 'readmodels.debate_state',
    }),
  );
  return {
    router,
    auth: accountsAuth(service, sessions, guestsMay),
    verify: (token) => actorOf(service, sessions.verify(token)),
    viewReader: viewReaderOf(sessions, (id) => service.isAdmin(id)),
    mayIssue: (command, who) => mayIssue(command, who.kind, guestsMay),
    onSessionRevoked: (listener) => sessions.onSessionRevoked(listener),
    shred: (store) => new ShreddingEventStore(store, keyring),
    setAfterErasure(hook) {
      afterErasure = hook;
    },
    service,
    sessions,
  };
}
