import { FACETS, yearsInRange, type SearchState } from '../../lib/search-state';
import type { FacetCounts, Hit, SearchEngine, SearchResult } from './engine';

interface PagefindResult {
  data(): Promise<{ url: string; excerpt: string; meta: Record<string, string | undefined> }>;
}
interface PagefindResponse {
  results: PagefindResult[];
  filters: Record<string, Record<string, number>>;
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(term: string | null, options?: Record<string, unknown>): Promise<PagefindResponse | null>;
  filters(): Promise<Record<string, Record<string, number>>>;
}

type Filters = Record<string, string | { any: string[] } | Record<string, string>>;

/**
 * The filter that keeps papers: topic pages carry `type:topic` and papers no type at all, so the
 * filter Pagefind downloads to apply it lists a few topic pages, not every paper.
 */
export const PAPERS_ONLY = { not: { type: 'topic' } } as const;

/** Pagefind, loaded from `<base>pagefind/pagefind.js` on first use. */
export async function createPagefindEngine(base: string): Promise<SearchEngine> {
  const pagefind = (await import(/* @vite-ignore */ `${base}pagefind/pagefind.js`)) as Pagefind;
  await pagefind.options({ baseUrl: base, excerptLength: 24 });
  await pagefind.init();
  // Every filter's values are one more download; only the search page's facets and a year range
  // need them, so they load on first use.
  let all: Promise<Record<string, Record<string, number>>> | undefined;
  const allFilters = () => (all ??= pagefind.filters());
  let years: number[] = [];

  const filtersFor = (state: SearchState, without?: string): Filters => {
    const filters: Filters = { ...PAPERS_ONLY };
    for (const facet of FACETS) {
      if (facet !== without && state[facet].length) filters[facet] = { any: state[facet] };
    }
    if (without !== 'year' && (state.from !== undefined || state.to !== undefined)) {
      // Pagefind filters match strings, so a year range becomes "any of these years".
      filters['year'] = { any: yearsInRange(state, years).map(String).concat(['none']) };
    }
    return filters;
  };

  const run = async (state: SearchState, without?: string) => {
    const sort = state.sort === 'relevance' ? undefined : { year: state.sort === 'newest' ? 'desc' : 'asc' };
    const response = await pagefind.search(state.q || null, { filters: filtersFor(state, without), ...(sort && { sort }) });
    return response ?? { results: [], filters: {} };
  };

  return {
    async search(state): Promise<SearchResult> {
      if (state.from !== undefined || state.to !== undefined) {
        years = Object.keys((await allFilters())['year'] ?? {}).map(Number).sort((a, b) => a - b);
      }
      const response = await run(state);
      const facets = emptyCounts();
      // Counts of a facet ignore its own selection, so every value shows what choosing it would add.
      for (const facet of [...FACETS, 'year'] as const) {
        const selected = facet === 'year' ? state.from !== undefined || state.to !== undefined : state[facet].length > 0;
        const source = selected ? await run(state, facet) : response;
        facets[facet] = source.filters[facet] ?? {};
      }
      return {
        total: response.results.length,
        facets,
        load: (start, count) => Promise.all(response.results.slice(start, start + count).map(toHit)),
        ids: (progress) => resultIds(response.results, progress),
      };
    },
    async searchTopics(query) {
      if (!query) return [];
      const response = await pagefind.search(query, { filters: { type: 'topic' } });
      return Promise.all((response?.results ?? []).slice(0, 3).map(toHit));
    },
    async allFacets() {
      return { ...emptyCounts(), ...(await allFilters()) } as FacetCounts;
    },
  };
}

/** How many results' data `resultIds` asks Pagefind for at once; Pagefind throttles the fetches itself. */
const ID_BATCH = 100;

// A result's id is Pagefind's hash of the page, not the paper id, so the URL must come from its data
// (a fragment Pagefind caches, in groups when the index is built with --max-fragments).
async function resultIds(results: readonly PagefindResult[], progress?: (done: number) => void): Promise<string[]> {
  const { paperIdFromUrl } = await import('../../lib/exports');
  const ids: string[] = [];
  for (let start = 0; start < results.length; start += ID_BATCH) {
    const batch = await Promise.all(results.slice(start, start + ID_BATCH).map((result) => result.data()));
    for (const data of batch) {
      const id = paperIdFromUrl(data.url);
      if (id) ids.push(id);
    }
    progress?.(Math.min(start + ID_BATCH, results.length));
  }
  return ids;
}

function emptyCounts(): FacetCounts {
  return { topic: {}, venue: {}, tag: {}, year: {} };
}

async function toHit(result: PagefindResult): Promise<Hit> {
  const data = await result.data();
  const meta = data.meta;
  return {
    url: data.url,
    title: meta['title'] ?? data.url,
    authors: meta['authors'] ?? '',
    year: meta['year'] ?? '',
    venue: meta['venue'] ?? '',
    topics: meta['topics'] ?? '',
    excerpt: data.excerpt,
  };
}
