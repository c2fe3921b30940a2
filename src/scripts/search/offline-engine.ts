import { paperIdFromUrl } from '../../lib/exports';
import {
  loadOfflineSearch,
  makeExcerpt,
  OFFLINE_FILES,
  parseQuery,
  shardFile,
  type FoundDoc,
  type OfflineData,
  type OfflineShards,
} from '../../lib/offline-search';
import type { SearchState } from '../../lib/search-state';
import type { Hit, SearchEngine } from './engine';

/**
 * The offline edition's search. Under file://, browsers block Pagefind's module, fetch, worker and
 * WASM, but still run classic scripts: the index arrives as `search-data.js`, which assigns a
 * global, and the shards of its terms that a query needs as one small script each; the papers'
 * text, needed for "quoted phrases" and richer excerpts, follows in `search-text.js` after the
 * first results are shown.
 */
export async function createOfflineEngine(base: string): Promise<SearchEngine> {
  const data = await loadScript<OfflineData>(`${base}${OFFLINE_FILES.data.file}`, OFFLINE_FILES.data.global);
  const search = loadOfflineSearch(data);
  let texts: Promise<void> | undefined;
  const loadTexts = () =>
    (texts ??= loadScript<string[]>(`${base}${OFFLINE_FILES.texts.file}`, OFFLINE_FILES.texts.global).then((t) => search.addTexts(t)));
  // Each shard's script adds it to one global; a shard is loaded once, however many searches want it.
  const shards = new Map<string, Promise<void>>();
  const loadShards = (query: string) =>
    Promise.all(
      search.missingShards(query).map((key) => {
        let loading = shards.get(key);
        if (!loading) {
          loading = loadScript<OfflineShards>(`${base}${shardFile(key)}`, OFFLINE_FILES.shards.global, (all) => all[key] !== undefined).then(
            (all) => search.addShards({ [key]: all[key]! }),
          );
          // A shard that failed to load is tried again by the next search.
          loading.catch(() => shards.delete(key));
          shards.set(key, loading);
        }
        return loading;
      }),
    );
  const link = (path: string) => `${base}${path}index.html`;
  const toHit = (doc: FoundDoc, state: SearchState): Hit => ({
    url: link(doc.path),
    title: doc.title,
    authors: doc.authors,
    year: String(doc.year),
    venue: doc.venue,
    topics: doc.topicTitles,
    excerpt: makeExcerpt(state.q ? `${doc.tldr} ${search.textOf(doc)}` : doc.tldr, state.q),
  });
  return {
    async search(state) {
      // A phrase is checked against the text, so it waits for it; other searches never do.
      if (parseQuery(state.q).phrases.length) await loadTexts();
      else if (state.q) void loadTexts().catch(() => undefined);
      await loadShards(state.q);
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

/**
 * Loads a classic script that sets `window[global]`, unless `done` already holds for it, and resolves
 * with that value.
 */
function loadScript<T>(src: string, global: string, done: (value: T) => boolean = () => true): Promise<T> {
  const read = () => (window as unknown as Record<string, T | undefined>)[global];
  const existing = read();
  if (existing && done(existing)) return Promise.resolve(existing);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => {
      const value = read();
      if (value && done(value)) resolve(value);
      else reject(new Error(`${src} did not define ${global}.`));
    };
    script.onerror = () => reject(new Error(`Could not load ${src}.`));
    document.head.append(script);
  });
}
