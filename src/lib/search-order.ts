/** The orders a search's results can be listed in by date. */
export type DateOrder = 'newest' | 'oldest';

/** What placing a paper among sorted results needs: its id, year, and title as it reads (`renderTitle`). */
export interface Orderable {
  id: string;
  year: number;
  title: string;
}

/**
 * The key that places a paper among search results sorted `order`: newest (or oldest) year first,
 * then by title, ignoring case and accents, then by id, so that papers of one year always come in
 * the same order. Keys are compared as plain strings (`compareOrderKeys`), as Pagefind compares a
 * sort's values, so the hosted search sorts by the key a paper page carries and the offline search
 * sorts by the same key (src/scripts/search engines). A key depends on its paper alone, so a paper
 * page need not change when another paper is added.
 */
export function orderKey(paper: Orderable, order: DateOrder): string {
  const year = String(order === 'newest' ? 9999 - paper.year : paper.year).padStart(4, '0');
  // Letters and digits only, words joined by "-": a "+" after the title sorts below them, so that a
  // title comes before the longer titles it begins. Characters past U+FFFF are left out, since
  // JavaScript compares strings by UTF-16 units and Pagefind by code points, which differ there.
  const words = paper.title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu) ?? [];
  const title = words.map((word) => [...word].filter((c) => c.codePointAt(0)! <= 0xffff).join('')).filter(Boolean).join('-');
  return `${year}${title}+${paper.id}`;
}

/** Compares two `orderKey`s as Pagefind compares sort values: unit by unit, not by locale. */
export function compareOrderKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The `data-pagefind-sort` values of a paper page, one per order, and the `sort` option that asks
 * Pagefind for that order: the order's key, ascending.
 */
export function pagefindSortValues(paper: Orderable): Record<DateOrder, string> {
  return { newest: orderKey(paper, 'newest'), oldest: orderKey(paper, 'oldest') };
}

/** Pagefind's `sort` option for `order` (see `pagefindSortValues`). */
export function pagefindSort(order: DateOrder): Record<string, 'asc'> {
  return { [order]: 'asc' };
}
