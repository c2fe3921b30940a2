import { describe, expect, it } from 'vitest';
import { buildTimeline, buildTopicYearMatrix, heatLevel, layoutTimeline, matrixSearchPath, yearRange } from '../../src/lib/timeline';

const topics = [
  { id: 'visual', title: 'Visual', order: 1, parent: undefined },
  { id: 'next-scale', title: 'Next-scale', order: 1, parent: 'visual' },
  { id: 'masked', title: 'Masked', order: 2, parent: 'visual' },
  { id: 'decoding', title: 'Decoding', order: 2, parent: undefined },
];
const papers = [
  { year: 2020, topics: ['next-scale'] },
  { year: 2020, topics: ['decoding'] },
  { year: 2023, topics: ['next-scale', 'decoding'] },
  { year: 2023, topics: ['masked', 'next-scale'] },
  { year: 2023, topics: ['decoding'] },
];

describe('yearRange', () => {
  it.each([
    [[2023, 2020], [2020, 2021, 2022, 2023]],
    [[2024], [2024]],
    [[], []],
  ])('%j → %j', (years, range) => expect(yearRange(years.map((year) => ({ year })))).toEqual(range));
});

describe('buildTimeline', () => {
  const timeline = buildTimeline(papers, topics);
  it('stacks each paper once, under the top-level topic of its first topic', () => {
    expect(timeline.series.map((s) => s.id)).toEqual(['visual', 'decoding']);
    expect(timeline.years).toEqual([2020, 2021, 2022, 2023]);
    expect(timeline.counts).toEqual([[1, 1], [0, 0], [0, 0], [2, 1]]);
  });
  it('adds each year up to its number of papers', () => expect(timeline.totals).toEqual([2, 0, 0, 3]));
});

describe('buildTopicYearMatrix', () => {
  const matrix = buildTopicYearMatrix(papers, topics);
  it('has a row per topic, parents before their sub-topics, and a column per year, empty ones included', () => {
    expect(matrix.rows.map((r) => [r.id, r.depth])).toEqual([['visual', 0], ['next-scale', 1], ['masked', 1], ['decoding', 0]]);
    expect(matrix.years).toEqual([2020, 2021, 2022, 2023]);
  });
  it('counts a paper in every topic it is filed under and in their parents, once per topic', () => {
    const row = (id: string) => matrix.rows.find((r) => r.id === id)!.counts;
    expect(row('visual')).toEqual([1, 0, 0, 2]);
    expect(row('next-scale')).toEqual([1, 0, 0, 2]);
    expect(row('masked')).toEqual([0, 0, 0, 1]);
    expect(row('decoding')).toEqual([1, 0, 0, 2]);
    expect(matrix.max).toBe(2);
  });
});

describe('matrixSearchPath', () => {
  it('filters the search page by topic and a one-year range', () => {
    expect(matrixSearchPath('next-scale', 2024)).toBe('search/?topic=next-scale&from=2024&to=2024');
  });
});

describe('heatLevel', () => {
  it.each([
    [0, 10, 0],
    [1, 10, 2],
    [1, 100, 1],
    [10, 10, 4],
    [5, 10, 3],
    [3, 0, 0],
  ])('count %i of max %i → level %i', (count, max, level) => expect(heatLevel(count, max)).toBe(level));
});

describe('layoutTimeline', () => {
  const chart = layoutTimeline(buildTimeline(papers, topics), { width: 400, height: 200 });
  it('draws a bar per non-empty year and topic, stacked from the baseline', () => {
    expect(chart.bars.map((b) => [b.year, b.series, b.count])).toEqual([[2020, 0, 1], [2020, 1, 1], [2023, 0, 2], [2023, 1, 1]]);
    const [bottom, top] = chart.bars.filter((b) => b.year === 2023);
    expect(bottom!.y + bottom!.height).toBeCloseTo(chart.baseline, 0);
    expect(top!.y + top!.height).toBeCloseTo(bottom!.y, 0);
    expect(bottom!.height).toBeCloseTo(2 * top!.height, 0);
  });
  it('keeps a labelled column for empty years, left to right', () => {
    expect(chart.labels.map((l) => [l.year, l.total])).toEqual([[2020, 2], [2021, 0], [2022, 0], [2023, 3]]);
    expect(chart.labels.map((l) => l.x)).toEqual([...chart.labels.map((l) => l.x)].sort((a, b) => a - b));
  });
  it('puts grid lines from zero up to at least the tallest year', () => {
    expect(chart.ticks[0]).toEqual({ value: 0, y: chart.baseline });
    expect(chart.ticks.at(-1)!.value).toBeGreaterThanOrEqual(3);
    expect(chart.bars.every((b) => b.y >= 0 && b.x + b.width <= chart.width)).toBe(true);
  });
});
