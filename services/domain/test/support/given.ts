// given(events).when(command).then(events | error): the decider spec shape from emmett's
// DeciderSpecification. Commands go through the zod schema first, as they do at the edge.
import { expect } from 'vitest';
import { type DebateCommandInput, type DebateEvent, DebateCommandSchema, DebateEventSchema } from '@booktalk/contracts';
import { type Actor, type DomainErrorCode, debateDecider, isDomainError } from '../../src/index.ts';
import { DEBATE_ID, T0, actors } from './fixtures.ts';

interface When {
  actor?: Actor;
  /** Seconds after T0. */
  at?: number;
}

export function given(...history: DebateEvent[]) {
  return {
    when(command: DebateCommandInput, opts: When = {}) {
      const run = () => {
        const { decide, evolve, initialState } = debateDecider;
        const state = history.reduce(evolve, initialState(DEBATE_ID));
        const parsed = DebateCommandSchema.parse(command);
        return decide(parsed, state, {
          now: new Date(T0 + (opts.at ?? 60) * 1000),
          actor: opts.actor ?? actors.host,
          debateId: DEBATE_ID,
          commandId: '00000000-0000-4000-8000-000000000001',
        });
      };
      return {
        then(expected: DebateEvent[]) {
          const result = run();
          if (isDomainError(result)) throw new Error(`Expected events, got ${result.code}: ${result.message}`);
          // Every emitted event must satisfy its own schema: the store will refuse anything else.
          for (const e of result) DebateEventSchema.parse(e);
          expect(result).toEqual(expected);
          return result;
        },
        thenEmits(...types: DebateEvent['type'][]) {
          const result = run();
          if (isDomainError(result)) throw new Error(`Expected events, got ${result.code}: ${result.message}`);
          for (const e of result) DebateEventSchema.parse(e);
          expect(result.map((e) => e.type)).toEqual(types);
          return result;
        },
        thenFails(code: DomainErrorCode) {
          const result = run();
          if (!isDomainError(result)) throw new Error(`Expected ${code}, got events ${result.map((e) => e.type).join(', ') || '(none)'}`);
          expect(result.code).toBe(code);
          expect(result.message.length).toBeGreaterThan(0);
        },
      };
    },
  };
}
