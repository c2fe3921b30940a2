import { readdirSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Runs `task` on every item, at most `limit` at a time. */
export async function inParallel<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await task(items[next++]!);
    }),
  );
}

/** Every file under `dir`, as paths relative to it with forward slashes. */
export function walk(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? walk(dir, path) : [path];
  });
}


/**
 * Deletes what an earlier build left in `dir` and this one did not write: files last written before
 * `since` that are not in `kept` (the pages Astro reused from its incremental cache, which keep
 * their time), then the folders this empties. `.git` is left alone. Returns how many files went.
 */
export function removeStale(dir: string, since: number, kept: ReadonlySet<string>): number {
  const stale = walk(dir).filter((file) => !file.startsWith('.git/') && !kept.has(file) && statSync(join(dir, file)).mtimeMs < since);
  for (const file of stale) unlinkSync(join(dir, file));
  for (const folder of new Set(stale.map((file) => dirname(join(dir, file))))) {
    for (let current = folder; current.startsWith(dir) && current !== dir; current = dirname(current)) {
      try {
        rmdirSync(current);
      } catch {
        break; // Not empty.
      }
    }
  }
  return stale.length;
}
