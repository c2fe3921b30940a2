import { Worker } from 'node:worker_threads';
import {
  assignmentScript,
  buildOfflineData,
  detailsFile,
  OFFLINE_FILES,
  partScript,
  shardFile,
  type OfflineDoc,
  type OfflineTopic,
} from '../lib/offline-search';

/** The offline edition's search scripts, ready to write: the data, the texts, and many small parts. */
export interface OfflineScripts {
  data: string;
  texts: string;
  /** One script per shard of the papers' index and per chunk of details; `file` is relative to the edition's root. */
  parts: { file: string; script: string }[];
}

/** Below this many papers, a worker's start-up (about half a second) costs more than it saves. */
const MIN_DOCS_FOR_WORKER = 300;

/** Builds the MiniSearch index and texts of the offline edition as the scripts that load them. */
export function offlineScripts(docs: OfflineDoc[], topics: OfflineTopic[]): OfflineScripts {
  const { data, texts, shards, details } = buildOfflineData(docs, topics);
  return {
    data: assignmentScript(OFFLINE_FILES.data.global, data),
    texts: assignmentScript(OFFLINE_FILES.texts.global, texts),
    parts: [
      ...data.shards.map((key) => ({ file: shardFile(key), script: partScript(OFFLINE_FILES.shards.global, key, shards[key]) })),
      ...Object.entries(details).map(([chunk, rows]) => ({ file: detailsFile(chunk), script: partScript(OFFLINE_FILES.details.global, chunk, rows) })),
    ],
  };
}

/**
 * `offlineScripts` on a worker thread when the survey is large, so that indexing (seconds of CPU
 * at ten thousand papers) overlaps with copying and zipping the pages. `SURVEY_WORKERS=0` keeps
 * it on this thread.
 */
export function offlineScriptsInBackground(docs: OfflineDoc[], topics: OfflineTopic[]): Promise<OfflineScripts> {
  if (process.env['SURVEY_WORKERS'] === '0' || docs.length < MIN_DOCS_FOR_WORKER) {
    return Promise.resolve().then(() => offlineScripts(docs, topics));
  }
  // The worker is TypeScript like the rest of the build; tsx loads it in the thread.
  const worker = new Worker(new URL('./offline-index-worker.ts', import.meta.url), {
    execArgv: ['--import', 'tsx'],
    workerData: { docs, topics },
  });
  return new Promise<OfflineScripts>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The offline search index worker stopped (exit code ${code}).`)));
  }).finally(() => worker.terminate());
}
