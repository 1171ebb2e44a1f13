// The signaling node: socket.io on the given HTTP server, wired to the command handler, the
// projected state on the bus, and the voice rooms. Everything a room spans goes through
// io.to(room) / fetchSockets / serverSideEmit, so a cluster adapter makes it span nodes.
import { DEBATE_CHANGES_TOPIC, type DebateChanged } from '@booktalk/contracts';
import { Registry } from 'prom-client';
import { Server } from 'socket.io';
import { handleCommand } from './commands.ts';
import { DebateFeed } from './debateFeed.ts';
import { type EventHandlers, registerClientEvents } from './dispatch.ts';
import { refusal } from './errors.ts';
import { AUTH_REQUIRED, identify, originAllowed } from './handshake.ts';
import { createSignalingMetrics } from './metrics.ts';
import { type Identity, type SignalingOptions, VOICE_RECORD_LIMITS } from './ports.ts';
import { SocketRateLimiter } from './rateLimit.ts';
import { accountRoom, sessionRoom } from './rooms.ts';
import type { Io, LocalSocketState, ServerSocket } from './socketState.ts';
import { type StageController, StageRefusal, StageRooms, createStageMetrics } from './stage/index.ts';
import { SessionControl } from './takeover.ts';
import { VoiceLifecycle } from './voice/lifecycle.ts';
import { OrphanSweeper } from './voice/orphans.ts';
import { VoiceRooms } from './voice/voiceRooms.ts';
import { DEFAULT_VOICE_MODE_POLICY, VoiceModes } from './stage/voiceModes.ts';
import { StageLifecycle } from './stage/stageLifecycle.ts';

export interface SignalingNode {
  io: Io;
  /** Sockets connected to this node (GET /health). */
  connections(): number;
  /** Writes the leaves of this node's voice sessions, then disconnects its sockets. Leaves the HTTP server open. */
  close(): Promise<void>;
}

const allowAll = () => null;

/** Stage mode: the SFU controller (`createJanusStage`), when JANUS_URL is configured; mesh only without it. */
export interface StageOption {
  stage?: StageController & { connected?: () => boolean; connectedFor?: (debateId: string) => boolean };
}

const stageOff = async (): Promise<never> => {
  throw new StageRefusal('STAGE_OFF', 'Stage mode is not configured on this server (mesh only)');
};

