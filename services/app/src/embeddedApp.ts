// The embedded default: API, projectors and timekeeper in one process, on an embedded PostgreSQL
// unless DATABASE_URL points elsewhere. With BOOKTALK_PROJECTORS=off it is an API node of the
// scaled setup (projectors in their own process). `start()` returns a handle whose `stop()` undoes it all.
import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CommandHandler,
  type DebateChangeSource,
  InMemoryRateBudget,
  accountBudgetKey,
  TimekeeperRunner,
  createCommandRouter,
  createErrorHandler,
  storeChangeSource,
} from '@booktalk/api';
import { accountsConfigFromEnv, createAccounts } from '@booktalk/accounts';
import { type Bus, InMemoryBus, KafkaBus, createBus, createKafkaAdapter } from '@booktalk/bus';
import { DEBATE_CHANGES_TOPIC, type DebateChanged } from '@booktalk/contracts';
import { type EventStore, createEventStore } from '@booktalk/eventstore';
import { allProjections, migrateReadModels, rebuildProjections, startProjections, tables } from '@booktalk/projector';
import { createQueryRouter, openApiDocument } from '@booktalk/query';
import { type SignalingNode, attachSignaling, createJanusPool, createJanusStage, debateStateReader } from '@booktalk/signaling';
import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import pg from 'pg';
import { type Config, ConfigError } from './config.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './embeddedPostgres.ts';
import { createHttpApp } from './httpApp.ts';
import type { Logger } from './logger.ts';
import { createHealthRouter } from './health.ts';
import { methodNotAllowed } from './methodNotAllowed.ts';
import { createMetrics } from './metrics.ts';
import { createRateLimit } from './rateLimit.ts';
import { prepareWebApp } from '@booktalk/web/serve';
import { readModelChangeSource } from './readModelChangeSource.ts';
import { sessionKey } from './sessionKey.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const RESCAN_MS = 30_000;
const rescan = async (source: DebateChangeSource, timekeeper: TimekeeperRunner) => {
  await Promise.all((await source.debatesWithRunningTurn()).map((id) => timekeeper.check(id)));
};

export interface RunningApp {
  url: string;
  /** Where the session key is kept (null: BOOKTALK_JWT_SECRET). */
  sessionKeyFile: string | null;
  stop(): Promise<void>;
}

