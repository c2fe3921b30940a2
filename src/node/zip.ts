import { createHash } from 'node:crypto';
import { closeSync, createWriteStream, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { crc32, deflateRaw } from 'node:zlib';
import { Zip, type AsyncFlateStreamHandler, type ZipInputFile } from 'fflate';
import { ZipFile } from 'yazl';
import { walk } from './files';

/** Every entry carries this time, so two builds of one commit give the same zip. */
const MTIME = new Date('2000-01-01T00:00:00Z');
/**
 * zlib's level. Level 4 deflates the 10,000-paper edition's 530 MB in about 60 % of level 6's CPU
 * time for a zip about 3 % larger (a sample of its files: 0.81 s and 14.4 MB against 1.40 s and
 * 13.9 MB); at 2 cores the build is bound by CPU, so the time is worth more than the bytes.
 */
const LEVEL = 4;
/** Files compressed at once: zlib's thread pool works on them while the zip is written. */
const BATCH = 64;
/** The classic zip format's limits; past them only ZIP64 will do. */
export const ZIP32_LIMITS = { entries: 0xffff, bytes: 0xffff_ffff };

const deflate = promisify(deflateRaw);

/** A file already deflated by Node's zlib, handed to fflate's zip writer as it is. */
class DeflatedFile implements ZipInputFile {
  readonly compression = 8;
  readonly mtime = MTIME;
  ondata?: AsyncFlateStreamHandler;
  constructor(
    readonly filename: string,
    readonly size: number,
    readonly crc: number,
  ) {}
}

export interface ZipOptions {
  limits?: typeof ZIP32_LIMITS;
  /** Where to keep the deflated files for the next zip (see DeflateCache); none by default. */
  cacheDir?: string | undefined;
}

/**
 * Zips the folder `dir` into `zipPath`, its files under `folder/`, in sorted order with a fixed
 * time. Files are read and deflated by Node's zlib a batch at a time (on its thread pool) and
 * written by fflate, which keeps the cost per file small; tens of thousands of files zip in
 * seconds. fflate writes no ZIP64, so a folder past the classic limits goes to yazl, which does.
 */
export async function zipFolder(dir: string, zipPath: string, folder: string, options: ZipOptions = {}): Promise<void> {
  const { limits = ZIP32_LIMITS, cacheDir } = options;
  mkdirSync(dirname(zipPath), { recursive: true });
  const files = walk(dir).sort();
  const bytes = files.reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
  if (files.length > limits.entries || bytes > limits.bytes) return zip64Folder(dir, files, zipPath, folder);

  const out = createWriteStream(zipPath);
  let failure: Error | undefined;
  const zip = new Zip((error, chunk, final) => {
    if (error) failure = error;
    else out.write(chunk);
    if (final || error) out.end();
  });
  const cache = cacheDir ? new DeflateCache(cacheDir) : undefined;
  for (let start = 0; start < files.length && !failure; start += BATCH) {
    const batch = await Promise.all(files.slice(start, start + BATCH).map((file) => deflateFile(dir, file, cache)));
    for (const { file, size, crc, deflated } of batch) {
      const entry = new DeflatedFile(`${folder}/${file}`, size, crc);
      zip.add(entry);
      entry.ondata!(null, deflated, true);
    }
    if (out.writableNeedDrain) await once(out, 'drain');
  }
  if (!failure) zip.end();
  await finished(out);
  if (failure) {
    cache?.abandon();
    throw new Error(`Could not write ${zipPath}: ${failure.message}`);
  }
  cache?.save();
}

/** A file of the folder, deflated: from the cache when it has it, else by zlib on its thread pool. */
async function deflateFile(dir: string, file: string, cache: DeflateCache | undefined): Promise<Deflated & { file: string }> {
  const path = join(dir, file);
  if (!cache) {
    const raw = await readFile(path);
    return { file, size: raw.length, crc: crc32(raw), deflated: await deflate(raw, { level: LEVEL }) };
  }
  // A file that has not been written since the previous zip is not even read.
  const stat = statSync(path);
  const id = `${file}\0${stat.ino}\0${stat.size}\0${stat.mtimeMs}`;
  const known = cache.byFile(id);
  if (known) return { file, ...known };
  const raw = await readFile(path);
  const hash = createHash('sha1').update(raw).digest('base64');
  const found = cache.byContent(hash) ?? { size: raw.length, crc: crc32(raw), deflated: await deflate(raw, { level: LEVEL }) };
  cache.keep(id, hash, found);
  return { file, ...found };
}

/** A file's size, CRC-32 and deflated bytes: what a zip entry needs. */
export interface Deflated {
  size: number;
  crc: number;
  deflated: Buffer<ArrayBuffer>;
}

type Packed = [offset: number, length: number, size: number, crc: number];
/** Bump when the pack's index changes shape or its files another level, so an older one is ignored. */
const PACK_VERSION = 3;

/**
 * The deflated files of the previous zip in one pack file, with an index by content hash and by
 * file (path, inode, size and time: a file not written since is the same). A rebuild that changed a
 * few pages reads and deflates those and copies the rest (deflating is the zip's main cost).
 * Each zip leaves a new pack holding only its own files, so the cache does not grow.
 */
export class DeflateCache {
  private readonly index: string;
  private readonly pack: string;
  private readonly previous: { content: Record<string, Packed>; files: Record<string, string> };
  private readonly previousFd: number | undefined;
  private readonly next: typeof this.previous = { content: {}, files: {} };
  private readonly nextFd: number;
  private written = 0;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.index = join(dir, 'zip-deflated.json');
    this.pack = join(dir, 'zip-deflated.bin');
    let previous: typeof this.previous = { content: {}, files: {} };
    let fd: number | undefined;
    try {
      const stored = existsSync(this.index) && existsSync(this.pack) ? (JSON.parse(readFileSync(this.index, 'utf8')) as { version?: number } & typeof previous) : undefined;
      if (stored?.version === PACK_VERSION) {
        previous = stored;
        fd = openSync(this.pack, 'r');
      }
    } catch {
      previous = { content: {}, files: {} };
    }
    this.previous = previous;
    this.previousFd = fd;
    this.nextFd = openSync(`${this.pack}.next`, 'w');
  }

  /** A file the previous zip had and nothing has written since (`id`: path, inode, size, time). */
  byFile(id: string): Deflated | undefined {
    const hash = this.previous.files[id];
    const found = hash === undefined ? undefined : this.byContent(hash);
    if (found) this.keep(id, hash!, found);
    return found;
  }

  /** A file with this content hash, if the previous zip had one. */
  byContent(hash: string): Deflated | undefined {
    const at = this.previous.content[hash];
    if (!at || this.previousFd === undefined) return undefined;
    const [offset, length, size, crc] = at;
    const deflated = Buffer.allocUnsafe(length);
    return readSync(this.previousFd, deflated, 0, length, offset) === length ? { size, crc, deflated } : undefined;
  }

  /** Keeps a file for the next zip. */
  keep(id: string, hash: string, { size, crc, deflated }: Deflated): void {
    this.next.files[id] = hash;
    if (this.next.content[hash]) return;
    writeSync(this.nextFd, deflated);
    this.next.content[hash] = [this.written, deflated.length, size, crc];
    this.written += deflated.length;
  }

  /** Replaces the previous pack with this zip's. */
  save(): void {
    this.close();
    renameSync(`${this.pack}.next`, this.pack);
    writeFileSync(this.index, JSON.stringify({ version: PACK_VERSION, ...this.next }));
  }

  /** Leaves the previous pack as it was. */
  abandon(): void {
    this.close();
  }

  private close(): void {
    if (this.previousFd !== undefined) closeSync(this.previousFd);
    closeSync(this.nextFd);
  }
}

/** The ZIP64 route: slower per file, without the classic format's limits. */
function zip64Folder(dir: string, files: readonly string[], zipPath: string, folder: string): Promise<void> {
  const zip = new ZipFile();
  for (const file of files) zip.addFile(join(dir, file), `${folder}/${file}`, { mtime: MTIME, mode: 0o644 });
  zip.end();
  return pipeline(zip.outputStream, createWriteStream(zipPath));
}
