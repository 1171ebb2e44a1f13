// Realistic debates for tests and the benchmark: scripted commands run through the real decider
// on a fake clock, so every event is one the domain would emit (joins, voice, votes,
// presentations, the open floor, moderation, chat). Deterministic for a given seed.
import {
  type DebateCommandInput,
  type DebateEvent,
  type DebateState,
  DebateCommandSchema,
  currentSchemaVersion,
  evolve,
  initialDebateState,
  type NewEvent,
} from '@booktalk/contracts';
import { type Actor, SYSTEM_ACTOR, decide, isDomainError } from '@booktalk/domain';

export interface CommandRecord {
  debateId: string;
  commandId: string;
  actor: Actor;
  events: DebateEvent[];
}

/** mulberry32: tiny, seedable, good enough for scripts. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
  };
}
export type Rng = ReturnType<typeof rng>;

let commandSeq = 0;
/** A v4-shaped uuid, deterministic per process (commandIds must be uuids). */
const nextCommandId = () => {
  const n = (++commandSeq).toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${n}`;
};

/** One debate driven by commands on a fake clock. */
export class DebateSim {
  state: DebateState;
  now: number;
  readonly records: CommandRecord[] = [];

  constructor(
    readonly debateId: string,
    startMs: number,
  ) {
    this.state = initialDebateState(debateId);
    this.now = startMs;
  }

  /** Advances the clock, decides, folds; a refusal records nothing and returns []. */
  run(actor: Actor, command: DebateCommandInput, afterMs = 1000): DebateEvent[] {
    this.now += afterMs;
    const commandId = nextCommandId();
    const decision = decide(DebateCommandSchema.parse(command), this.state, {
      now: new Date(this.now),
      actor,
      debateId: this.debateId,
      commandId,
    });
    if (isDomainError(decision)) return [];
    if (decision.length === 0) return [];
    for (const e of decision) this.state = evolve(this.state, e);
    this.records.push({ debateId: this.debateId, commandId, actor, events: decision });
    return decision;
  }
}

const person = (id: string): Actor => ({ accountId: id, displayName: id.replace(/^(\w)/, (c) => c.toUpperCase()).replace(/_/g, ' ') });

/** A whole debate, from CreateDebate to EndDebate (~100 events). */
export function scriptDebate(r: Rng, debateId: string, startMs: number): CommandRecord[] {
  const sim = new DebateSim(debateId, startMs);
  const oxford = r.chance(0.7);
  const host = person(`host_${debateId}`);
  const speakers = Array.from({ length: r.int(2, 4) }, (_, i) => person(`spk${i}_${debateId}`));
  const audience = Array.from({ length: r.int(3, 8) }, (_, i) => person(`aud${i}_${debateId}`));
  const everyone = [host, ...speakers, ...audience];
  const sideOf = (i: number) => (i % 2 === 0 ? 'pro' : 'con');

  sim.run(host, {
    type: 'CreateDebate',
    data: {
      title: `Debate ${debateId}`,
      book: { title: r.pick(['Middlemarch', 'Dune', 'Beloved', 'Ulysses', 'Emma']), author: 'Various' },
      motion: 'This house would read it again',
      format: oxford ? 'oxford' : 'free',
      turnSeconds: 60,
      presentationSeconds: 120,
    },
  });
  sim.run(host, { type: 'OpenDebate', data: {} });
  sim.run(host, { type: 'JoinDebate', data: { role: 'audience' } }); // moderators join as moderators whatever they ask
  speakers.forEach((s, i) => sim.run(s, { type: 'JoinDebate', data: { role: 'speaker', ...(oxford ? { side: sideOf(i) } : {}) } }));
  for (const a of audience) sim.run(a, { type: 'JoinDebate', data: { role: 'audience' } });

  // Voice mesh: everyone joins; links to the host, some failing and retried.
  for (const p of everyone) sim.run(p, { type: 'RecordVoiceJoined', data: { peerId: `peer-${p.accountId}`, node: 'node-1' } }, 200);
  for (const p of everyone.slice(1)) {
    if (r.chance(0.15)) {
      sim.run(p, { type: 'RecordPeerLink', data: { peerId: host.accountId, outcome: 'failed', attempt: 1 } }, 300);
      sim.run(p, { type: 'RecordRejoinAttempt', data: { attempt: 1 } }, 300);
    }
    sim.run(p, { type: 'RecordPeerLink', data: { peerId: host.accountId, outcome: 'established', connectMs: r.int(80, 2500), candidateType: r.pick(['host', 'srflx', 'relay'] as const), attempt: 1 } }, 300);
  }

  const ballot = (voteId: string) => {
    for (const a of audience) sim.run(a, { type: 'CastVote', data: { voteId, option: r.pick(['for', 'against', 'undecided']) } }, 500);
  };
  if (oxford) {
    sim.run(host, { type: 'OpenVote', data: { voteId: 'pre', question: 'Before: the motion?', options: ['for', 'against', 'undecided'], sides: ['pro', 'con', 'undecided'], kind: 'pre' } });
    ballot('pre');
    sim.run(host, { type: 'CloseVote', data: { voteId: 'pre' } });
  }
  for (const s of speakers) sim.run(s, { type: 'UpdatePresentation', data: { content: `# Notes\nSee p. ${r.int(1, 300)} and pp. 40-42.` } }, 5000);

  sim.run(host, { type: 'StartDebate', data: {} });
  sim.run(host, { type: 'AdvanceRound', data: {} });
  // Presentation slots: each speaker yields early or runs out of time.
  while (sim.state.round === 'PRESENTATION' && sim.state.currentTurn) {
    const t = sim.state.currentTurn;
    const holder = speakers.find((s) => s.accountId === t.accountId)!;
    if (r.chance(0.6)) sim.run(holder, { type: 'YieldTurn', data: {} }, r.int(30, 110) * 1000);
    else {
      sim.run(SYSTEM_ACTOR, { type: 'IssueTurnWarning', data: { turnNo: t.turnNo, remainingMs: 30_000 } }, Date.parse(t.endsAt) - sim.now - 30_000);
      sim.run(SYSTEM_ACTOR, { type: 'ExpireTurn', data: { turnNo: t.turnNo } }, 30_000 + r.int(0, 2000));
    }
  }
  // The open floor.
  for (let turn = 0; turn < r.int(4, 10); turn++) {
    for (const s of speakers) if (!sim.state.queue.includes(s.accountId) && r.chance(0.6)) sim.run(s, { type: 'RaiseHand', data: {} }, 2000);
    if (sim.state.queue.length === 0) continue;
    sim.run(host, { type: 'GrantTurn', data: {} }, 1000);
    const t = sim.state.currentTurn;
    if (!t) continue;
    const holder = speakers.find((s) => s.accountId === t.accountId)!;
    if (r.chance(0.3)) sim.run(r.pick(audience), { type: 'PostMessage', data: { kind: r.pick(['chat', 'question'] as const), text: 'Good point about chapter 3' } }, 3000);
    if (r.chance(0.1)) sim.run(host, { type: 'MuteParticipant', data: { accountId: r.pick(audience).accountId, reason: 'noise' } }, 1000);
    if (r.chance(0.2)) sim.run(host, { type: 'ExtendTurn', data: { ms: 15_000 } }, 5000);
    const end = r.next();
    if (end < 0.5) sim.run(holder, { type: 'YieldTurn', data: {} }, r.int(10, 55) * 1000);
    else if (end < 0.7) sim.run(host, { type: 'EndTurn', data: { reason: 'time to move on' } }, r.int(10, 55) * 1000);
    else if (sim.state.currentTurn) {
      sim.run(SYSTEM_ACTOR, { type: 'ExpireTurn', data: { turnNo: t.turnNo } }, Date.parse(sim.state.currentTurn.endsAt) - sim.now + r.int(0, 3000));
    }
  }
  if (r.chance(0.2)) sim.run(host, { type: 'LockRoom', data: { reason: 'full house' } });
  if (oxford) {
    sim.run(host, { type: 'OpenVote', data: { voteId: 'post', question: 'After: the motion?', options: ['for', 'against', 'undecided'], sides: ['pro', 'con', 'undecided'], kind: 'post' } });
    ballot('post');
    for (const a of audience) if (r.chance(0.2)) sim.run(a, { type: 'CastVote', data: { voteId: 'post', option: r.pick(['for', 'against']) } }, 300);
  }
  if (r.chance(0.3)) sim.run(audience[0]!, { type: 'LeaveDebate', data: {} });
  sim.run(host, { type: 'EndDebate', data: {} });
  return sim.records;
}

