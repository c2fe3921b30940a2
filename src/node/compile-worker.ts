// A worker thread of the compile pool: compiles the files it is sent and posts the results back.
import { parentPort } from 'node:worker_threads';
import { compilePaper, compileTopic } from '../lib/compile';
import type { CompileJob } from './compile-pool';

parentPort!.on('message', async ({ jobs, base }: { jobs: CompileJob[]; base: string }) => {
  const results = [];
  for (const job of jobs) {
    const compile = job.kind === 'paper' ? compilePaper : compileTopic;
    results.push(await compile(job.file, job.source, { base }));
  }
  parentPort!.postMessage(results);
});
