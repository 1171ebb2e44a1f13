// The vote panel: a moderator opening a vote on the motion gets options in the page's language
// with their sides chosen (issue 19), and a vote on the motion reads by side.
import type { DebateEvent } from '@booktalk/contracts';
import { flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import VotePanel from '../../src/components/room/VotePanel.vue';
import { useRoomStore } from '../../src/stores/room.ts';
import { HOST, LISTENER, T0, debateEvents, foldAll } from '../fixtures/debate.ts';
import { mountWith } from './mountWith.ts';

beforeEach(() => localStorage.clear());
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

describe('VotePanel', () => {
  it('suggests 찬성 / 반대 / 미정 with their sides for a pre vote in Korean, and sends those sides', async () => {
    const w = mountWith(VotePanel, { state: foldAll(debateEvents()), selfId: HOST, moderator: true }, 'ko');
    const send = vi.spyOn(useRoomStore(), 'send').mockResolvedValue(undefined);
    await w.get('.votes__new [role=group] button').trigger('click'); // the first kind: 사전 투표 (pre)
    const labels = w.findAll<HTMLInputElement>('[data-testid^=draft-option-]').map((i) => i.element.value);
    const sides = w.findAll<HTMLSelectElement>('[data-testid^=draft-side-]').map((s) => s.element.value);
    expect(labels).toEqual(['찬성', '반대', '미정']);
    expect(sides).toEqual(['pro', 'con', 'undecided']);
    expect(w.get('[data-testid=draft-side-0]').text()).toContain('찬성 측');

    await w.get('.votes__new form').trigger('submit');
    await flushPromises();
    expect(send).toHaveBeenCalledWith({
      type: 'OpenVote',
      data: expect.objectContaining({ kind: 'pre', question: 'The argument still holds', options: ['찬성', '반대', '미정'], sides: ['pro', 'con', 'undecided'] }),
    });
    // Once opened, the next draft is a poll (a debate has one pre vote): no sides to choose.
    expect(w.find('[data-testid^=draft-side-]').exists()).toBe(false);
  });

  it('suggests For / Against / Undecided in English; a poll has no sides to choose', async () => {
    const w = mountWith(VotePanel, { state: foldAll(debateEvents()), selfId: HOST, moderator: true }, 'en');
    await w.get('.votes__new [role=group] button').trigger('click');
    expect(w.findAll<HTMLInputElement>('[data-testid^=draft-option-]').map((i) => i.element.value)).toEqual(['For', 'Against', 'Undecided']);
    await w.findAll('.votes__new [role=group] button')[2]!.trigger('click'); // poll
    expect(w.find('[data-testid^=draft-side-]').exists()).toBe(false);
  });

  it('refuses to open a motion vote with no option against, in the page’s words, without sending', async () => {
    const w = mountWith(VotePanel, { state: foldAll(debateEvents()), selfId: HOST, moderator: true }, 'ko');
    const send = vi.spyOn(useRoomStore(), 'send').mockResolvedValue(undefined);
    await w.get('.votes__new [role=group] button').trigger('click');
    await w.get('[data-testid=draft-side-1]').setValue('undecided');
    await w.get('.votes__new form').trigger('submit');
    expect(w.get('[data-testid=draft-problem]').text()).toBe('논제 투표에는 찬성 측 선택지와 반대 측 선택지가 모두 있어야 합니다.');
    expect(send).not.toHaveBeenCalled();
  });

  it('shows the side of each option and the tallies by side of a vote on the motion', () => {
    const events: DebateEvent[] = [
      ...debateEvents(),
      { type: 'VoteOpened', data: { voteId: 'pre', question: '동의하십니까?', options: ['찬성', '반대', '미정'], sides: ['pro', 'con', 'undecided'], kind: 'pre', openedBy: HOST, at: at(20) } },
      { type: 'VoteCast', data: { voteId: 'pre', accountId: LISTENER, option: '찬성', at: at(21) } },
    ];
    const w = mountWith(VotePanel, { state: foldAll(events), selfId: LISTENER, moderator: false }, 'ko');
    expect(w.findAll('[data-testid=option-side]').map((b) => b.text())).toEqual(['찬성 측', '반대 측', '미정']);
    expect(w.get('[data-testid=by-side]').text()).toBe('편별: 찬성 1 · 반대 0 · 미정 0');
  });
});
