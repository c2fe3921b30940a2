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

/** The values a link's filters can name: those of the survey's papers, and the years they are from. */
export interface KnownValues {
  topic: readonly string[];
  venue: readonly string[];
  tag: readonly string[];
  year: readonly number[];
}

/** A state read from a link, and what was changed in it to make sense, one sentence each. */
export interface CleanedState {
  state: SearchState;
  changes: string[];
}

const FACET_NAMES: Record<Facet, string> = { topic: 'topic', venue: 'venue', tag: 'tag' };

/**
 * Reads a state from a query string (`?q=vq&topic=a&topic=b&from=2023&sort=newest`) and makes it one
 * the page can show. Given the survey's `known` values, a facet value the survey does not have is left
 * out, and a year range is fitted to the survey's years, so that the year menus show it. Each change
 * that alters what the link asked for is told in `changes`: a year that is not one, a range given
 * backwards, an unknown sort or value, a parameter given twice with different values. Changes that
 * find the same papers (a value written twice, `from` before the first year, `topic=Time-Series`)
 * are made silently.
 */
export function cleanState(search: string, known?: KnownValues): CleanedState {
  const params = new URLSearchParams(search);
  const changes: string[] = [];
  // A parameter that takes one value: the first non-empty one, telling when another differs.
  const single = (name: string, label: string, quote = (v: string) => v) => {
    const given = [...new Set(params.getAll(name).map((v) => v.trim()).filter(Boolean))];
    if (given.length > 1) changes.push(`The link gives ${label} twice: ${quote(given[0]!)} is used and ${given.slice(1).map(quote).join(', ')} left out.`);
    return given[0];
  };
  const quoted = (v: string) => `“${v}”`;

  const q = single('q', 'a search', quoted) ?? '';

  const year = (name: 'from' | 'to') => {
    const text = single(name, `the ${name === 'from' ? 'start' : 'end'} of the year range`);
    if (text === undefined) return undefined;
    if (/^\d{4}$/.test(text)) return Number(text);
    changes.push(`“${text}” is not a year, so the year range has no ${name === 'from' ? 'start' : 'end'}.`);
    return undefined;
  };
  let [from, to] = [year('from'), year('to')];
  if (from !== undefined && to !== undefined && from > to) {
    changes.push(`The link gives the years from ${from} to ${to}: read as ${to} to ${from}.`);
    [from, to] = [to, from];
  }
  const years = known ? [...known.year].sort((a, b) => a - b) : [];
  if (years.length) {
    const [first, last] = [years[0]!, years.at(-1)!];
    if (from !== undefined && from > last) {
      changes.push(`No paper is from ${from} or later: the years start at ${last}, the latest.`);
      from = last;
      if (to !== undefined) to = last;
    }
    if (to !== undefined && to < first) {
      changes.push(`No paper is from ${to} or earlier: the years end at ${first}, the earliest.`);
      to = first;
      if (from !== undefined) from = first;
    }
    // Fitted to the years papers are from, which the menus list; an end past them means any year.
    if (from !== undefined) from = from <= first ? undefined : years.find((y) => y >= from!);
    if (to !== undefined) to = to >= last ? undefined : years.findLast((y) => y <= to!);
  }

  const sortText = single('sort', 'an order');
  const sort = SORTS.find((s) => s === sortText?.toLowerCase()) ?? 'relevance';
  if (sortText !== undefined && sort !== sortText.toLowerCase()) {
    changes.push(`“${sortText}” is not an order the results can be sorted in (${SORTS.join(', ')}), so they keep the usual one.`);
  }

  const values = (facet: Facet) => {
    const given = [...new Set(params.getAll(facet).map((v) => v.trim()).filter(Boolean))];
    if (!known) return given;
    const kept: string[] = [];
    for (const value of given) {
      const match = known[facet].find((k) => k === value) ?? known[facet].find((k) => k.toLowerCase() === value.toLowerCase());
      if (match === undefined) changes.push(`No paper has the ${FACET_NAMES[facet]} “${value}”, so it is left out.`);
      else if (!kept.includes(match)) kept.push(match);
    }
    return kept;
  };

  return { state: { q, topic: values('topic'), venue: values('venue'), tag: values('tag'), from, to, sort }, changes };
}

/** Reads a state from a query string: `?q=vq&topic=a&topic=b&from=2023&sort=newest`. */
export function parseState(search: string): SearchState {
  return cleanState(search).state;
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
