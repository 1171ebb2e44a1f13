// What the signaling node needs from its host, injected at the edge so tests and the app choose.
import type { CommandHandler, Logger } from '@booktalk/api';
import type { Bus } from '@booktalk/bus';
import type { DebateView } from '@booktalk/contracts';
import type { Server as HttpServer } from 'node:http';
import type { Registry } from 'prom-client';
import type { ServerOptions } from 'socket.io';
import type { VoiceModePolicy } from './stage/voiceModes.ts';

/** Who a session token stands for. Guests may listen and chat (see `commandPolicy`). */
export interface Identity {
  accountId: string;
  displayName: string;
  kind?: 'account' | 'guest';
  /** A site admin (may revoke moderators); absent: not one. */
  admin?: boolean;
  /** Present when sessions can be revoked: sockets of a revoked session are dropped. */
  sessionId?: string;
}

/** Resolves a token to its identity; throws (any error) when it is missing, forged or expired. */
export type VerifyToken = (token: string) => Promise<Identity>;

/** Subscribes to session revocations (sign-out, password change, erasure); returns the unsubscribe function. */
export type OnSessionRevoked = (listener: (sessionId: string, accountId?: string) => void) => (() => void) | void;

/** A refusal with a stable code (a DomainError or anything shaped like one). */
export interface Refusal {
  code: string;
  message: string;
  /** DomainError kinds map to HTTP statuses; irrelevant over the socket, kept for logs. */
  kind?: string;
}
/**
 * Spends one unit of an account's write budget, the one its HTTP requests spend too (the app's
 * RateBudget): socket messages that write events call it once each.
 */
export type WriteBudget = (accountId: string) => { ok: true } | { ok: false; retryAfterMs: number };

/** May this identity send this command (`data` as sent, before defaults)? null = allowed. */
export type CommandPolicy = (command: { type: string; data?: unknown }, identity: Identity) => Refusal | null;

/** The debate's projected state as the read model holds it. */
export interface ProjectedDebate {
  /** Global position (decimal string). */
  position: string;
  state: DebateView;
  /** Accounts removed by a moderator (they may never rejoin). */
  removed?: string[];
}
export type ReadState = (debateId: string) => Promise<ProjectedDebate | null>;

/** A voice session the projected state still shows (accountId in the debate's voice map). */
export interface VoiceSession {
  debateId: string;
  accountId: string;
  peerId: string;
}
export type ListVoiceSessions = () => Promise<VoiceSession[]>;

/**
 * How many voice lifecycle records one client can cause, per window: link reports per (debate,
 * reporter, peer) and new voice sessions (joins, with their rejoin attempts) per (debate, account).
 * A client reports a link's outcome once per attempt (at most 5 attempts) and rejoins at most 5
 * times in a row; a client over these is looping, and the records would only be noise.
 */
export interface VoiceRecordLimits {
  linksPerPeer: number;
  joins: number;
  windowMs: number;
}
export const VOICE_RECORD_LIMITS: VoiceRecordLimits = { linksPerPeer: 6, joins: 10, windowMs: 60_000 };

export interface SignalingConfig {
  pingTimeoutMs: number;
  pingIntervalMs: number;
  /** Largest frame the engine accepts; bigger ones close the connection. */
  maxHttpBufferSize: number;
  rateLimit: {
    messagesPerSecond: number;
    bytesPerSecond: number;
    /** A socket refused this many times the per-second budget within a second is disconnected (default 3). */
    disconnectFactor?: number;
  };
  /** How long a dropped socket's voice session waits for its account to come back. */
  voiceGraceMs: number;
  /** Voice lifecycle records the node writes per window (VOICE_RECORD_LIMITS when omitted). */
  voiceRecords?: Partial<VoiceRecordLimits>;
  /** When listeners move to the stage (with an SFU); DEFAULT_VOICE_MODE_POLICY when omitted. */
  voiceMode?: VoiceModePolicy;
  /** How often sessions no node holds are looked for (default voiceGraceMs). */
  orphanSweepMs?: number;
  /**
   * With a cluster adapter, how long after start the first look waits (default 15 s): a node
   * that just started does not know the others yet and would take their sessions for orphans.
   */
  clusterSettleMs?: number;
}

export interface SignalingOptions {
  httpServer: HttpServer;
  handler: CommandHandler;
  readState: ReadState;
  /** Voice sessions recorded in the read model, to close the ones no node holds any more. */
  voiceSessions?: ListVoiceSessions;
  bus: Bus;
  verifyToken: VerifyToken;
  onSessionRevoked?: OnSessionRevoked;
  commandPolicy?: CommandPolicy;
  /** The account's shared write budget; unlimited when omitted (tests, benchmarks). */
  writeBudget?: WriteBudget;
  /** Browser origins allowed besides the server's own. */
  corsOrigins: string[];
  /** Written into recorded VoiceJoined events. */
  nodeId: string;
  config: SignalingConfig;
  logger: Logger;
  /** Metrics are registered here (a private registry when omitted). */
  registry?: Registry;
  /** socket.io adapter constructor (the Kafka cluster adapter when scaled); in-memory when omitted. */
  adapter?: ServerOptions['adapter'];
  /** Socket.io path (default /socket.io). */
  path?: string;
}
