import type { Paper, Result } from '../schemas/paper';
import { renderTitle } from './title';
import { compareText } from './collate';

/** One benchmark and metric, with every paper's figure for it, best first. */
export interface ResultTable<P> {
  benchmark: string;
  metric: string;
  lowerIsBetter: boolean;
  rows: { paper: P; result: Result }[];
}

/** "ImageNet 256x256", "imagenet 256×256" and "ImageNet-256" name the same benchmark. */
function resultKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/×/g, 'x')
    .replace(/\b(\d+)\s*x\s*\1\b/g, '$1')
    .replace(/[^a-z0-9.]+/g, ' ')
    .trim();
}

/**
 * Groups the `results` of papers by benchmark and metric, each table sorted best first (respecting
 * `lower_is_better`), tables with more papers first. Tables mix papers only when both benchmark and
 * metric match and agree on which direction is better.
 */
export function groupResults<P extends Pick<Paper, 'id' | 'title' | 'results'>>(papers: readonly P[]): ResultTable<P>[] {
  const tables = new Map<string, ResultTable<P>>();
  // A benchmark is headed by the spelling most of its figures use, in every table of the page (at a
  // tie, the first paper's): "ImageNet-256: FID" and "ImageNet 256x256: Inception Score" would read
  // as two benchmarks.
  const spellings = new Map<string, Map<string, number>>();
  const benchmarkOf = new Map<ResultTable<P>, string>();
  for (const paper of papers) {
    for (const result of paper.results) {
      const benchmark = resultKey(result.benchmark);
      const key = `${benchmark}|${resultKey(result.metric)}|${result.lower_is_better}`;
      let table = tables.get(key);
      if (!table) {
        table = { benchmark: result.benchmark, metric: result.metric, lowerIsBetter: result.lower_is_better, rows: [] };
        tables.set(key, table);
        benchmarkOf.set(table, benchmark);
      }
      table.rows.push({ paper, result });
      if (!spellings.has(benchmark)) spellings.set(benchmark, new Map());
      const used = spellings.get(benchmark)!;
      used.set(result.benchmark, (used.get(result.benchmark) ?? 0) + 1);
    }
  }
  for (const table of tables.values()) {
    [table.benchmark] = [...spellings.get(benchmarkOf.get(table)!)!].sort(([, m], [, n]) => n - m)[0]!;
    table.rows.sort(
      (a, b) =>
        (table.lowerIsBetter ? a.result.value - b.result.value : b.result.value - a.result.value) ||
        compareText(renderTitle(a.paper.title).text, renderTitle(b.paper.title).text),
    );
  }
  return [...tables.values()].sort(
    (a, b) =>
      b.rows.length - a.rows.length ||
      compareText(a.benchmark, b.benchmark) ||
      compareText(a.metric, b.metric),
  );
}
