import { paperIdFromUrl } from '../../lib/exports';
import {
  loadOfflineSearch,
  makeExcerpt,
  OFFLINE_FILES,
  parseQuery,
  detailsFile,
  shardFile,
  textsFile,
  type FoundDoc,
  type OfflineData,
  type OfflineDetailChunks,
  type OfflineShards,
  type OfflineTextChunks,
} from '../../lib/offline-search';
import type { SearchState } from '../../lib/search-state';
import type { Hit, SearchEngine } from './engine';
import { runScript, windowGlobal } from '../classic-script';

/**
 * The offline edition's search. Under file://, browsers block Pagefind's module, fetch, worker and
 * WASM, but still run classic scripts: the index arrives as `search-data.js`, which assigns a
 * global, and the shards of its terms that a query needs as one small script each; the details of
 * the results shown, 25 papers a script, come with them, and their texts (100 a script) after
 * them; a "quoted phrase" first loads the texts of the papers its words find.
 */
export async function createOfflineEngine(base: string): Promise<SearchEngine> {
  const data = await loadScript<OfflineData>(`${base}${OFFLINE_FILES.data.file}`, OFFLINE_FILES.data.global);
  const search = loadOfflineSearch(data);
  // The index's shards and the results' details and texts are small scripts, each adding itself to
  // one global; each is loaded once, however many searches want it, and tried again if it failed.
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
  const loadTexts = (docs: FoundDoc[]) =>
    loadParts<OfflineTextChunks[string]>(OFFLINE_FILES.texts, search.missingTexts(docs), textsFile, (key, rows) => search.addTexts({ [key]: rows }));
  // The texts of the results shown follow them, for the excerpts of the next searches that show
  // them, once no result's details are on their way and the page is idle (drawn): waited for, they
  // added 70 to 80 ms to a first search at 10,000 papers, and loaded as soon as the details were in,
  // 20 to 40 ms. Browsing shows summaries only.
  let detailsLoading = 0;
  let textsWanted: FoundDoc[] = [];
  const loadTextsLater = (shown: FoundDoc[]) => {
    textsWanted.push(...shown);
    if (detailsLoading > 0) return;
    const wanted = textsWanted;
    textsWanted = [];
    whenIdle(() => void loadTexts(wanted).catch(() => undefined));
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
      await loadShards(state.q);
      // A phrase is looked for in the texts of the papers its words find.
      if (parseQuery(state.q).phrase) {
        signal?.throwIfAborted();
        await loadTexts(search.phraseCandidates(state.q));
      }
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
            if (state.q) loadTextsLater(shown);
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

/** Runs `task` when the browser is idle; where it cannot tell (Safari), a little later. */
function whenIdle(task: () => void): void {
  if ('requestIdleCallback' in window) requestIdleCallback(task, { timeout: 1000 });
  else setTimeout(task, 50);
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