export async function startEmbeddedApp(config: Config, log: Logger): Promise<RunningApp> {
  const accountsConfig = accountsConfigFromEnv();
  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => log.error({ err: error }, 'shutdown step failed'));
    }
  };
  const dataDir = path.resolve(repoRoot, config.BOOKTALK_DATA_DIR ?? '.data');
  try {
    let databaseUrl = config.DATABASE_URL;
    if (!databaseUrl) {
      const db: EmbeddedDatabase = await startEmbeddedPostgres({
        dataDir: path.join(dataDir, 'postgres'),
        port: config.BOOKTALK_EMBEDDED_PG_PORT,
        log,
      });
      cleanups.push(() => db.stop());
      databaseUrl = db.url;
    }

    const pool = new pg.Pool({ connectionString: databaseUrl, max: 16 });
    // An idle pooled connection that the server drops (a database restart) must be a log line,
    // not an uncaught 'error' event. (The embedded server no longer gets the terminal's Ctrl-C:
    // it stops last, after the pool has ended.)
    pool.on('error', (err) => log.warn({ err: err.message }, 'idle database connection lost'));
    // pg-pool listens only on idle clients: a server shutdown (57P01) reaching a checked-out client
    // between two queries of a transaction would be an uncaught 'error' and end the process. The
    // next query on it fails (→ 503) and the pool drops it on release.
    pool.on('connect', (client) => client.on('error', (err) => log.warn({ err: err.message }, 'database connection lost while in use')));
    cleanups.push(() => pool.end());
    const rawStore: EventStore = await createEventStore({ url: config.EVENTSTORE_URL ?? databaseUrl });
    cleanups.push(() => rawStore.close());
    // Without BOOKTALK_JWT_SECRET the key is made once and kept in the data dir: sessions (their
    // rows are in PostgreSQL) and the access tokens already handed out outlive a restart.
    const key = sessionKey(config.BOOKTALK_JWT_SECRET, dataDir);
    if (key.created) log.info({ file: key.file }, `made a new session key in ${key.file} (owner-only); later starts reuse it`);
    if (key.tightened) log.warn({ file: key.file }, `${key.file} was readable by others: made it owner-only (0600)`);
    if (key.file && config.KAFKA_BROKERS.length) log.warn('BOOKTALK_JWT_SECRET is not set: each node signs with the key in its own data dir; set the same secret on every node');
    const accounts = await createAccounts({
      pool,
      secret: key.secret,
      admins: accountsConfig.admins,
      guestsMay: accountsConfig.guestsMay,
      accessTtlSeconds: accountsConfig.accessTtlSeconds,
      debateStateTable: tables.DEBATE_STATE,
    });
    // Everything reads and writes events through the crypto-shredding decorator (erasable personal fields).
    const store = accounts.shred(rawStore);
    // After an erasure, every read model is replayed from 0 through it (the live runner carries on).
    accounts.setAfterErasure(async () => void (await rebuildProjections({ pool, store, projections: allProjections })));
    const { reset } = await migrateReadModels(pool);
    for (const r of reset) log.warn({ projection: r.name, was: r.was, now: r.now }, 'read model definition changed: replaying it from position 0');

    // Kafka when several nodes share the work (projected state fans out to all of them),
    // otherwise the in-process bus.
    const bus: Bus = config.KAFKA_BROKERS.length
      ? await createBus({
          kind: 'kafka',
          brokers: config.KAFKA_BROKERS,
          clientId: 'booktalk-app',
          nodeId: config.BOOKTALK_NODE_ID,
          topics: [DEBATE_CHANGES_TOPIC],
          logger: { warn: (m, details) => log.warn(details ?? {}, m), error: (m, details) => log.error(details ?? {}, m) },
        })
      : new InMemoryBus((topic, error) => log.error({ err: error, topic }, 'bus handler failed'));
    cleanups.push(() => bus.close());
    log.info({ bus: config.KAFKA_BROKERS.length ? 'kafka' : 'in-process' }, 'bus ready');

    const handler = new CommandHandler({ store, node: config.BOOKTALK_NODE_ID, logger: log });
    // Another node's write reaches us as projected state: refresh that debate before deciding.
    bus.subscribe<DebateChanged>(DEBATE_CHANGES_TOPIC, (m) => handler.noteRemoteVersion(m.debateId, m.state.version));

    let source: DebateChangeSource;
    let projections: Awaited<ReturnType<typeof startProjections>> | undefined;
    if (config.BOOKTALK_PROJECTORS === 'in-process') {
      projections = await startProjections({ pool, store, bus, logger: log });
      const running = projections;
      cleanups.push(() => running.stop());
      source = readModelChangeSource(pool, bus);
    } else if (config.KAFKA_BROKERS.length) {
      // The projector process announces changes on Kafka.
      source = readModelChangeSource(pool, bus);
    } else {
      // No projector and no shared bus: the timekeeper follows the store itself.
      const fromStore = storeChangeSource(store);
      cleanups.push(() => fromStore.close());
      source = fromStore;
    }

    const timekeeper = new TimekeeperRunner({ handler, source, logger: log });
    await timekeeper.start();
    cleanups.push(() => timekeeper.stop());
    if (bus instanceof KafkaBus) {
      // A Kafka consumer only sees what is published after its first fetch: wait for that, then
      // look again at what changed while it was joining. Only then does this node say it is up.
      await bus.ready();
      await rescan(source, timekeeper);
    }
    // A safety net for a missed bus message: every running turn is looked at again regularly
    // (each look decides against fresh state, so looking twice never fires twice).
    const rescanTimer = setInterval(() => void rescan(source, timekeeper).catch((err: unknown) => log.warn({ err }, 'timekeeper rescan failed')), RESCAN_MS);
    rescanTimer.unref();
    cleanups.push(async () => clearInterval(rescanTimer));

    // One budget per client (account, else address) for HTTP requests and socket writes alike.
    const requestBudget = config.BOOKTALK_RATE_LIMIT > 0 ? new InMemoryRateBudget({ limit: config.BOOKTALK_RATE_LIMIT, windowMs: 60_000 }) : undefined;
    // Attached once the HTTP server listens; /health counts its sockets from then on.
    const signaling: { node?: SignalingNode } = {};
    const metrics = createMetrics(pool, store);
    // Built on the first start and whenever its sources changed (a line says so), so that
    // `npm install && npm start` ends in a working web app.
    const webApp = config.BOOKTALK_WEB === 'on' ? await prepareWebApp({ log: (line) => log.info(line) }) : undefined;
    const app = createHttpApp({
      health: createHealthRouter({ pool, store, bus, projections, connections: () => signaling.node?.connections() ?? 0 }),
      // The account routes and the read guards answer first (POST /api/session, /api/audit, /events).
      commandRouter: Router().use(accounts.router, createCommandRouter({ handler, store, auth: accounts.auth })),
      queryRouter: createQueryRouter({ pool, store, readerOf: (req) => accounts.viewReader(req.get('authorization')) }),
      errorHandler: createErrorHandler(log),
      metrics: metrics.handler,
      webApp,
      rateLimit: createRateLimit({
        budget: requestBudget,
        accountOf: async (token) => (await accounts.verify(token)).accountId,
      }),
      methodNotAllowed: methodNotAllowed(openApiDocument() as { paths: Record<string, Record<string, unknown>> }, { '/metrics': ['GET'], '/': ['GET'] }),
      corsOrigins: config.BOOKTALK_CORS_ORIGINS,
      trustProxy: config.BOOKTALK_TRUST_PROXY,
    });
    const server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.PORT, config.HOST, () => resolve(s));
      s.once('error', reject);
    });
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    // Signaling on the same HTTP server; stopped before it (its cleanup runs first): writes the
    // leaves of this node's voice sessions while the store is still open.
    const readModel = debateStateReader(pool, tables.DEBATE_STATE);
    // With Kafka, the signaling nodes act as one socket.io server (rooms, fetchSockets, takeover);
    // the adapter closes after the node (cleanups run in reverse).
    const socketAdapter = config.KAFKA_BROKERS.length
      ? await createKafkaAdapter({
          brokers: config.KAFKA_BROKERS,
          nodeId: config.BOOKTALK_NODE_ID,
          logger: { warn: (m, details) => log.warn(details ?? {}, m), error: (m, details) => log.error(details ?? {}, m) },
        })
      : undefined;
    if (socketAdapter) cleanups.push(() => socketAdapter.close());
    // Stage mode only with an SFU configured; the node closes the controller with itself.
    if (config.JANUS_URL && !config.JANUS_ADMIN_KEY) throw new ConfigError(['JANUS_ADMIN_KEY: required with JANUS_URL']);
    const urls = config.JANUS_URL;
    const stageOptions = {
      apiSecret: config.JANUS_API_SECRET,
      adminKey: config.JANUS_ADMIN_KEY ?? '',
      roomSecret: config.BOOKTALK_STAGE_ROOM_SECRET ?? randomBytes(24).toString('base64url'),
      logger: log,
    };
    // Several Janus: each debate's room on one of them by rendezvous hashing (services/signaling/src/stage/janusPool.ts).
    const stage = !urls ? undefined : urls.length > 1 ? createJanusPool(urls, stageOptions) : createJanusStage({ ...stageOptions, url: urls[0]! });
    const node = attachSignaling({
      httpServer: server,
      handler,
      readState: readModel.readState,
      voiceSessions: readModel.voiceSessions,
      bus,
      verifyToken: async (token) => accounts.verify(token),
      writeBudget: requestBudget ? (accountId) => requestBudget.take(accountBudgetKey(accountId)) : undefined,
      onSessionRevoked: (listener) => accounts.onSessionRevoked(listener),
      commandPolicy: (command, who) => {
        const decision = accounts.mayIssue(command, { kind: who.kind ?? 'account' });
        return decision.ok ? null : decision;
      },
      corsOrigins: config.BOOKTALK_CORS_ORIGINS,
      nodeId: config.BOOKTALK_NODE_ID,
      config: {
        pingTimeoutMs: config.BOOKTALK_SOCKET_PING_TIMEOUT_MS,
        pingIntervalMs: config.BOOKTALK_SOCKET_PING_INTERVAL_MS,
        maxHttpBufferSize: config.BOOKTALK_SOCKET_MAX_BUFFER_BYTES,
        rateLimit: { messagesPerSecond: config.BOOKTALK_SOCKET_RATE_MESSAGES, bytesPerSecond: config.BOOKTALK_SOCKET_RATE_BYTES },
        voiceGraceMs: config.BOOKTALK_VOICE_GRACE_MS,
        voiceMode: { stageAbove: config.BOOKTALK_STAGE_ABOVE, meshFallbackMax: config.BOOKTALK_MESH_FALLBACK_MAX },
      },
      logger: log,
      registry: metrics.registry,
      adapter: socketAdapter,
      stage,
    });
    signaling.node = node;
    cleanups.push(() => node.close());
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const shownHost = config.HOST === '0.0.0.0' || config.HOST === '127.0.0.1' ? 'localhost' : config.HOST;
    return { url: `http://${shownHost}:${port}`, sessionKeyFile: key.file, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
