import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  loadOfflineSearch,
  OFFLINE_FILES,
  type OfflineData,
  type OfflineDetailChunks,
  type OfflineDoc,
  type OfflineShards,
  type OfflineTexts,
} from '../../src/lib/offline-search';
import { emptyState } from '../../src/lib/search-state';
import { offlineScripts, offlineScriptsInBackground } from '../../src/node/offline-index';

// Enough papers that the index is built on a worker thread.
const docs: OfflineDoc[] = Array.from({ length: 400 }, (_, id) => ({
  id,
  path: `papers/p${id}/`,
  title: id % 2 ? `Speculative decoding, part ${id}` : `Next-scale prediction, part ${id}`,
  authors: 'Ada Lovelace',
  year: 2020 + (id % 5),
  venue: 'Preprint',
  venueName: 'Preprint',
  topics: [id % 2 ? 'decoding' : 'visual'],
  topicTitles: '',
  tags: [],
  tldr: '',
  text: `Paper ${id} drafts tokens and verifies them.`,
}));
const topics = [{ id: 0, path: 'topics/decoding/', title: 'Decoding', text: 'Faster decoding.' }];

describe('the offline edition search scripts', () => {
  it('are the same whether built on a worker thread or on this one, and load into a working search', async () => {
    const scripts = await offlineScriptsInBackground(docs, topics);
    expect(scripts).toEqual(offlineScripts(docs, topics));
    const window: Record<string, unknown> = {};
    runInNewContext(scripts.data, { window, JSON });
    runInNewContext(scripts.texts, { window, JSON });
    for (const { script } of scripts.parts) runInNewContext(script, { window, JSON });
    const files = scripts.parts.map((s) => s.file);
    expect(files).toContain('search-index/73-70.js'); // "sp", as in "speculative"
    expect(files).toEqual(expect.arrayContaining(['search-docs/0.js', 'search-docs/15.js'])); // 400 papers, 25 a chunk
    const search = loadOfflineSearch(
      window[OFFLINE_FILES.data.global] as OfflineData,
      window[OFFLINE_FILES.shards.global] as OfflineShards,
      window[OFFLINE_FILES.details.global] as OfflineDetailChunks,
    );
    search.addTexts(window[OFFLINE_FILES.texts.global] as OfflineTexts);
    expect(search.detailsOf(search.search({ ...emptyState(), q: 'part 399' }).docs[0]!).authors).toBe('Ada Lovelace');
    expect(search.search({ ...emptyState(), q: 'speculative' }).docs).toHaveLength(200);
  });
});
