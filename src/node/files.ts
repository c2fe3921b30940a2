import { readdirSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
 * their time), then the folders this empties. `.git` is left alone. Returns how many files went,
 * and the files that are left.
 */
export function removeStale(dir: string, since: number, kept: ReadonlySet<string>): { removed: number; left: string[] } {
  const left: string[] = [];
  const stale = walk(dir).filter((file) => {
    const goes = !file.startsWith('.git/') && !kept.has(file) && statSync(join(dir, file)).mtimeMs < since;
    if (!goes) left.push(file);
    return goes;
  });
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
  return { removed: stale.length, left };
}

/** Runs `task` on every item, `size` at a time, letting the event loop run between batches. */
export async function inBatches<T>(items: readonly T[], size: number, task: (item: T) => void): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    for (const item of items.slice(start, start + size)) task(item);
    await new Promise((next) => setImmediate(next));
  }
}
