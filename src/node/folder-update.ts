import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
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
    writeIfChanged(join(this.dir, file), content);
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

  /** Keeps `file` as it is. */
  keep(file: string): void {
    this.kept.add(file);
  }

  /** The files the folder holds once `finish` has run (those written, linked or kept), sorted. */
  files(): string[] {
    return [...this.kept].sort();
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

/**
 * Writes `content` to `path` unless the file holds it already; returns whether it wrote. A changed
 * file is written as a new one: the old one may be a hard link, which writing into would change too.
 */
export function writeIfChanged(path: string, content: string | Uint8Array): boolean {
  const existing = readIfExists(path);
  if (existing && existing.equals(typeof content === 'string' ? Buffer.from(content) : content)) return false;
  removeFile(path);
  writeFileSync(path, content);
  return true;
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

type Derivations = Record<string, [source: string, made: string]>;

/**
 * Which files of a folder were made from which sources, by file identity (inode, size, time), kept
 * between builds with a `version` that covers how they were made. A file whose source and own copy
 * are both untouched since need not be made again: at 10,000 papers, most pages of a rebuild.
 */
export class DerivedFiles {
  private readonly previous: Derivations;
  private readonly next: Derivations = {};

  constructor(
    private readonly path: string | undefined,
    private readonly version: string,
  ) {
    let previous: { version?: string; files?: Derivations } = {};
    try {
      if (path && existsSync(path)) previous = JSON.parse(readFileSync(path, 'utf8')) as typeof previous;
    } catch {
      previous = {};
    }
    this.previous = previous.version === version ? (previous.files ?? {}) : {};
  }

  /** Whether `made` still holds what was made from `source`, and neither has changed since. */
  unchanged(file: string, source: string, made: string): boolean {
    return this.unchangedFrom(file, identity(source), made);
  }

  /** Records that `made` was just made (or found up to date) from `source`. */
  record(file: string, source: string, made: string): void {
    this.recordFrom(file, identity(source), made);
  }

  /** Like `unchanged`, for a file made from data: `input` is a digest of that data. */
  unchangedFrom(file: string, input: string, made: string): boolean {
    const known = this.previous[file];
    if (!known || known[0] !== input || known[1] !== identity(made)) return false;
    this.next[file] = known;
    return true;
  }

  /** Like `record`, for a file made from data. */
  recordFrom(file: string, input: string, made: string): void {
    this.next[file] = [input, identity(made)];
  }

  save(): void {
    if (!this.path) return;
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(this.path, JSON.stringify({ version: this.version, files: this.next }));
  }
}

/** A file's inode, size and modification time, or '' when it does not exist. */
function identity(path: string): string {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? `${stat.ino}:${stat.size}:${stat.mtimeMs}` : '';
}
