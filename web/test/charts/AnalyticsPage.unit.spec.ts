import { flushPromises } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import AnalyticsPage from '../../src/pages/AnalyticsPage.vue';
import { fakeAfterDebateApi } from '../fixtures/afterDebateServer.ts';
import { speakingTime, voteResults } from '../fixtures/analytics.ts';
import { debateEvents } from '../fixtures/debate.ts';
import { mountWith } from '../components/mountWith.ts';

beforeEach(() => {
  localStorage.clear();
  vi.stubGlobal('fetch', fakeAfterDebateApi(() => debateEvents(), { speaking: speakingTime, votes: voteResults }).fetch);
});
afterEach(() => vi.unstubAllGlobals());
/** The page loads three endpoints and the state at each grant: generous on a loaded machine. */
const WAIT = { timeout: 15_000 };

const rowText = (w: ReturnType<typeof mountWith>, testId: string) => w.get(`[data-testid="${testId}"]`).findAll('th, td').map((c) => c.text());

describe('analytics page', () => {
  it('tabulates floor time per participant with the API’s figures', async () => {
    const w = mountWith(AnalyticsPage, { id: 'd1' });
    await vi.waitFor(async () => {
      await flushPromises();
      expect(w.find('[data-testid="row-pro1"]').exists()).toBe(true);
    }, WAIT);
    expect(rowText(w, 'row-pro1')).toEqual(['Jae-won', 'Pro', '150 sec', '61.1%', '2', '12.5 sec']);
    expect(w.get('[data-testid="total-floor"]').text()).toBe('245.5 sec');
    expect(w.get('[data-testid="table-total"]').text()).toBe('245.5 sec');
  });

  it('states the winner and the swing, and the fairness in one sentence', async () => {
    const w = mountWith(AnalyticsPage, { id: 'd1' });
    await vi.waitFor(async () => {
      await flushPromises();
      expect(w.find('[data-testid="winner"]').exists()).toBe(true);
    }, WAIT);
    expect(w.get('[data-testid="winner"]').text()).toBe('The Pro side wins, moving +50 points.');
    expect(rowText(w, 'motion-con')).toEqual(['Con', '50%', '25%', '-25']);
    expect(w.get('[data-testid="fairness-text"]').text()).toMatch(/^Fairness 0\.778: 1 means the pro and con sides had exactly equal floor time/);
  });

  it('formats numbers for the page’s language', async () => {
    const w = mountWith(AnalyticsPage, { id: 'd1' }, 'ko');
    await vi.waitFor(async () => {
      await flushPromises();
      expect(w.find('[data-testid="row-con1"]').exists()).toBe(true);
    }, WAIT);
    expect(rowText(w, 'row-con1')).toEqual(['Ada', '반대', '95.5초', '38.9%', '2', '0초']);
  });

  it('draws the turn strip from the state at each grant', async () => {
    const w = mountWith(AnalyticsPage, { id: 'd1' });
    await vi.waitFor(async () => {
      await flushPromises();
      expect(w.find('[data-testid="chart-strip"] table').exists()).toBe(true);
    }, WAIT);
    expect(w.get('[data-testid="chart-strip"] tbody').text()).toContain('Ada');
  });
});
