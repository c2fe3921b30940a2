import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import {
  DETAILS_CHUNK,
  TEXTS_CHUNK,
  detailsFile,
  loadOfflineSearch,
  OFFLINE_FILES,
  shardFile,
  textsFile,
  type OfflineData,
  type OfflineDetailChunks,
  type OfflineSearch,
  type OfflineShards,
  type OfflineTextChunks,
} from '../../src/lib/offline-search';

/**
 * The offline edition's search, as a reader's browser would set it up from the classic scripts in
 * `dir`, with every shard of the index and chunk of details and texts loaded (a reader's searches
 * load them one by one).
 */
export function loadOfflineEngine(dir: string): OfflineSearch {
  const window: Record<string, unknown> = {};
  const run = (file: string) => runInNewContext(readFileSync(join(dir, file), 'utf8'), { window, JSON });
  run(OFFLINE_FILES.data.file);
  const data = window[OFFLINE_FILES.data.global] as OfflineData;
  for (const key of data.shards) run(shardFile(key));
  for (let chunk = 0; chunk * DETAILS_CHUNK < data.docs.length; chunk++) run(detailsFile(String(chunk)));
  for (let chunk = 0; chunk * TEXTS_CHUNK < data.docs.length; chunk++) run(textsFile(String(chunk)));
  const offline = loadOfflineSearch(data, window[OFFLINE_FILES.shards.global] as OfflineShards, window[OFFLINE_FILES.details.global] as OfflineDetailChunks);
  offline.addTexts(window[OFFLINE_FILES.texts.global] as OfflineTextChunks);
  return offline;
}
