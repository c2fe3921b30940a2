import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  loadOfflineSearch,
  OFFLINE_FILES,
  type OfflineData,
  type OfflineDetailChunks,
  type OfflineDoc,
  type OfflineShards,
  type OfflineTextChunks,
} from '../../src/lib/offline-search';
import { emptyState } from '../../src/lib/search-state';
import { stageOfflineScripts, stageOfflineScriptsInBackground } from '../../src/node/offline-index';

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
  tagLabels: [],
  tldr: '',
  text: `Paper ${id} drafts tokens and verifies them.`,
}));
const topics = [{ id: 0, path: 'topics/decoding/', title: 'Decoding', text: 'Faster decoding.' }];

describe('the offline edition search scripts', () => {
  it('are the same whether built on a worker thread or on this one, and load into a working search', async () => {
    const staged = await stageOfflineScriptsInBackground(docs, topics);
    const here = mkdtempSync(join(tmpdir(), 'survey-offline-test-'));
    expect(staged.files).toEqual(stageOfflineScripts(docs, topics, here));
    for (const file of staged.files) expect(readFileSync(join(staged.dir, file), 'utf8'), file).toBe(readFileSync(join(here, file), 'utf8'));
    const window: Record<string, unknown> = {};
    for (const file of staged.files) runInNewContext(readFileSync(join(staged.dir, file), 'utf8'), { window, JSON });
    expect(staged.files).toContain('search-index/73-70.js'); // "sp", as in "speculative"
    expect(staged.files).toEqual(expect.arrayContaining(['search-docs/0.js', 'search-docs/15.js'])); // 400 papers, 25 a chunk
    const search = loadOfflineSearch(
      window[OFFLINE_FILES.data.global] as OfflineData,
      window[OFFLINE_FILES.shards.global] as OfflineShards,
      window[OFFLINE_FILES.details.global] as OfflineDetailChunks,
    );
    search.addTexts(window[OFFLINE_FILES.texts.global] as OfflineTextChunks);
    expect(search.detailsOf(search.search({ ...emptyState(), q: 'part 399' }).docs[0]!).authors).toBe('Ada Lovelace');
    expect(search.search({ ...emptyState(), q: 'speculative' }).docs).toHaveLength(200);
    for (const dir of [staged.dir, here]) rmSync(dir, { recursive: true, force: true });
  });
});
