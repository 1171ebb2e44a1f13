import { describe, expect, it } from 'vitest';
import { type Palette, participantFloorOption, sideFloorOption, stripData, stripRows, swingOption, turnStripOption } from '../../src/charts/options.ts';
import type { TurnSpan } from '../../src/replay/track.ts';
import { speakingTime, voteResults } from '../fixtures/analytics.ts';

const p: Palette = { pro: 'green', con: 'red', none: 'brown', overtime: 'amber', undecided: 'grey', text: 'ink', muted: 'slate', grid: 'line' };
const f = { seconds: (ms: number) => `${ms / 1000}s`, share: (x: number) => `${Math.round(x * 100)}%`, clock: (ms: number) => `${ms}ms` };
type Series = { name?: string; data: unknown[]; type: string };
const seriesOf = (o: unknown) => (o as { series: Series[] }).series;

const span = (over: Partial<TurnSpan>): TurnSpan => ({ turnNo: 1, accountId: 'pro1', displayName: 'Jae-won', side: 'pro', kind: 'open', startMs: 0, endMs: 1_000, grantPosition: '1', endPosition: '2', ...over });

describe('chart data mapping', () => {
  it('stacks each participant’s floor time as within time plus overtime, coloured by side', () => {
    const o = participantFloorOption(speakingTime, { withinTime: 'within', overtime: 'over' }, p, f);
    const [within, over] = seriesOf(o);
    // Horizontal bars list bottom-up: the most floor time ends on top.
    expect((o as { yAxis: { data: string[] } }).yAxis.data).toEqual(['Ada', 'Jae-won']);
    expect(within!.data).toEqual([{ value: 95_500, itemStyle: { color: 'red' } }, { value: 137_500, itemStyle: { color: 'green' } }]);
    expect(over!.data).toEqual([0, 12_500]);
  });

  it('gives each side its floor time and colour', () => {
    const [ring] = seriesOf(sideFloorOption(speakingTime, { pro: 'Pro', con: 'Con' }, p, f));
    expect(ring!.data).toEqual([
      { name: 'Pro', value: 150_000, itemStyle: { color: 'green' } },
      { name: 'Con', value: 95_500, itemStyle: { color: 'red' } },
    ]);
  });

  it('puts each turn on its speaker’s row, in seconds, a running turn up to now', () => {
    const spans = [span({}), span({ turnNo: 2, accountId: 'con1', displayName: 'Ada', side: 'con', startMs: 2_000, endMs: 5_500 }), span({ turnNo: 3, startMs: 6_000, endMs: null })];
    expect(stripRows(spans).map((r) => r.displayName)).toEqual(['Jae-won', 'Ada']);
    expect(stripData(spans, 9_000, p).map((d) => [d.value, d.itemStyle.color])).toEqual([
      [[0, 0, 1, 1], 'green'],
      [[1, 2, 5.5, 2], 'red'],
      [[0, 6, 9, 3], 'green'],
    ]);
    expect((turnStripOption(spans, 9_000, p, f) as { yAxis: { data: string[] } }).yAxis.data).toEqual(['Jae-won', 'Ada']);
  });

  it('shows the motion’s shares before and after for each side', () => {
    const labels = { pre: 'Before', post: 'After', pro: 'Pro', con: 'Con', undecided: 'Undecided' };
    const series = seriesOf(swingOption(voteResults.motion, labels, p, f));
    expect(series.map((s) => [s.name, s.data])).toEqual([
      ['Pro', [0.25, 0.75]],
      ['Con', [0.5, 0.25]],
      ['Undecided', [0.25, 0]],
    ]);
  });

  it('draws a missing vote as zero shares, not as a gap', () => {
    const series = seriesOf(swingOption({ ...voteResults.motion, post: null, swing: null, winner: null, final: false }, { pre: 'a', post: 'b', pro: 'c', con: 'd', undecided: 'e' }, p, f));
    expect(series[0]!.data).toEqual([0.25, 0]);
  });
});
