import type { Facet, SearchState } from '../../lib/search-state';

/** One search result, as displayed. */
export interface Hit {
  url: string;
  title: string;
  authors: string;
  year: string;
  venue: string;
  topics: string;
  /** Excerpt with the matched words wrapped in `<mark>`; already HTML-escaped. */
  excerpt: string;
}

/** Counts per value, for each facet and for years. */
export type FacetCounts = Record<Facet | 'year', Record<string, number>>;

/** What a search returns: the total, a way to load results page by page, and facet counts. */
export interface SearchResult {
  total: number;
  load(start: number, count: number): Promise<Hit[]>;
  /**
   * The paper ids of every result, in order, for exporting the search view. Offline this is free;
   * Pagefind knows a result's URL only from its data, so it reads every result's data, in batches.
   * Call it when a reader asks for an export, not on every search. `progress` hears how many are done.
   */
  ids(progress?: (done: number) => void): Promise<string[]>;
  /** For each facet, counts of its values given the query and every *other* facet's filter. */
  facets: FacetCounts;
}

/**
 * A search backend. Pagefind on http(s); MiniSearch over a script-loaded index under file://, where
 * browsers block Pagefind's module, fetch, worker and WASM. Both take the same state.
 */
export interface SearchEngine {
  /**
   * Searches. Once `signal` is aborted (a reader typed on), the search stops at its next step and
   * rejects with the signal's reason instead of finishing work nobody will see.
   */
  search(state: SearchState, signal?: AbortSignal): Promise<SearchResult>;
  /** Topic pages matching the query, shown above the papers. */
  searchTopics(query: string): Promise<Hit[]>;
  /** Every value of every facet in the whole survey, with its count. */
  allFacets(): Promise<FacetCounts>;
}
