import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { walk } from './files';

/**
 * Brings a folder a build writes every time up to date instead of deleting and rewriting it: a file
 * that holds what it should is left alone, a changed one is replaced, and `finish` removes what the
 * previous build left and this one did not write. With tens of thousands of files, deleting them
 * all first took ten seconds, and replacing a file frees its blocks, which costs more than reading it.
 * Files are handled with synchronous calls: for small files, much cheaper than a trip through the
 * thread pool each.
 */
export class FolderUpdate {
  private readonly previous: string[];
  private readonly kept = new Set<string>();

  constructor(readonly dir: string) {
    this.previous = existsSync(dir) ? walk(dir) : [];
  }

  /** Creates the folders `files` go in; if a file of the previous build is in the way, starts from empty. */
  makeFolders(files: Iterable<string>): void {
    const dirs = new Set([...files].map((file) => dirname(join(this.dir, file))));
    try {
      for (const dir of dirs) mkdirSync(dir, { recursive: true });
    } catch {
      rmSync(this.dir, { recursive: true, force: true });
      this.previous.length = 0;
      for (const dir of dirs) mkdirSync(dir, { recursive: true });
    }
  }

  /**
   * Writes `content` to `file` unless it holds it already. A changed file is written as a new one:
   * the previous one may be a hard link to a file elsewhere, which writing into would change too.
   */
  write(file: string, content: string | Uint8Array): void {
    this.kept.add(file);
    const path = join(this.dir, file);
    const existing = readIfExists(path);
    if (existing && existing.equals(typeof content === 'string' ? Buffer.from(content) : content)) return;
    removeFile(path);
    writeFileSync(path, content);
  }

  /** Makes `file` hold what `source` holds: a hard link where the file system allows, or a copy. */
  link(file: string, source: string): void {
    this.kept.add(file);
    const path = join(this.dir, file);
    const existing = readIfExists(path);
    if (existing && existing.equals(readFileSync(source))) return;
    removeFile(path);
    try {
      linkSync(source, path);
    } catch {
      copyFileSync(source, path);
    }
  }

  /** Removes `file` so that something else (a bundler) writes it anew, and keeps it. */
  clear(file: string): void {
    this.kept.add(file);
    removeFile(join(this.dir, file));
  }

  /** Removes what the previous build left and this one did not write, and folders left empty. */
  finish(): void {
    const stale = this.previous.filter((file) => !this.kept.has(file));
    for (const file of stale) removeFile(join(this.dir, file));
    for (const dir of new Set(stale.map((file) => dirname(join(this.dir, file))))) {
      for (let current = dir; current.startsWith(this.dir) && current !== this.dir; current = dirname(current)) {
        try {
          rmdirSync(current);
        } catch {
          break; // Not empty, or gone already.
        }
      }
    }
  }
}

function readIfExists(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Deletes a file if it exists (`rmSync` costs several times more per file). */
function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
