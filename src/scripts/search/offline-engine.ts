import { paperIdFromUrl } from '../../lib/exports';
import {
  loadOfflineSearch,
  makeExcerpt,
  OFFLINE_FILES,
  parseQuery,
  detailsFile,
  shardFile,
  type FoundDoc,
  type OfflineData,
  type OfflineDetailChunks,
  type OfflineShards,
  type OfflineTexts,
} from '../../lib/offline-search';
import type { SearchState } from '../../lib/search-state';
import type { Hit, SearchEngine } from './engine';
import { runScript, windowGlobal } from '../classic-script';

/**
 * The offline edition's search. Under file://, browsers block Pagefind's module, fetch, worker and
 * WASM, but still run classic scripts: the index arrives as `search-data.js`, which assigns a
 * global, and the shards of its terms that a query needs as one small script each; the papers'
 * text, needed for "quoted phrases" and richer excerpts, follows in `search-text.js` once the
 * results of a first search are shown (a phrase waits for it). Loaded with them, its 26 MB at
 * 10,000 papers held up their details and the search itself.
 */
export async function createOfflineEngine(base: string): Promise<SearchEngine> {
  const data = await loadScript<OfflineData>(`${base}${OFFLINE_FILES.data.file}`, OFFLINE_FILES.data.global);
  const search = loadOfflineSearch(data);
  let texts: Promise<void> | undefined;
  const loadTexts = () =>
    (texts ??= loadScript<OfflineTexts>(`${base}${OFFLINE_FILES.texts.file}`, OFFLINE_FILES.texts.global).then((t) => search.addTexts(t)));
  // The index's shards and the results' details are small scripts, each adding itself to one global;
  // each is loaded once, however many searches want it, and tried again if it failed.
  const parts = new Map<string, Promise<void>>();
  const loadParts = <T>(files: { dir: string; global: string }, keys: string[], file: (key: string) => string, add: (key: string, value: T) => void) =>
    Promise.all(
      keys.map((key) => {
        const id = `${files.dir}/${key}`;
        let loading = parts.get(id);
        if (!loading) {
          loading = loadScript<Record<string, T>>(`${base}${file(key)}`, files.global, (all) => all[key] !== undefined).then((all) => add(key, all[key]!));
          loading.catch(() => parts.delete(id));
          parts.set(id, loading);
        }
        return loading;
      }),
    );
  const loadShards = (query: string) =>
    loadParts<OfflineShards[string]>(OFFLINE_FILES.shards, search.missingShards(query), shardFile, (key, terms) => search.addShards({ [key]: terms }));
  const loadDetails = (docs: FoundDoc[]) =>
    loadParts<OfflineDetailChunks[string]>(OFFLINE_FILES.details, search.missingDetails(docs), detailsFile, (key, rows) =>
      search.addDetails({ [key]: rows }),
    );
  // The texts load once no result's details are on their way, so as not to hold them up, and only
  // for a search whose results are shown: one typed over (its signal aborted) shows nothing, and the
  // texts would hold up the search that replaced it.
  let detailsLoading = 0;
  const loadTextsLater = (signal: AbortSignal | undefined) => {
    if (detailsLoading > 0 || signal?.aborted) return;
    setTimeout(() => void (signal?.aborted || loadTexts().catch(() => undefined)), 0);
  };
  const link = (path: string) => `${base}${path}index.html`;
  const toHit = (doc: FoundDoc, state: SearchState): Hit => {
    const { title, authors, venue, tldr, topicTitles } = search.detailsOf(doc);
    return {
      url: link(doc.path),
      title,
      authors,
      year: String(doc.year),
      venue,
      topics: topicTitles,
      excerpt: makeExcerpt(state.q ? `${tldr} ${search.textOf(doc)}` : tldr, state.q),
    };
  };
  return {
    async search(state, signal) {
      // A phrase is checked against the text, so it waits for it; other searches never do.
      if (parseQuery(state.q).phrase) await loadTexts();
      await loadShards(state.q);
      // Matching is the costly step, and runs at once: a search typed over is not worth it.
      signal?.throwIfAborted();
      const found = search.search(state);
      const { docs } = found;
      return {
        total: docs.length,
        get facets() {
          return found.facets;
        },
        load: async (start, count) => {
          const shown = docs.slice(start, start + count);
          detailsLoading++;
          try {
            await loadDetails(shown);
          } finally {
            detailsLoading--;
            if (state.q) loadTextsLater(signal);
          }
          return shown.map((d) => toHit(d, state));
        },
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
async function loadScript<T>(src: string, global: string, done: (value: T) => boolean = () => true): Promise<T> {
  const existing = windowGlobal<T>(global);
  if (existing && done(existing)) return existing;
  await runScript(src);
  const value = windowGlobal<T>(global);
  if (value && done(value)) return value;
  throw new Error(`${src} did not define ${global}.`);
}
