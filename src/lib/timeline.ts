/**
 * The survey over time: papers per year stacked by top-level topic (the timeline) and a count for
 * every topic and year (the matrix). Plain data in, plain data and chart geometry out.
 */
import type { Paper } from '../schemas/paper';
import { buildTopicTree, expandTopics, type TopicLike } from './topics';

type YearPaper = Pick<Paper, 'year' | 'topics'>;

/** Every year from the oldest paper's to the newest's, gaps included; empty for no papers. */
export function yearRange(papers: readonly Pick<Paper, 'year'>[]): number[] {
  if (papers.length === 0) return [];
  const years = papers.map((p) => p.year);
  const [min, max] = [Math.min(...years), Math.max(...years)];
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

/** Papers per year, split by top-level topic. */
export interface Timeline {
  years: number[];
  /** The top-level topics, in display order. */
  series: { id: string; title: string }[];
  /** `counts[y][s]`: papers of `years[y]` whose first topic lies under `series[s]`. */
  counts: number[][];
  /** Papers per year. */
  totals: number[];
}

/**
 * Counts papers per year, each paper once, under the top-level topic of its first (most specific)
 * topic, so a year's stack adds up to its number of papers.
 */
export function buildTimeline(papers: readonly YearPaper[], topics: readonly TopicLike[]): Timeline {
  const years = yearRange(papers);
  const series = buildTopicTree(topics).map(({ topic }) => ({ id: topic.id, title: topic.title }));
  const parentOf = new Map(topics.map((t) => [t.id, t.parent]));
  const index = new Map(series.map((s, i) => [s.id, i]));
  const counts = years.map(() => series.map(() => 0));
  for (const paper of papers) {
    const first = paper.topics[0];
    const root = first === undefined ? undefined : (parentOf.get(first) ?? first);
    const s = root === undefined ? undefined : index.get(root);
    if (s !== undefined) counts[paper.year - years[0]!]![s]! += 1;
  }
  return { years, series, counts, totals: counts.map((row) => row.reduce((a, b) => a + b, 0)) };
}

/** A topic's row of the matrix. */
export interface MatrixRow {
  id: string;
  title: string;
  /** 0 for a top-level topic, 1 for a sub-topic. */
  depth: 0 | 1;
  /** Papers in the topic or its sub-topics, per year of `years`. */
  counts: number[];
  total: number;
}

/** A count per topic and year. */
export interface TopicYearMatrix {
  years: number[];
  /** Topics in display order, each top-level topic followed by its sub-topics. */
  rows: MatrixRow[];
  /** The largest count of any cell, for shading. */
  max: number;
}

/**
 * Counts the papers of each topic (sub-topics included, as on the topic page and in the search's
 * topic filter) in each year, for every topic and every year of the range, zeros included.
 */
export function buildTopicYearMatrix(papers: readonly YearPaper[], topics: readonly TopicLike[]): TopicYearMatrix {
  const years = yearRange(papers);
  const order = buildTopicTree(topics).flatMap(({ topic, children }) => [
    { topic, depth: 0 as const },
    ...children.map((child) => ({ topic: child, depth: 1 as const })),
  ]);
  const row = new Map(order.map(({ topic }, i) => [topic.id, i]));
  const counts = order.map(() => years.map(() => 0));
  for (const paper of papers) {
    for (const id of expandTopics(paper.topics, topics)) {
      const r = row.get(id);
      if (r !== undefined) counts[r]![paper.year - years[0]!]! += 1;
    }
  }
  const rows = order.map(({ topic, depth }, i) => ({
    id: topic.id,
    title: topic.title,
    depth,
    counts: counts[i]!,
    total: counts[i]!.reduce((a, b) => a + b, 0),
  }));
  return { years, rows, max: Math.max(0, ...counts.flat()) };
}

/** The search page filtered to one topic and one year: `search/?topic=x&from=2024&to=2024`. */
export function matrixSearchPath(topicId: string, year: number): string {
  const params = new URLSearchParams({ topic: topicId, from: String(year), to: String(year) });
  return `search/?${params.toString()}`;
}

/** Shade of a cell, 0 (empty) to 4 (the busiest cells), on a square-root scale. */
export function heatLevel(count: number, max: number): 0 | 1 | 2 | 3 | 4 {
  if (count <= 0 || max <= 0) return 0;
  return Math.max(1, Math.min(4, Math.ceil(Math.sqrt(count / max) * 4))) as 1 | 2 | 3 | 4;
}

/** One rectangle of the stacked bar chart. */
export interface Bar {
  year: number;
  series: number;
  count: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Geometry of the timeline chart, in SVG user units. */
export interface TimelineChart {
  width: number;
  height: number;
  bars: Bar[];
  /** Year labels under each column. */
  labels: { year: number; x: number; total: number }[];
  /** Horizontal grid lines with their value. */
  ticks: { value: number; y: number }[];
  /** The plotting area: bars stand on `baseline`. */
  baseline: number;
  left: number;
}

/**
 * Lays out the timeline as stacked columns, one per year, the first series at the bottom. Empty
 * years keep their column, so gaps in the field show.
 */
export function layoutTimeline(timeline: Timeline, size = { width: 640, height: 240 }): TimelineChart {
  const [top, right, bottom, left] = [12, 8, 36, 32];
  const plotWidth = size.width - left - right;
  const plotHeight = size.height - top - bottom;
  const baseline = top + plotHeight;
  const max = Math.max(1, ...timeline.totals);
  const step = niceStep(max);
  const scaleMax = Math.ceil(max / step) * step;
  const unit = plotHeight / scaleMax;
  const column = timeline.years.length ? plotWidth / timeline.years.length : plotWidth;
  const barWidth = Math.max(4, column * 0.7);
  const bars: Bar[] = [];
  timeline.years.forEach((year, y) => {
    const x = round(left + column * y + (column - barWidth) / 2);
    let stacked = 0;
    timeline.counts[y]!.forEach((count, series) => {
      if (count === 0) return;
      const height = round(count * unit);
      bars.push({ year, series, count, x, y: round(baseline - stacked - height), width: round(barWidth), height });
      stacked += height;
    });
  });
  const ticks = Array.from({ length: scaleMax / step + 1 }, (_, i) => ({ value: i * step, y: round(baseline - i * step * unit) }));
  const labels = timeline.years.map((year, y) => ({ year, x: round(left + column * y + column / 2), total: timeline.totals[y]! }));
  return { width: size.width, height: size.height, bars, labels, ticks, baseline, left };
}

// A grid step of 1, 2 or 5 times a power of ten giving at most five lines.
function niceStep(max: number): number {
  const raw = max / 5;
  const power = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
