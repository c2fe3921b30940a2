import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on one of the build's TypeScript modules. The thread's entry registers tsx
 * and then imports the module (`ts-worker.mjs`): started on the `.ts` file with `--import tsx` in
 * its `execArgv`, a thread fails on Node 22 ("Unknown file extension .ts", tsx issue 354), though it
 * works on Node 24. The thread takes none of this thread's Node options.
 */
export function tsWorker(module: URL, options: Omit<WorkerOptions, 'argv' | 'execArgv'> = {}): Worker {
  return new Worker(new URL('./ts-worker.mjs', import.meta.url), { ...options, execArgv: [], argv: [module.href] });
}
