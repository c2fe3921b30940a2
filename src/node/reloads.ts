/**
 * Reloads of the survey in `astro dev`, one at a time. Saving a file is often several changes (an
 * editor's new file, then its contents); reloads run side by side could finish out of order and hand
 * Astro the survey as it was before the last change, which nothing would correct until the next
 * save, and would write the compile cache at the same time. So a change that arrives during a reload
 * waits for it, and the changes that waited share one more reading of the files (`forget` drops the
 * one read before). Each change's job runs, once, with the survey read after its last change.
 */
export function reloads(forget: () => void) {
  interface Queued {
    job: () => Promise<void>;
    waiting: { done: () => void; failed: (error: unknown) => void }[];
  }
  const queued = new Map<string, Queued>();
  let running = false;
  const drain = async () => {
    running = true;
    while (queued.size > 0) {
      const batch = [...queued.values()];
      queued.clear();
      forget();
      for (const { job, waiting } of batch) {
        try {
          await job();
          for (const { done } of waiting) done();
        } catch (error) {
          for (const { failed } of waiting) failed(error);
        }
      }
    }
    running = false;
  };
  /** Runs `job` after the reloads before it; a job queued again under the same `key` runs once. */
  return (key: string, job: () => Promise<void>): Promise<void> =>
    new Promise<void>((done, failed) => {
      const entry = queued.get(key) ?? { job, waiting: [] };
      entry.job = job;
      entry.waiting.push({ done, failed });
      queued.set(key, entry);
      if (!running) void drain();
    });
}
