import type { Paper } from '../schemas/paper';
import { renderTitle } from './title';
import { compareText } from './collate';

/** How a listing of papers can be ordered. */
export type PaperOrder = 'newest' | 'oldest' | 'title';

/**
 * Orders papers by year (newest or oldest first) or by title; ties fall back to title, then id. A
 * title is compared as it reads (`$k$-ary` as "k-ary"), as the listings' own sort control does.
 */
export function sortPapers<P extends Pick<Paper, 'id' | 'year' | 'title'>>(papers: readonly P[], order: PaperOrder = 'newest'): P[] {
  const titles = new Map(papers.map((p) => [p, renderTitle(p.title).text]));
  const byTitle = (a: P, b: P) => compareText(titles.get(a)!, titles.get(b)!) || compareText(a.id, b.id);
  const compare =
    order === 'title'
      ? byTitle
      : (a: P, b: P) => (order === 'newest' ? b.year - a.year : a.year - b.year) || byTitle(a, b);
  return [...papers].sort(compare);
}

/** The papers most recently added to the survey, newest first. */
export function newestAdditions<P extends Pick<Paper, 'id' | 'year' | 'title' | 'added'>>(papers: readonly P[], count: number): P[] {
  return sortPapers(papers, 'newest')
    .sort((a, b) => compareText(b.added, a.added))
    .slice(0, count);
}

/** Tags with the number of papers carrying each, most used first, then alphabetical. */
export function countTags(papers: readonly Pick<Paper, 'tags'>[]): { tag: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const paper of papers) for (const tag of paper.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return [...counts]
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || compareText(a.tag, b.tag));
}

/** Papers grouped by year, newest year first, each group in `sortPapers` order. */
export function groupByYear<P extends Pick<Paper, 'id' | 'year' | 'title'>>(papers: readonly P[]): { year: number; papers: P[] }[] {
  const groups = new Map<number, P[]>();
  for (const paper of sortPapers(papers, 'newest')) {
    const group = groups.get(paper.year);
    if (group) group.push(paper);
    else groups.set(paper.year, [paper]);
  }
  return [...groups].map(([year, list]) => ({ year, papers: list }));
}
