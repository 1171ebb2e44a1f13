import { CommandId, DebateId, initialDebateState } from '@booktalk/contracts';
import { turnTimers } from '@booktalk/domain';
import { describe, expect, it } from 'vitest';
import { debateIdForCreate, deterministicUuid, timerCommandId } from '../../src/index.ts';

describe('derived ids', () => {
  it('a create command id always names the same valid debate id', () => {
    const id = debateIdForCreate('8b0f3f6e-1c51-4c1e-9d0b-1a4b0e2f5c7d');
    expect(id).toMatch(/^d[0-9a-f]{15}$/);
    expect(DebateId.safeParse(id).success).toBe(true);
    expect(debateIdForCreate('8b0f3f6e-1c51-4c1e-9d0b-1a4b0e2f5c7d')).toBe(id);
    expect(debateIdForCreate('another')).not.toBe(id);
  });

  it('deterministic uuids are valid command ids', () => {
    const id = deterministicUuid('timer', 'd1', 3, 'expire');
    expect(CommandId.safeParse(id).success).toBe(true);
    expect(deterministicUuid('timer', 'd1', 3, 'expire')).toBe(id);
  });

  it('timer ids differ per turn, per kind, and after an extension moved the deadline', () => {
    const turn = { turnNo: 1, accountId: 'alice', side: null, kind: 'open' as const, grantedBy: 'host', startedAt: '2026-01-01T10:00:00.000Z', endsAt: '2026-01-01T10:02:00.000Z', durationMs: 120_000, warningsIssued: [] };
    const state = { ...initialDebateState('d1'), status: 'live' as const, currentTurn: turn };
    const [warning, expiry] = turnTimers(state, [30_000]);
    const ids = [timerCommandId('d1', state, warning!), timerCommandId('d1', state, expiry!)];
    const extended = { ...state, currentTurn: { ...turn, endsAt: '2026-01-01T10:03:00.000Z' } };
    const [warning2] = turnTimers(extended, [30_000]);
    const nextTurn = { ...state, currentTurn: { ...turn, turnNo: 2 } };
    const [warning3] = turnTimers(nextTurn, [30_000]);
    ids.push(timerCommandId('d1', extended, warning2!), timerCommandId('d1', nextTurn, warning3!));
    expect(new Set(ids).size).toBe(4);
    expect(timerCommandId('d1', state, warning!)).toBe(ids[0]);
  });
});
