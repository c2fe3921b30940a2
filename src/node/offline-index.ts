import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  assignmentScript,
  buildOfflineData,
  detailsFile,
  OFFLINE_FILES,
  partScript,
  shardFile,
  textsFile,
  type OfflineDoc,
  type OfflineTopic,
} from '../lib/offline-search';
import { tsWorker } from './workers';

/** The offline edition's search scripts, ready to write: the data, and many small parts. */
export interface OfflineScripts {
  data: string;
  /** One script per shard of the papers' index and per chunk of details and of texts; `file` is relative to the edition's root. */
  parts: { file: string; script: string }[];
}

/** Below this many papers, a worker's start-up (about half a second) costs more than it saves. */
const MIN_DOCS_FOR_WORKER = 300;

/** Builds the MiniSearch index and texts of the offline edition as the scripts that load them. */
function offlineScripts(docs: OfflineDoc[], topics: OfflineTopic[]): OfflineScripts {
  const { data, texts, shards, details } = buildOfflineData(docs, topics);
  return {
    data: assignmentScript(OFFLINE_FILES.data.global, data),
    parts: [
      ...data.shards.map((key) => ({ file: shardFile(key), script: partScript(OFFLINE_FILES.shards.global, key, shards[key]) })),
      ...Object.entries(details).map(([chunk, rows]) => ({ file: detailsFile(chunk), script: partScript(OFFLINE_FILES.details.global, chunk, rows) })),
      ...Object.entries(texts).map(([chunk, rows]) => ({ file: textsFile(chunk), script: partScript(OFFLINE_FILES.texts.global, chunk, rows) })),
    ],
  };
}

/** Writes the search scripts into `dir` (a folder of their own) and lists them, relative to it. */
export function stageOfflineScripts(docs: OfflineDoc[], topics: OfflineTopic[], dir: string): string[] {
  const { data, parts } = offlineScripts(docs, topics);
  const files = [{ file: OFFLINE_FILES.data.file, script: data }, ...parts];
  for (const folder of new Set(files.map(({ file }) => dirname(join(dir, file))))) mkdirSync(folder, { recursive: true });
  for (const { file, script } of files) writeFileSync(join(dir, file), script);
  return files.map(({ file }) => file);
}

/** Search scripts written to a folder of their own, to be taken into the edition and then removed. */
export interface StagedScripts {
  dir: string;
  files: string[];
}

/**
 * `stageOfflineScripts` on a worker thread when the survey is large, so that indexing (seconds of
 * CPU at ten thousand papers) overlaps with Astro rendering the pages. The scripts stay on disk
 * rather than travel back: a copy of them in this thread's heap kept the build's memory high while
 * Pagefind ran. `SURVEY_WORKERS=0` keeps it on this thread.
 */
export function stageOfflineScriptsInBackground(docs: OfflineDoc[], topics: OfflineTopic[]): Promise<StagedScripts> {
  const dir = mkdtempSync(join(tmpdir(), 'survey-offline-search-'));
  // Taken in and removed by the offline edition; removed anyway if the build stops before it.
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  if (process.env['SURVEY_WORKERS'] === '0' || docs.length < MIN_DOCS_FOR_WORKER) {
    return Promise.resolve().then(() => ({ dir, files: stageOfflineScripts(docs, topics, dir) }));
  }
  return inWorker(docs, topics, dir, heapLimitMb(docs.length)).catch((error: unknown) => {
    // A survey whose index needs more than the limit allows is indexed again without it.
    if ((error as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw error;
    return inWorker(docs, topics, dir, undefined);
  });
}

/**
 * A limit on the worker's heap, a little above what indexing needs (about 300 MB at 10,000 papers):
 * without one, V8 lets the heap grow far past that while the build's other thread needs memory too.
 */
function heapLimitMb(docs: number): number {
  return Math.round(192 + (docs * 24) / 1024);
}

function inWorker(docs: OfflineDoc[], topics: OfflineTopic[], dir: string, limitMb: number | undefined): Promise<StagedScripts> {
  const worker = tsWorker(new URL('./offline-index-worker.ts', import.meta.url), {
    workerData: { docs, topics, dir },
    ...(limitMb && { resourceLimits: { maxOldGenerationSizeMb: limitMb } }),
  });
  return new Promise<StagedScripts>((resolve, reject) => {
    worker.once('message', (files: string[]) => resolve({ dir, files }));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The offline search index worker stopped (exit code ${code}).`)));
  }).finally(() => worker.terminate());
}
