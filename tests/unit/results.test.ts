import { expect, it } from 'vitest';
import { groupResults } from '../../src/lib/results';

const r = (benchmark: string, metric: string, value: number, lower_is_better: boolean) => ({ benchmark, metric, value, lower_is_better, source: 'abstract' });

it('groups results by benchmark and metric and sorts each table best first', () => {
  const tables = groupResults([
    { id: 'a', title: 'A', results: [r('ImageNet 256x256', 'FID', 2.5, true), r('WMT', 'BLEU', 30, false)] },
    { id: 'b', title: 'B', results: [r('imagenet 256×256', 'fid', 1.8, true)] },
    { id: 'c', title: 'C', results: [r('WMT', 'BLEU', 33, false)] },
  ]);
  expect(tables.map((t) => [t.benchmark, t.rows.map((row) => row.paper.id)])).toEqual([
    ['ImageNet 256x256', ['b', 'a']],
    ['WMT', ['c', 'a']],
  ]);
});

it('keeps figures apart when the papers disagree on which direction is better', () => {
  const tables = groupResults([
    { id: 'a', title: 'A', results: [r('X', 'score', 1, true)] },
    { id: 'b', title: 'B', results: [r('X', 'score', 2, false)] },
  ]);
  expect(tables).toHaveLength(2);
});

it('reads a square resolution written once or twice as one benchmark, and keeps other sizes apart', () => {
  const tables = groupResults([
    { id: 'a', title: 'A', results: [r('ImageNet-256', 'FID', 2.5, true)] },
    { id: 'b', title: 'B', results: [r('ImageNet 256x256', 'FID', 1.8, true)] },
    { id: 'c', title: 'C', results: [r('ImageNet 512x512', 'FID', 3, true), r('ImageNet 128x256', 'FID', 4, true)] },
  ]);
  expect(tables.map((t) => t.rows.map((row) => row.paper.id))).toEqual([['b', 'a'], ['c'], ['c']]);
});

it('heads a table with the spelling most of its figures use, whichever paper comes first', () => {
  const tables = groupResults([
    { id: 'a', title: 'A', results: [r('ImageNet 256x256', 'FID', 2.5, true)] },
    { id: 'b', title: 'B', results: [r('ImageNet-256', 'FID', 1.8, true)] },
    { id: 'c', title: 'C', results: [r('ImageNet-256', 'FID', 3, true)] },
  ]);
  expect(tables.map((t) => t.benchmark)).toEqual(['ImageNet-256']);
});

it('orders equal figures by title as it reads, a formula as its text', () => {
  const tables = groupResults([
    { id: 'z', title: 'Zeta', results: [r('X', 'score', 1, true)] },
    { id: 'k', title: '$k$-ary Trees', results: [r('X', 'score', 1, true)] },
    { id: 'a', title: 'Alpha', results: [r('X', 'score', 1, true)] },
  ]);
  expect(tables[0]!.rows.map((row) => row.paper.id)).toEqual(['a', 'k', 'z']);
});

it('spells a benchmark the same way in every table of a page', () => {
  const tables = groupResults([
    { id: 'a', title: 'A', results: [r('ImageNet-256', 'FID', 2.5, true), r('ImageNet-256', 'speedup', 3, false)] },
    { id: 'b', title: 'B', results: [r('ImageNet 256x256', 'Inception Score', 300, false)] },
    { id: 'c', title: 'C', results: [r('ImageNet-256', 'FID', 2, true)] },
  ]);
  expect(tables.map((t) => `${t.benchmark}: ${t.metric}`)).toEqual(['ImageNet-256: FID', 'ImageNet-256: Inception Score', 'ImageNet-256: speedup']);
});
