// The analytics API's figures as ECharts options, pure (tested without drawing): floor time per
// participant (within time + overtime, stacked), per side, the turn strip (who held the floor
// when) and the motion's pre → post shares. Labels and number formats come in from the page.
import type { SpeakingTime, VoteResults } from '../api/afterDebate.ts';
import type { TurnSpan } from '../replay/track.ts';
import type { ChartOption } from './echarts.ts';

export interface Palette {
  pro: string;
  con: string;
  none: string;
  overtime: string;
  undecided: string;
  text: string;
  muted: string;
  grid: string;
}

export interface Formats {
  /** ms → "12.3 s" in the page's locale */
  seconds: (ms: number) => string;
  /** 0..1 → "12.5%" */
  share: (x: number) => string;
}

type Side = 'pro' | 'con' | null;
const sideColour = (p: Palette, side: Side) => (side === 'pro' ? p.pro : side === 'con' ? p.con : p.none);

const axisText = (p: Palette) => ({ color: p.text });
const base = (p: Palette) => ({
  animation: false,
  aria: { enabled: false },
  textStyle: { color: p.text, fontFamily: 'inherit' },
  tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
});

/** Per participant: floor time within the granted time and overtime, stacked; bars in floor order. */
export function participantFloorOption(st: SpeakingTime, labels: { withinTime: string; overtime: string }, p: Palette, f: Formats): ChartOption {
  const people = [...st.participants].reverse(); // biggest on top of a horizontal bar chart
  return {
    ...base(p),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => f.seconds(Number(v)) },
    // Bars take their side's colour, so the page draws the legend (sides and overtime) itself.
    legend: { show: false },
    grid: { left: 8, right: 24, top: 8, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'value', axisLabel: { ...axisText(p), hideOverlap: true, formatter: (v: number) => f.seconds(v) }, splitLine: { lineStyle: { color: p.grid } } },
    yAxis: { type: 'category', data: people.map((x) => x.displayName), axisLabel: axisText(p) },
    series: [
      {
        name: labels.withinTime,
        type: 'bar',
        stack: 'floor',
        data: people.map((x) => ({ value: Math.max(0, x.floorMs - x.overtimeMs), itemStyle: { color: sideColour(p, x.side) } })),
      },
      { name: labels.overtime, type: 'bar', stack: 'floor', data: people.map((x) => x.overtimeMs), itemStyle: { color: p.overtime } },
    ],
  };
}

/** Per side (oxford): floor time as a ring, the share in each label. */
export function sideFloorOption(st: SpeakingTime, labels: { pro: string; con: string }, p: Palette, f: Formats): ChartOption {
  return {
    ...base(p),
    tooltip: { trigger: 'item', valueFormatter: (v: unknown) => f.seconds(Number(v)) },
    legend: { bottom: 0, textStyle: axisText(p) },
    series: [
      {
        type: 'pie',
        radius: ['42%', '75%'],
        center: ['50%', '45%'],
        label: { position: 'inside', color: '#fff', fontWeight: 'bold', fontSize: 11, formatter: (x: { percent: number }) => f.share(x.percent / 100) },
        data: st.sides.map((s) => ({ name: labels[s.side], value: s.floorMs, itemStyle: { color: sideColour(p, s.side) } })),
      },
    ],
  };
}

export interface StripRow {
  accountId: string;
  displayName: string;
}

/** The strip's rows: one per person who held the floor, in order of their first turn. */
export function stripRows(spans: readonly TurnSpan[]): StripRow[] {
  const seen = new Map<string, StripRow>();
  for (const s of spans) if (!seen.has(s.accountId)) seen.set(s.accountId, { accountId: s.accountId, displayName: s.displayName });
  return [...seen.values()];
}

/** One bar item per turn: [row, start, end, turnNo] in seconds on the timeline; a running turn ends at `nowMs`. */
export function stripData(spans: readonly TurnSpan[], nowMs: number, p: Palette) {
  const rows = stripRows(spans);
  const row = new Map(rows.map((r, i) => [r.accountId, i]));
  return spans.map((s) => ({
    name: s.displayName,
    value: [row.get(s.accountId)!, s.startMs / 1000, (s.endMs ?? Math.max(nowMs, s.startMs)) / 1000, s.turnNo],
    itemStyle: { color: sideColour(p, s.side) },
  }));
}

/** Gantt-like strip: who held the floor when (seconds on the timeline), coloured by side. */
export function turnStripOption(spans: readonly TurnSpan[], nowMs: number, p: Palette, f: Formats & { clock: (ms: number) => string }): ChartOption {
  const rows = stripRows(spans);
  return {
    ...base(p),
    tooltip: {
      trigger: 'item',
      formatter: (x: { name: string; value: number[] }) => `${x.name} #${x.value[3]}: ${f.clock(x.value[1]! * 1000)}–${f.clock(x.value[2]! * 1000)} (${f.seconds((x.value[2]! - x.value[1]!) * 1000)})`,
    },
    grid: { left: 8, right: 24, top: 8, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'value', scale: true, axisLabel: { ...axisText(p), hideOverlap: true, formatter: (v: number) => f.clock(v * 1000) }, splitLine: { lineStyle: { color: p.grid } } },
    yAxis: { type: 'category', data: rows.map((r) => r.displayName), axisLabel: axisText(p), inverse: true },
    series: [
      {
        type: 'custom',
        encode: { x: [1, 2], y: 0 },
        data: stripData(spans, nowMs, p),
        renderItem: (_params: unknown, api: { value: (i: number) => number; coord: (v: number[]) => number[]; size: (v: number[]) => number[]; visual: (k: 'color') => string }) => {
          const y = api.value(0);
          const start = api.coord([api.value(1), y]);
          const end = api.coord([api.value(2), y]);
          const height = api.size([0, 1])[1]! * 0.6;
          return {
            type: 'rect',
            shape: { x: start[0]!, y: start[1]! - height / 2, width: Math.max(2, end[0]! - start[0]!), height },
            style: { fill: api.visual('color') },
          };
        },
      },
    ],
  };
}

/** The motion's shares before and after (pro, con, undecided), grouped by vote. */
export function swingOption(motion: VoteResults['motion'], labels: { pre: string; post: string; pro: string; con: string; undecided: string }, p: Palette, f: Formats): ChartOption {
  const sides = ['pro', 'con', 'undecided'] as const;
  const colour = { pro: p.pro, con: p.con, undecided: p.undecided };
  return {
    ...base(p),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => f.share(Number(v)) },
    legend: { bottom: 0, textStyle: axisText(p) },
    grid: { left: 8, right: 24, top: 8, bottom: 36, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'category', data: [labels.pre, labels.post], axisLabel: axisText(p) },
    yAxis: { type: 'value', max: 1, axisLabel: { ...axisText(p), formatter: (v: number) => f.share(v) }, splitLine: { lineStyle: { color: p.grid } } },
    series: sides.map((side) => ({
      name: labels[side],
      type: 'bar',
      data: [motion.pre?.[side] ?? 0, motion.post?.[side] ?? 0],
      itemStyle: { color: colour[side] },
      label: { show: true, position: 'top', color: p.text, formatter: (x: { value: number }) => f.share(x.value) },
    })),
  };
}
