// The timekeeper reloads a debate for a change that may move its timers, and not for chat, votes
// or voice (TIMER_NEUTRAL_EVENT_TYPES): those cost every node a stream read per message before.
import { initialDebateState } from '@booktalk/contracts';
import { describe, expect, it } from 'vitest';
import { type DebateChangeSource, TimekeeperRunner } from '../src/index.ts';

describe('TimekeeperRunner and timer-neutral changes', () => {
  it('looks at a debate for a turn change or an unknown change, not for chat or votes', async () => {
    let emit: (debateId: string, eventTypes?: readonly string[]) => void = () => undefined;
    const source: DebateChangeSource = {
      onDebateChanged(listener) {
        emit = listener;
        return () => undefined;
      },
      debatesWithRunningTurn: async () => [],
    };
    const loaded: string[] = [];
    const handler = {
      loadDebateState: async (debateId: string) => {
        loaded.push(debateId);
        return { state: initialDebateState(debateId), version: -1 };
      },
      handle: async () => {
        throw new Error('nothing is due in these states');
      },
    };
    const runner = new TimekeeperRunner({ handler: handler as unknown as ConstructorParameters<typeof TimekeeperRunner>[0]['handler'], source });
    await runner.start();
    emit('chat', ['MessagePosted']);
    emit('votes', ['VoteCast', 'VoteChanged', 'MessagePosted']);
    emit('turn', ['MessagePosted', 'TurnGranted']);
    emit('left', ['ParticipantLeft']);
    emit('unknown'); // a source that does not know the event types: always looked at
    await new Promise((r) => setTimeout(r, 20));
    await runner.stop();
    expect(loaded.sort()).toEqual(['left', 'turn', 'unknown']);
  });
});
