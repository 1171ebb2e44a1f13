// Property: the in-place fold (contracts' startFolding, foldEvents) gives exactly the states of
// `evolve`, event for event, for any accepted command sequence heavy with chat (posted, hidden,
// answered, interleaved with joins, removals and turns), and never writes into the state it
// started from.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type DebateCommandInput, type DebateEvent, DebateCommandSchema, evolve, foldEvents, initialDebateState, startFolding } from '@booktalk/contracts';
import { type Actor, decide, isDomainError } from '../src/index.ts';
import { DEBATE_ID, T0, actors, openFloor } from './support/fixtures.ts';

const people: Actor[] = [actors.host, actors.alice, actors.bob, actors.carol, actors.dave];
const who = fc.constantFrom(...people.map((p) => p.accountId));
// Client-chosen message ids are UUIDs.
const messageId = fc.constantFrom(...[1, 2, 3, 4, 5, 6].map((n) => `aaaaaaaa-0000-4000-8000-00000000000${n}`));

const command: fc.Arbitrary<DebateCommandInput> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ type: fc.constant('PostMessage'), data: fc.record({ messageId: fc.option(messageId, { nil: undefined }), kind: fc.constantFrom('chat', 'question'), text: fc.constantFrom('Why?', 'Agreed.', '왜요?') }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('HideMessage'), data: fc.record({ messageId, reason: fc.constant('spam') }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('MarkQuestionAnswered'), data: fc.record({ messageId }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('JoinDebate'), data: fc.record({ role: fc.constantFrom('speaker', 'audience'), side: fc.constantFrom('pro', 'con') }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('RemoveParticipant'), data: fc.record({ accountId: who }) }) },
  { weight: 1, arbitrary: fc.constant({ type: 'RaiseHand', data: {} }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('GrantTurn'), data: fc.constant({}) }) },
  { weight: 1, arbitrary: fc.constant({ type: 'EndTurn', data: {} }) },
) as fc.Arbitrary<DebateCommandInput>;

const step = fc.record({ command, actor: fc.constantFrom(...people), advanceSec: fc.integer({ min: 0, max: 30 }) });

describe('the in-place fold', () => {
  it('equals evolve event for event and leaves its initial state as it was', { timeout: 60_000 }, () => {
    let posted = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 10, maxLength: 60 }), fc.integer({ min: 0, max: 40 }), (steps, split) => {
        let now = T0;
        let state = openFloor.reduce(evolve, initialDebateState(DEBATE_ID));
        const events: DebateEvent[] = [];
        steps.forEach(({ command: input, actor, advanceSec }, i) => {
          now += advanceSec * 1000;
          const parsed = DebateCommandSchema.safeParse(input);
          if (!parsed.success) return;
          const result = decide(parsed.data, state, { now: new Date(now), actor, debateId: DEBATE_ID, commandId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` });
          if (isDomainError(result)) return;
          for (const e of result) {
            events.push(e);
            state = evolve(state, e);
          }
        });
        posted += events.filter((e) => e.type === 'MessagePosted').length;
        // Two folds one after the other, as a cache refresh does: the second starts from the first's result.
        const cut = Math.min(split, events.length);
        const start = openFloor.reduce(evolve, initialDebateState(DEBATE_ID));
        const startCopy = structuredClone(start);
        const middle = foldEvents(events.slice(0, cut), start);
        const middleCopy = structuredClone(middle);
        const folding = startFolding(middle);
        for (const e of events.slice(cut)) folding.add(e);
        expect(folding.state).toEqual(state);
        expect(start, 'the initial state is not written').toEqual(startCopy);
        expect(middle, 'a state another fold returned is not written').toEqual(middleCopy);
      }),
      { numRuns: 500 },
    );
    // The property must have folded real chat, not only refusals.
    expect(posted).toBeGreaterThan(2_000);
  });
});