export function attachSignaling(options: SignalingOptions & StageOption): SignalingNode {
  const { handler, logger, config } = options;
  const clustered = options.adapter !== undefined;
  const io: Io = new Server(options.httpServer, {
    path: options.path ?? '/socket.io',
    pingTimeout: config.pingTimeoutMs,
    pingInterval: config.pingIntervalMs,
    maxHttpBufferSize: config.maxHttpBufferSize,
    perMessageDeflate: false,
    httpCompression: false,
    serveClient: false,
    cors: { origin: options.corsOrigins, methods: ['GET', 'POST'] },
    allowRequest: (req, callback) => {
      const allowed = originAllowed(req, options.corsOrigins);
      callback(allowed ? null : 'Origin not allowed', allowed);
    },
    ...(options.adapter ? { adapter: options.adapter } : {}),
  });

  const local = new Map<string, LocalSocketState>();
  const stateOf = (socket: ServerSocket) => local.get(socket.id);
  let closing = false;

  const lifecycle = new VoiceLifecycle(handler, options.nodeId, logger);
  // The gauges read the voice rooms when scraped (the rooms are built with the metrics below).
  const voiceCounts = () => rooms.counts();
  const metrics = createSignalingMetrics(options.registry ?? new Registry(), {
    connections: () => local.size,
    voiceRooms: () => voiceCounts().rooms,
    voiceMembers: () => voiceCounts().members,
  });
  const feed = new DebateFeed(io, options.readState, stateOf, metrics, logger);
  const stageController = options.stage;
  const stage: StageRooms | null = stageController
    ? new StageRooms({
        io,
        feed,
        stage: stageController,
        logger,
        lifecycle: new StageLifecycle(handler, options.nodeId, logger),
        onSfuChange: () => void modes.sfuChanged().catch((error: unknown) => logger.warn({ err: error }, 'deciding the voice modes again failed')),
        metrics: createStageMetrics(options.registry ?? new Registry(), {
          listeners: () => stage?.counts().listeners ?? 0,
          feeds: () => stage?.counts().feeds ?? 0,
          rooms: () => stage?.counts().rooms ?? 0,
          connected: () => stageController.connected?.() ?? true,
        }),
      })
    : null;
  const modes = new VoiceModes(io, feed, config.voiceMode ?? DEFAULT_VOICE_MODE_POLICY, (debateId) => {
    if (!stageController) return null;
    const up = stageController.connectedFor?.(debateId) ?? stageController.connected?.();
    return up === false ? 'lost' : 'live';
  });
  const rooms = new VoiceRooms({
    io,
    feed,
    lifecycle,
    metrics,
    logger,
    graceMs: config.voiceGraceMs,
    recordLimits: { ...VOICE_RECORD_LIMITS, ...config.voiceRecords },
    clustered,
    // An audience member joining a debate on stage is fed by the SFU: nobody offers it a link.
    transportOf: (state, accountId) => (state.participants.find((p) => p.accountId === accountId)?.role === 'audience' ? modes.modeOf(state) : 'mesh'),
  });
  const sessions = new SessionControl(
    io,
    clustered,
    {
      replace(socket) {
        const state = stateOf(socket);
        if (state) state.replaced = true;
        socket.emit('S_SESSION_REPLACED', { accountId: socket.data.accountId, reason: 'replaced' });
        rooms.handOver(socket);
      },
      async revoke(socket) {
        const state = stateOf(socket);
        if (state) state.replaced = true; // its voice is handled here, not by the disconnect
        socket.emit('S_SESSION_REVOKED', { reason: 'revoked' });
        await rooms.revoke(socket);
      },
    },
    logger,
  );
  const policy = options.commandPolicy ?? allowAll;

  const unsubscribeBus = options.bus.subscribe<DebateChanged>(DEBATE_CHANGES_TOPIC, (message) => {
    if (!closing) feed.handleChange(message);
  });
  // Back after a gap on the bus: re-read what the missed DebateChanged carried (debateFeed.ts).
  const unsubscribeResumed = options.bus.onResumed?.(DEBATE_CHANGES_TOPIC, () => {
    if (!closing) void feed.catchUp();
  });
  const unsubscribeRevoked = options.onSessionRevoked?.((sessionId) => {
    sessions.revokeSession(sessionId).catch((error: unknown) => logger.error({ err: error }, 'dropping a revoked session failed'));
  });

  io.use((socket, next) => {
    const run = async () => {
      if (closing) return next(new Error('Shutting down'));
      const identity: Identity | null = await identify(socket.handshake.auth, options.verifyToken);
      if (!identity) {
        metrics.refused.inc({ reason: 'UNAUTHENTICATED' });
        return next(new Error(AUTH_REQUIRED));
      }
      socket.data = {
        accountId: identity.accountId,
        displayName: identity.displayName,
        kind: identity.kind ?? 'account',
        sessionId: identity.sessionId ?? null,
        voice: {},
      };
      await sessions.takeOver(identity.accountId, socket.id);
      local.set(socket.id, {
        identity,
        limiter: new SocketRateLimiter(config.rateLimit, config.rateLimit.disconnectFactor ?? 3),
        positions: new Map(),
        replaced: false,
        voiceQueue: Promise.resolve(),
      });
      next();
    };
    run().catch((error: unknown) => {
      logger.error({ err: error }, 'handshake failed');
      next(new Error('Handshake failed'));
    });
  });

  io.on('connection', (socket) => {
    const state = local.get(socket.id);
    if (!state) return void socket.disconnect(true);
    const { identity } = state;
    socket.join(accountRoom(identity.accountId));
    if (identity.sessionId) socket.join(sessionRoom(identity.sessionId));

    const handlers: EventHandlers = {
      C_ROOM_SUBSCRIBE: async ({ debateId }) => {
        const snapshot = await feed.subscribe(socket, debateId);
        if (!snapshot) throw refusal('DEBATE_NOT_FOUND', `No debate ${debateId}`);
        modes.tell(socket, snapshot.state);
        return { debateId, position: snapshot.position };
      },
      C_ROOM_UNSUBSCRIBE: async ({ debateId }) => {
        feed.unsubscribe(socket, debateId);
        return { debateId };
      },
      C_COMMAND: (msg) => handleCommand(handler, feed, policy, identity, msg),
      C_VOICE_JOIN: (msg) => rooms.join(socket, state, msg),
      C_VOICE_LEAVE: (msg) => rooms.leave(socket, state, msg),
      C_VOICE_OFFER: (msg) => rooms.relay('OFFER', socket, msg),
      C_VOICE_ANSWER: (msg) => rooms.relay('ANSWER', socket, msg),
      C_VOICE_ICE_CANDIDATE: (msg) => rooms.relay('ICE_CANDIDATE', socket, msg),
      C_VOICE_LINK: (msg) => rooms.link(socket, msg),
      C_STAGE_PUBLISH: (msg) => (stage ? stage.publish(socket, msg) : stageOff()),
      C_STAGE_SUBSCRIBE: (msg) => (stage ? stage.subscribe(socket, msg) : stageOff()),
      C_STAGE_START: (msg) => (stage ? stage.start(socket, msg) : stageOff()),
      C_STAGE_TRICKLE: (msg) => (stage ? stage.trickle(socket, msg) : stageOff()),
      C_STAGE_LEAVE: (msg) => (stage ? stage.leave(socket, msg) : stageOff()),
    };
    registerClientEvents(socket, state, handlers, { metrics, logger, isClosing: () => closing, writeBudget: options.writeBudget });

    socket.on('disconnect', (reason) => {
      local.delete(socket.id);
      stage?.onDisconnect(socket);
      logger.debug({ accountId: identity.accountId, socketId: socket.id, reason }, 'socket disconnected');
      if (closing) return; // close() records the leaves
      const followed = new Set([...state.positions.keys(), ...Object.keys(socket.data.voice)]);
      if (!state.replaced) rooms.onDisconnect(socket);
      for (const debateId of followed) feed.forgetIfUnused(debateId);
    });
  });
  io.engine.on('connection_error', (error: { code?: number; message?: string }) => {
    logger.debug({ code: error.code, message: error.message }, 'engine connection refused');
  });

  const sweeper = options.voiceSessions
    ? new OrphanSweeper(io, options.voiceSessions, rooms, lifecycle, config.voiceGraceMs, logger)
    : null;
  sweeper?.start(config.orphanSweepMs ?? config.voiceGraceMs, clustered ? (config.clusterSettleMs ?? 15_000) : 0);

  return {
    io,
    connections: () => local.size,
    async close() {
      if (closing) return;
      closing = true;
      unsubscribeBus();
      unsubscribeResumed?.();
      if (typeof unsubscribeRevoked === 'function') unsubscribeRevoked();
      await sweeper?.stop();
      await rooms.closeAll();
      await stage?.closeAll();
      io.local.disconnectSockets(true);
      await Promise.resolve(io.of('/').adapter.close());
      io.engine.close();
    },
  };
}
