import { escapeHtml } from '../../lib/html';
import { FACETS, yearsInRange, type SearchState } from '../../lib/search-state';
import { pagefindSort } from '../../lib/search-order';
import { putFirst, queryName } from '../../lib/search-terms';
import type { FacetCounts, Hit, SearchEngine, SearchResult } from './engine';

interface PagefindData {
  url: string;
  excerpt: string;
  meta: Record<string, string | undefined>;
  /** The page's indexed text, unescaped; its words, split at spaces, are what `locations` count. */
  raw_content?: string;
  word_count?: number;
  /** Where the query's words are, as word positions in that text. */
  locations?: number[];
}
interface PagefindResult {
  id: string;
  data(): Promise<PagefindData>;
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
  mergeIndex(path: string, options?: Record<string, unknown>): Promise<void>;
}

type Filters = Record<string, string | { any: string[] } | Record<string, string>>;

/**
 * The filter that keeps papers: topic pages carry `type:topic` and papers no type at all, so the
 * filter Pagefind downloads to apply it lists a few topic pages, not every paper.
 */
export const PAPERS_ONLY = { not: { type: 'topic' } } as const;

/** Pagefind, loaded from `<base>pagefind/pagefind.js` on first use. */
export async function createPagefindEngine(base: string): Promise<SearchEngine> {
  const [pagefind, { bundles, names }] = await Promise.all([
    import(/* @vite-ignore */ `${base}pagefind/pagefind.js`) as Promise<Pagefind>,
    bundleFile(base),
  ]);
  const options = { baseUrl: base, excerptLength: 24 };
  await pagefind.options(options);
  await pagefind.init();
  // A large survey's index is split into bundles (src/node/pagefind.ts), which Pagefind merges.
  await Promise.all(bundles.map((path) => pagefind.mergeIndex(`${base}pagefind/${path}`, options)));
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

  // Merged bundles' results are ordered by score, and a sorted search scores a page by its place in
  // its own bundle; so with several bundles, a sorted search asks for one year at a time instead.
  // A year's papers then come in the merged index's order, not by title as from one index.
  const pagefindSorts = bundles.length === 0;
  const run = async (state: SearchState, without?: string, year?: string) => {
    const sort = state.sort === 'relevance' || !pagefindSorts ? undefined : pagefindSort(state.sort);
    const filters = { ...filtersFor(state, without), ...(year && { year }) };
    const response = await pagefind.search(state.q || null, { filters, ...(sort && { sort }) });
    return response ?? { results: [], filters: {} };
  };
  const byYear = (state: SearchState, response: PagefindResponse) => {
    const years = Object.entries(response.filters['year'] ?? {})
      .filter(([, count]) => count > 0)
      .map(([year]) => year)
      .sort((a, b) => (state.sort === 'newest' ? Number(b) - Number(a) : Number(a) - Number(b)));
    const results: PagefindResult[] = [];
    // Results are asked for a few at a time and at once; the years are searched one after another.
    let queue = Promise.resolve(results);
    return (count: number) =>
      (queue = queue.then(async () => {
        while (results.length < count && years.length) results.push(...(await run(state, undefined, years.shift())).results);
        return results;
      }));
  };

  return {
    async search(state, signal): Promise<SearchResult> {
      // Browsing by filters alone, relevance means nothing: newest first, as the offline edition does.
      if (!state.q.trim() && state.sort === 'relevance') state = { ...state, sort: 'newest' };
      if (state.from !== undefined || state.to !== undefined) {
        years = Object.keys((await allFilters())['year'] ?? {}).map(Number).sort((a, b) => a - b);
      }
      signal?.throwIfAborted();
      // A query that is a paper's short name ("VAR") lists that paper first: each paper page files
      // its name under the `name` filter (src/layouts/PaperLayout.astro), as the key `queryName`
      // makes, and the bundle file lists the names. Only a query that is one of them asks for the
      // filter: once Pagefind has loaded a filter, every search counts its values in the results,
      // which at 10,000 papers (2,800 names) made each search about 70 ms slower.
      const name = state.sort === 'relevance' ? queryName(state.q) : undefined;
      const [found, named] = await Promise.all([
        run(state),
        name && names.has(name) ? pagefind.search(null, { filters: { ...filtersFor(state), name } }) : undefined,
      ]);
      const first = new Set(named?.results.map((result) => result.id));
      const response = first.size ? { ...found, results: putFirst(found.results, (result) => first.has(result.id)) } : found;
      const facets = emptyCounts();
      // Counts of a facet ignore its own selection, so every value shows what choosing it would add.
      for (const facet of [...FACETS, 'year'] as const) {
        const selected = facet === 'year' ? state.from !== undefined || state.to !== undefined : state[facet].length > 0;
        if (selected) signal?.throwIfAborted();
        const source = selected ? await run(state, facet) : response;
        facets[facet] = source.filters[facet] ?? {};
      }
      const total = response.results.length;
      const upTo = state.sort === 'relevance' || pagefindSorts ? async () => response.results : byYear(state, response);
      return {
        total,
        facets,
        load: async (start, count) => Promise.all((await upTo(start + count)).slice(start, start + count).map(toHit)),
        ids: async (progress) => resultIds(await upTo(total), progress),
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

/**
 * From the file the build writes next to the index (src/node/pagefind.ts): the bundles to merge into
 * the first, and the short names papers go by.
 */
async function bundleFile(base: string): Promise<{ bundles: string[]; names: Set<string> }> {
  const response = await fetch(`${base}pagefind/survey-bundles.json`);
  if (!response.ok) return { bundles: [], names: new Set() };
  const file = (await response.json()) as { bundles: { path: string }[]; names?: string[] };
  return { bundles: file.bundles.map((bundle) => bundle.path), names: new Set(file.names) };
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
    excerpt: excerptAfterLead(data) ?? data.excerpt,
  };
}

/** Words in an excerpt, as Pagefind is asked for (`excerptLength`) and as the offline edition gives. */
const EXCERPT_WORDS = 24;

/**
 * An excerpt from the paper's summary, abstract and notes, leaving out the title, authors and badges
 * a paper page begins with (`lead` words, given as that many full stops, src/layouts/PaperLayout.astro):
 * the result prints them already, and Pagefind's own excerpt would repeat them, since the title's
 * words weigh most. It starts a little before the first match there, as the offline edition's does,
 * and at the summary when the query matched only the title or authors. Undefined (Pagefind's excerpt
 * stands) for a page without `lead` or whose text is not as expected.
 */
function excerptAfterLead(data: PagefindData): string | undefined {
  // The count comes as that many full stops, which Pagefind does not index (a number it would).
  const dots = data.meta['lead'] ?? '';
  const lead = /^\.+$/.test(dots) ? dots.length : 0;
  if (lead === 0 || data.raw_content === undefined) return undefined;
  const words = data.raw_content.split(/\s+/);
  if (data.word_count !== undefined && words.length !== data.word_count) return undefined;
  if (words.length <= lead) return undefined;
  const marked = new Set((data.locations ?? []).filter((at) => at >= lead));
  const first = Math.min(...marked);
  const start = Number.isFinite(first) ? Math.max(lead, first - Math.floor(EXCERPT_WORDS / 3)) : lead;
  const end = Math.min(words.length, start + EXCERPT_WORDS);
  const html = words
    .slice(start, end)
    .map((word, i) => (marked.has(start + i) ? `<mark>${escapeHtml(word)}</mark>` : escapeHtml(word)))
    .join(' ');
  return `${start > lead ? '… ' : ''}${html}${end < words.length ? ' …' : ''}`;
}