/** The store envelope of one command's events (current schema versions, as writers must). */
export function toNewEvents(record: CommandRecord, node = 'test'): NewEvent[] {
  return record.events.map((e) => ({
    type: e.type,
    data: e.data,
    schemaVersion: currentSchemaVersion(e.type),
    metadata: { commandId: record.commandId, correlationId: record.commandId, causationId: null, actorId: record.actor.accountId, node },
  }));
}

/**
 * Debates whose commands are interleaved as they would be with several rooms live at once,
 * until at least `minEvents` events. Returns commands in append order.
 */
export function scriptedLoad(seed: number, minEvents: number, concurrentRooms = 8, t0 = Date.parse('2026-03-01T18:00:00.000Z')): CommandRecord[] {
  const r = rng(seed);
  const out: CommandRecord[] = [];
  let events = 0;
  let n = 0;
  const live: CommandRecord[][] = [];
  while (events < minEvents || live.length > 0) {
    while (live.length < concurrentRooms && events < minEvents) {
      const script = scriptDebate(r, `s${seed}d${n}`, t0 + n * 60_000);
      n++;
      live.push(script);
      events += script.reduce((sum, c) => sum + c.events.length, 0);
    }
    const i = r.int(0, live.length - 1);
    out.push(live[i]!.shift()!);
    if (live[i]!.length === 0) live.splice(i, 1);
  }
  return out;
}
