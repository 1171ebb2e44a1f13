// Debate lifecycle: schedule → open → live (PREPARATION → PRESENTATION → FREE) → ended.
import type { CommandOf, DebateEvent, DebateState } from '@booktalk/contracts';
import type { DecideContext, Decision } from './context.ts';
import { refuse } from './errors.ts';
import { endTurn, grantEvent, presentationOrder } from './floor.ts';
import { debateExists, firstOf, moderator, notEnded } from './guards.ts';

const iso = (d: Date) => d.toISOString();

export function createDebate(c: CommandOf<'CreateDebate'>, s: DebateState, ctx: DecideContext): Decision {
  if (s.status !== 'none') return refuse('DEBATE_EXISTS', `Debate ${ctx.debateId} already exists`);
  const d = c.data;
  return [
    {
      type: 'DebateScheduled',
      data: {
        debateId: ctx.debateId,
        hostId: ctx.actor.accountId,
        hostName: ctx.actor.displayName,
        title: d.title,
        book: d.book,
        motion: d.motion,
        format: d.format,
        maxMembers: d.maxMembers,
        startAt: d.startAt ?? null,
        turnMs: d.turnSeconds * 1000,
        presentationMs: d.presentationSeconds * 1000,
        // An oxford debate is a debate of turns: by default only the floor holder is heard.
        floorControl: d.floorControl ?? d.format === 'oxford',
        at: iso(ctx.now),
      },
    },
    // An accounts-only room says so in its own audited event, as a later change would.
    ...(d.accountsOnly
      ? [{ type: 'RoomAccessChanged' as const, data: { moderatorId: ctx.actor.accountId, targetId: null, reason: '', accountsOnly: true, at: iso(ctx.now) } }]
      : []),
  ];
}

export function openDebate(_c: CommandOf<'OpenDebate'>, s: DebateState, ctx: DecideContext): Decision {
  const error = firstOf(
    () => moderator(s, ctx.actor),
    () => (s.status !== 'scheduled' ? refuse('INVALID_STATUS', `Only a scheduled debate can be opened (it is ${s.status})`) : null),
  );
  return error ?? [{ type: 'DebateOpened', data: { by: ctx.actor.accountId, at: iso(ctx.now) } }];
}

export function startDebate(_c: CommandOf<'StartDebate'>, s: DebateState, ctx: DecideContext): Decision {
  const error = firstOf(
    () => moderator(s, ctx.actor),
    () => (s.status !== 'open' ? refuse('INVALID_STATUS', `Only an open debate can start (it is ${s.status})`) : null),
  );
  const by = ctx.actor.accountId;
  return (
    error ?? [
      { type: 'DebateStarted', data: { by, at: iso(ctx.now) } },
      { type: 'RoundStarted', data: { round: 'PREPARATION', order: [], by, at: iso(ctx.now) } },
    ]
  );
}

/** Moves to the next round; the moderator may do it early. PRESENTATION grants the first slot. */
export function advanceRound(c: CommandOf<'AdvanceRound'>, s: DebateState, ctx: DecideContext): Decision {
  const error = firstOf(
    () => moderator(s, ctx.actor),
    () => notEnded(s),
    () => (s.status !== 'live' ? refuse('DEBATE_NOT_LIVE', 'The debate has not started yet') : null),
    () => (s.round === 'FREE' ? refuse('NO_NEXT_ROUND', 'The open floor is the last round; end the debate instead') : null),
  );
  if (error) return error;
  const by = ctx.actor.accountId;
  const next = s.round === 'PREPARATION' ? 'PRESENTATION' : 'FREE';
  if (c.data.to && c.data.to !== next) {
    return refuse('WRONG_ROUND', `The next round is ${next}, not ${c.data.to}`);
  }
  if (next === 'FREE') {
    return [
      ...endTurn(s, 'moderator', by, ctx.now, { handOver: false }),
      { type: 'RoundStarted', data: { round: 'FREE', order: [], by, at: iso(ctx.now) } },
    ];
  }
  const order = presentationOrder(s);
  const started: DebateEvent = { type: 'RoundStarted', data: { round: 'PRESENTATION', order, by, at: iso(ctx.now) } };
  const first = order[0];
  if (!first) {
    // Nobody to present: straight to the open floor, as the reference does.
    return [started, { type: 'RoundStarted', data: { round: 'FREE', order: [], by, at: iso(ctx.now) } }];
  }
  return [started, grantEvent(s, first, 'presentation', s.presentationMs, by, ctx.now)];
}

export function endDebate(_c: CommandOf<'EndDebate'>, s: DebateState, ctx: DecideContext): Decision {
  const error = firstOf(() => moderator(s, ctx.actor), () => notEnded(s));
  if (error) return error;
  const by = ctx.actor.accountId;
  const closeVotes: DebateEvent[] = Object.values(s.votes)
    .filter((v) => v.status === 'open')
    .map((v) => ({ type: 'VoteClosed', data: { voteId: v.voteId, closedBy: by, tallies: v.tallies, at: iso(ctx.now) } }));
  // The end closes every voice session with it, so the replay ends at the end: the leaves the
  // clients send afterwards find nothing to close (voice.ts) instead of stretching the timeline.
  const closeVoice: DebateEvent[] = Object.keys(s.voice).map((accountId) => ({ type: 'VoiceLeft', data: { accountId, reason: 'ended', at: iso(ctx.now) } }));
  return [
    ...endTurn(s, 'moderator', by, ctx.now, { handOver: false }),
    ...closeVotes,
    ...closeVoice,
    { type: 'DebateEnded', data: { by, at: iso(ctx.now) } },
  ];
}

/** "p. 12", "pp. 40-42", "page 7" → [12, 40, 41, 42, 7] (ranges capped so a typo cannot explode). */
export function extractPageRefs(markdown: string): number[] {
  const refs = new Set<number>();
  for (const m of markdown.matchAll(/\b(?:pp?\.|pages?)\s*(\d{1,5})(?:\s*[-–]\s*(\d{1,5}))?/gi)) {
    const from = Number(m[1]);
    const to = m[2] ? Number(m[2]) : from;
    for (let p = from; p <= Math.min(to, from + 50); p++) if (p > 0) refs.add(p);
  }
  return [...refs].sort((a, b) => a - b);
}

export function updatePresentation(c: CommandOf<'UpdatePresentation'>, s: DebateState, ctx: DecideContext): Decision {
  const me = ctx.actor.accountId;
  const p = s.participants[me];
  const error = firstOf(
    () => notEnded(s),
    () => debateExists(s),
    () => (!p ? refuse('NOT_PARTICIPANT', 'You are not in this debate') : null),
    () => (p?.role !== 'speaker' ? refuse('NOT_SPEAKER', 'Only speakers write presentations') : null),
    () => {
      // Editable until one's own slot begins: in PRESENTATION only those still waiting may edit.
      if (s.round === 'FREE') return refuse('PRESENTATION_LOCKED', 'Presentations are closed on the open floor');
      if (s.round === 'PRESENTATION') {
        const mine = s.presentationOrder.indexOf(me);
        const current = s.currentTurn?.kind === 'presentation' ? s.presentationOrder.indexOf(s.currentTurn.accountId) : s.presentationIndex;
        if (mine === -1 || mine <= current) return refuse('PRESENTATION_LOCKED', 'Your presentation slot has begun or passed');
      }
      return null;
    },
  );
  return (
    error ?? [
      {
        type: 'PresentationUpdated',
        data: { accountId: me, content: c.data.content, pageRefs: extractPageRefs(c.data.content), at: iso(ctx.now) },
      },
    ]
  );
}
