/** Facets a reader can filter by; each holds several values combined with OR. */
export const FACETS = ['topic', 'venue', 'tag'] as const;
export type Facet = (typeof FACETS)[number];

/** The orders results can be sorted in. */
const SORTS = ['relevance', 'newest', 'oldest'] as const;
export type Sort = (typeof SORTS)[number];

/** Everything that defines a search; lives in the URL so a search can be shared and restored. */
export interface SearchState {
  q: string;
  topic: string[];
  venue: string[];
  tag: string[];
  from: number | undefined;
  to: number | undefined;
  sort: Sort;
}

/** The state of a fresh search: no query, no filters, by relevance. */
export function emptyState(): SearchState {
  return { q: '', topic: [], venue: [], tag: [], from: undefined, to: undefined, sort: 'relevance' };
}

/** Reads a state from a query string: `?q=vq&topic=a&topic=b&from=2023&sort=newest`. */
export function parseState(search: string): SearchState {
  const params = new URLSearchParams(search);
  const year = (name: string) => {
    const n = Number.parseInt(params.get(name) ?? '', 10);
    return Number.isFinite(n) ? n : undefined;
  };
  const [from, to] = [year('from'), year('to')];
  const reversed = from !== undefined && to !== undefined && from > to;
  const sort = params.get('sort');
  const values = (name: Facet) => [...new Set(params.getAll(name).filter(Boolean))];
  return {
    q: params.get('q')?.trim() ?? '',
    topic: values('topic'),
    venue: values('venue'),
    tag: values('tag'),
    // A reversed range in a link reads as the range it means.
    from: reversed ? to : from,
    to: reversed ? from : to,
    sort: SORTS.includes(sort as Sort) ? (sort as Sort) : 'relevance',
  };
}

/**
 * Sets one end of the year range. When it would pass the other end, the other end follows it, so a
 * range is never reversed (2025 to 2019 matched nothing, without saying why).
 */
export function withYearBound(state: SearchState, bound: 'from' | 'to', year: number | undefined): SearchState {
  const next = { ...state, [bound]: year };
  if (next.from !== undefined && next.to !== undefined && next.from > next.to) {
    if (bound === 'from') next.to = next.from;
    else next.from = next.to;
  }
  return next;
}

/** Writes a state as a query string, leaving out defaults; the inverse of `parseState`. */
export function serializeState(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const facet of FACETS) for (const value of state[facet]) params.append(facet, value);
  if (state.from !== undefined) params.set('from', String(state.from));
  if (state.to !== undefined) params.set('to', String(state.to));
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** True when any filter (not the query, not the sort) is set. */
export function hasFilters(state: SearchState): boolean {
  return FACETS.some((f) => state[f].length > 0) || state.from !== undefined || state.to !== undefined;
}

/** The years of `years` inside the state's range (inclusive); all of them when no bound is set. */
export function yearsInRange(state: Pick<SearchState, 'from' | 'to'>, years: readonly number[]): number[] {
  return years.filter((y) => (state.from === undefined || y >= state.from) && (state.to === undefined || y <= state.to));
}

/** "12 papers match “vq”, filtered by topic, year." or "1 paper matches “vq”." — for the live region. */
export function describeResults(state: SearchState, total: number): string {
  const papers = total === 1 ? '1 paper' : `${total} papers`;
  const query = state.q ? ` ${total === 1 ? 'matches' : 'match'} “${state.q}”` : '';
  const filters = [
    ...FACETS.filter((f) => state[f].length > 0),
    ...(state.from !== undefined || state.to !== undefined ? ['year'] : []),
  ];
  const filtered = filters.length ? `, filtered by ${filters.join(', ')}` : '';
  if (total === 0) return `No papers${query || ' match'}${filtered}.`;
  return `${papers}${query}${filtered}.`;
}
