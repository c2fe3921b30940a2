import { paperIdFromUrl } from '../../lib/exports';
import { loadOfflineSearch, makeExcerpt, type OfflineData, type OfflineDoc } from '../../lib/offline-search';
import type { SearchState } from '../../lib/search-state';
import type { Hit, SearchEngine } from './engine';

const DATA_FILE = 'search-data.js';
const DATA_GLOBAL = '__SURVEY_SEARCH__';

/**
 * The offline edition's search. Under file://, browsers block Pagefind's module, fetch, worker and
 * WASM, but still run classic scripts: the index arrives as `search-data.js`, which assigns a global.
 */
export async function createOfflineEngine(base: string): Promise<SearchEngine> {
  const data = await loadData(`${base}${DATA_FILE}`);
  const search = loadOfflineSearch(data);
  const link = (path: string) => `${base}${path}index.html`;
  const toHit = (doc: OfflineDoc, state: SearchState): Hit => ({
    url: link(doc.path),
    title: doc.title,
    authors: doc.authors,
    year: String(doc.year),
    venue: doc.venue,
    topics: doc.topicTitles,
    excerpt: makeExcerpt(state.q ? `${doc.tldr} ${doc.text}` : doc.tldr, state.q),
  });
  return {
    async search(state) {
      const { docs, facets } = search.search(state);
      return {
        total: docs.length,
        facets,
        load: async (start, count) => docs.slice(start, start + count).map((d) => toHit(d, state)),
        ids: async () => docs.flatMap((d) => paperIdFromUrl(d.path) ?? []),
      };
    },
    async searchTopics(query) {
      return search.searchTopics(query).map((t) => ({ url: link(t.path), title: t.title, authors: '', year: '', venue: '', topics: '', excerpt: '' }));
    },
    async allFacets() {
      return search.allFacets();
    },
  };
}

function loadData(src: string): Promise<OfflineData> {
  const existing = (window as unknown as Record<string, OfflineData | undefined>)[DATA_GLOBAL];
  if (existing) return Promise.resolve(existing);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => {
      const data = (window as unknown as Record<string, OfflineData | undefined>)[DATA_GLOBAL];
      if (data) resolve(data);
      else reject(new Error(`${src} did not define the search data.`));
    };
    script.onerror = () => reject(new Error(`Could not load ${src}.`));
    document.head.append(script);
  });
}
