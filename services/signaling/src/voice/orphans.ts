// Voice sessions no node holds any more (their node crashed): the projected state still shows
// them in voice, but no socket anywhere is in that voice room and no node holds them in grace.
// Each sweep notes such sessions; one still orphaned a grace period later is closed. Command
// ids derive from the peer id, so nodes sweeping at once write one VoiceLeft.
import type { Logger } from '@booktalk/api';
import type { ListVoiceSessions, VoiceSession } from '../ports.ts';
import { voiceRoom } from '../rooms.ts';
import type { Io } from '../socketState.ts';
import type { VoiceLifecycle } from './lifecycle.ts';
import type { VoiceRooms } from './voiceRooms.ts';

const keyOf = (s: VoiceSession) => `${s.debateId}\u0000${s.accountId}\u0000${s.peerId}`;

export class OrphanSweeper {
  /** Session key → when it was first seen orphaned. */
  private readonly suspects = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly io: Io,
    private readonly list: ListVoiceSessions,
    private readonly rooms: VoiceRooms,
    private readonly lifecycle: VoiceLifecycle,
    private readonly graceMs: number,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  start(intervalMs: number, delayMs = 0): void {
    const tick = () => {
      this.running ??= this.sweep()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'voice session sweep failed'))
        .finally(() => (this.running = null));
    };
    const begin = () => {
      tick();
      this.timer = setInterval(tick, intervalMs);
      this.timer.unref();
    };
    if (delayMs <= 0) return begin();
    this.timer = setTimeout(begin, delayMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer); // clears an interval too (same timer ids in Node)
    this.timer = null;
    await this.running;
  }

  /** One pass; returns the sessions it closed. */
  async sweep(): Promise<VoiceSession[]> {
    const sessions = await this.list();
    const orphans = await this.orphansAmong(sessions);
    const now = this.now();
    const seen = new Set(orphans.map(keyOf));
    for (const key of this.suspects.keys()) if (!seen.has(key)) this.suspects.delete(key);
    const due: VoiceSession[] = [];
    for (const s of orphans) {
      const since = this.suspects.get(keyOf(s));
      if (since === undefined) this.suspects.set(keyOf(s), now);
      else if (now - since >= this.graceMs) due.push(s);
    }
    const closed: VoiceSession[] = [];
    for (const s of due) {
      this.suspects.delete(keyOf(s));
      // Looked at again right before writing: the account may have come back since the list.
      if (this.rooms.grace.has(s.debateId, s.accountId) || (await this.rooms.inVoiceAnywhere(s.debateId, s.accountId))) continue;
      const wrote = await this.lifecycle.left(s.debateId, { accountId: s.accountId, displayName: s.accountId }, s.peerId, 'disconnected');
      if (wrote) {
        this.io.to(voiceRoom(s.debateId)).emit('S_VOICE_LEAVE', { debateId: s.debateId, accountId: s.accountId, reason: 'disconnected' });
        this.logger.info({ debateId: s.debateId, accountId: s.accountId }, 'closed a voice session no node holds');
        closed.push(s);
      }
    }
    return closed;
  }

  private async orphansAmong(sessions: VoiceSession[]): Promise<VoiceSession[]> {
    const candidates = sessions.filter((s) => !this.rooms.grace.has(s.debateId, s.accountId));
    if (!candidates.length) return [];
    const debates = [...new Set(candidates.map((s) => s.debateId))];
    const sockets = await this.io.in(debates.map(voiceRoom)).fetchSockets();
    const held = new Set<string>();
    for (const socket of sockets) {
      for (const debateId of Object.keys(socket.data.voice ?? {})) held.add(`${debateId}\u0000${socket.data.accountId}`);
    }
    return candidates.filter((s) => !held.has(`${s.debateId}\u0000${s.accountId}`));
  }
}
