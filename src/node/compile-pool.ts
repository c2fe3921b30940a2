import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { compilePaper, compileTopic, type CompiledPaper, type CompiledTopic } from '../lib/compile';
import { tsWorker } from './workers';

/** One file to compile. */
export interface CompileJob {
  kind: 'paper' | 'topic';
  file: string;
  source: string;
}

/** Below this many files, starting workers (about half a second each) costs more than it saves. */
const MIN_JOBS_FOR_WORKERS = 300;
const BATCH = 100;

/**
 * Compiles files on every core: one worker thread per core when there are many files, the current
 * thread otherwise. Results come back in the order of `jobs`. `SURVEY_WORKERS=0` turns workers off.
 */
export async function compileJobs(
  jobs: readonly CompileJob[],
  base: string,
  minJobsForWorkers = MIN_JOBS_FOR_WORKERS,
): Promise<(CompiledPaper | CompiledTopic)[]> {
  const setting = process.env['SURVEY_WORKERS'];
  const threads = setting === undefined ? Math.min(availableParallelism(), 8) : Number(setting);
  if (threads < 2 || jobs.length < minJobsForWorkers) {
    const out = [];
    for (const job of jobs) out.push(await (job.kind === 'paper' ? compilePaper : compileTopic)(job.file, job.source, { base }));
    return out;
  }
  const results = new Array<CompiledPaper | CompiledTopic>(jobs.length);
  let next = 0;
  const workers = Array.from({ length: threads }, () => startWorker());
  try {
    await Promise.all(
      workers.map(async (worker) => {
        while (next < jobs.length) {
          const start = next;
          next += BATCH;
          const batch = jobs.slice(start, start + BATCH);
          const compiled = await run(worker, batch, base);
          compiled.forEach((result, i) => (results[start + i] = result));
        }
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

function startWorker(): Worker {
  return tsWorker(new URL('./compile-worker.ts', import.meta.url));
}

function run(worker: Worker, jobs: CompileJob[], base: string): Promise<(CompiledPaper | CompiledTopic)[]> {
  return new Promise((resolve, reject) => {
    const onMessage = (results: (CompiledPaper | CompiledTopic)[]) => {
      worker.off('error', onError);
      resolve(results);
    };
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
    worker.postMessage({ jobs, base });
  });
}
