import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { loadOfflineSearch, OFFLINE_FILES, type OfflineData, type OfflineDoc, type OfflineShards } from '../../src/lib/offline-search';
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
    for (const { script } of scripts.shards) runInNewContext(script, { window, JSON });
    const data = window[OFFLINE_FILES.data.global] as OfflineData;
    expect(scripts.shards.map((s) => s.file)).toContain('search-index/73-70.js'); // "sp", as in "speculative"
    const search = loadOfflineSearch(data, window[OFFLINE_FILES.shards.global] as OfflineShards);
    search.addTexts(window[OFFLINE_FILES.texts.global] as string[]);
    expect(search.search({ ...emptyState(), q: 'speculative' }).docs).toHaveLength(200);
  });
});
