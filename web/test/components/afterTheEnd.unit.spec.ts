// An ended debate is a way into its replay and analytics, from the room and from the lobby.
import { describe, expect, it } from 'vitest';
import DebateCard from '../../src/components/DebateCard.vue';
import RoundBanner from '../../src/components/room/RoundBanner.vue';
import { debateEvents, foldAll } from '../fixtures/debate.ts';
import { mountWith } from './mountWith.ts';

const live = foldAll(debateEvents());
const ended = { ...live, status: 'ended' as const };
const hrefs = (w: ReturnType<typeof mountWith>) => w.findAll('[data-testid=after-the-end] a').map((a) => a.attributes('href'));

describe('RoundBanner after the end', () => {
  it('links the ended room to the replay and the analytics, and a moderator to the debate’s audit', () => {
    expect(hrefs(mountWith(RoundBanner, { state: ended, live: true, moderator: false }))).toEqual([`/debates/${live.debateId}/replay`, `/debates/${live.debateId}/analytics`]);
    expect(hrefs(mountWith(RoundBanner, { state: ended, live: true, moderator: true }))).toContain(`/audit?debateId=${live.debateId}`);
  });
  it('says it in Korean too', () => {
    expect(mountWith(RoundBanner, { state: ended, live: true }, 'ko').get('[data-testid=after-the-end]').text()).toContain('다시 보기');
  });
  it('shows no such links while the debate runs', () => {
    expect(mountWith(RoundBanner, { state: live, live: true, moderator: true }).find('[data-testid=after-the-end]').exists()).toBe(false);
  });
});

describe('DebateCard of an ended debate', () => {
  const item = { id: live.debateId, title: 'T', status: 'ended', format: 'oxford', motion: 'M', book: { title: 'B', author: 'A' }, speakers: 2, audience: 3, hostId: 'h', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' };
  it('links to the replay and the analytics', () => {
    const w = mountWith(DebateCard, { debate: item });
    expect(w.get('[data-testid=card-replay]').attributes('href')).toBe(`/debates/${live.debateId}/replay`);
    expect(w.text()).toContain('Speaking time and votes');
  });
  it('a live one does not', () => {
    expect(mountWith(DebateCard, { debate: { ...item, status: 'live' } }).find('[data-testid=card-replay]').exists()).toBe(false);
  });
});
