import { createHash } from 'node:crypto';
import { closeSync, createWriteStream, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { crc32, deflateRaw } from 'node:zlib';
import { Zip, type AsyncFlateStreamHandler, type ZipInputFile } from 'fflate';
import { ZipFile } from 'yazl';
import { walk } from './files';

/**
 * Every entry carries this time, so two builds of one commit give the same zip. A zip entry's time
 * is a local date and time without a zone, which fflate and yazl take from the `Date` in the
 * machine's zone: midnight in that zone reads 2000-01-01 00:00 wherever the build runs.
 */
const entryTime = () => new Date(2000, 0, 1);
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
  readonly mtime = entryTime();
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
  /**
   * The folder's files, relative to it, when the caller knows them: listing the offline edition's
   * 41,000 files again took 0.2 to 0.8 s at 10,000 papers. By default the folder is walked.
   */
  files?: readonly string[] | undefined;
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
  const files = options.files ? [...options.files].sort() : walk(dir).sort();
  const stats = files.map((file) => statSync(join(dir, file)));
  const bytes = stats.reduce((sum, stat) => sum + stat.size, 0);
  if (files.length > limits.entries || bytes > limits.bytes) return zip64Folder(dir, files, zipPath, folder);

  const cache = cacheDir ? new DeflateCache(cacheDir) : undefined;
  const previous = cache && PreviousZip.open(cache.previousZip());
  const temporary = `${zipPath}.${process.pid}.tmp`;
  try {
    if (previous) await spliceZip({ dir, files, stats, folder, cache, previous }, temporary);
    else await streamZip({ dir, files, stats, folder, cache }, temporary);
    renameSync(temporary, zipPath);
  } catch (error) {
    cache?.abandon();
    throw new Error(`Could not write ${zipPath}: ${(error as Error).message}`, { cause: error });
  } finally {
    previous?.close();
    rmSync(temporary, { force: true });
  }
  const written = statSync(zipPath);
  cache?.save({ path: zipPath, size: written.size, mtimeMs: written.mtimeMs, ino: written.ino });
}

interface ZipJob {
  dir: string;
  files: readonly string[];
  stats: readonly Stats[];
  folder: string;
  cache: DeflateCache | undefined;
}

/** Every file deflated (or taken from the cache) and written by fflate, a batch at a time. */
async function streamZip({ dir, files, stats, folder, cache }: ZipJob, zipPath: string): Promise<void> {
  const out = createWriteStream(zipPath);
  let failure: Error | undefined;
  const zip = new Zip((error, chunk, final) => {
    if (error) failure = error;
    else out.write(chunk);
    if (final || error) out.end();
  });
  for (let start = 0; start < files.length && !failure; start += BATCH) {
    const batch = await Promise.all(files.slice(start, start + BATCH).map((file, i) => deflateFile(dir, file, stats[start + i]!, cache)));
    for (const { file, size, crc, deflated } of batch) {
      const entry = new DeflatedFile(`${folder}/${file}`, size, crc);
      zip.add(entry);
      entry.ondata!(null, deflated, true);
    }
    if (out.writableNeedDrain) await once(out, 'drain');
  }
  if (!failure) zip.end();
  await finished(out);
  if (failure) throw failure;
}

/**
 * The zip of a rebuild: an entry whose file has not changed since the previous zip (the cache knows
 * the file by its path, inode, size and time, and knows only the previous zip's files) is copied from
 * that zip as it is (its local header, data and descriptor do not depend on where they sit; only
 * the central directory's offsets do), consecutive ones in one copy; the others are deflated and
 * made by fflate one entry at a time. The bytes are those `streamZip` writes.
 */
async function spliceZip({ dir, files, stats, folder, cache, previous }: ZipJob & { cache: DeflateCache; previous: PreviousZip }, zipPath: string): Promise<void> {
  const out = new ZipWriter(zipPath, previous);
  try {
    for (let start = 0; start < files.length; start += BATCH) {
      const batch = files.slice(start, start + BATCH).map((file, i) => {
        const name = `${folder}/${file}`;
        const stat = stats[start + i]!;
        const id = fileId(file, stat);
        const hash = cache.hashOf(id);
        const old = hash === undefined ? undefined : previous.entry(name);
        if (old && cache.carry(id, hash!)) return { name, old };
        const made = deflateFile(dir, file, stat, cache);
        made.catch(() => {}); // Awaited below, unless an earlier entry failed.
        return { name, made };
      });
      for (const item of batch) {
        if (item.old) out.copy(item.old);
        else {
          const { size, crc, deflated } = await item.made!;
          out.add(item.name, size, crc, deflated);
        }
      }
    }
    out.end();
  } finally {
    out.close();
  }
}

/** What identifies a file as unchanged since the previous zip: its path, inode, size and time. */
const fileId = (file: string, stat: Stats) => `${file}\0${stat.ino}\0${stat.size}\0${stat.mtimeMs}`;

/** A file of the folder, deflated: from the cache when it has it, else by zlib on its thread pool. */
async function deflateFile(dir: string, file: string, stat: Stats, cache: DeflateCache | undefined): Promise<Deflated & { file: string }> {
  const path = join(dir, file);
  if (!cache) {
    const raw = await readFile(path);
    return { file, size: raw.length, crc: crc32(raw), deflated: await deflate(raw, { level: LEVEL }) };
  }
  // A file that has not been written since the previous zip is not even read.
  const id = fileId(file, stat);
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
interface PackIndex {
  version: number;
  /** The pack file these offsets are in, in the cache folder. */
  pack: string;
  content: Record<string, Packed>;
  files: Record<string, string>;
  /** The zip these files went into last. */
  zip?: ZipRecord | undefined;
}
/** A zip as it was written: where, and its size, time and inode, so that a zip changed since is not used. */
export interface ZipRecord {
  path: string;
  size: number;
  mtimeMs: number;
  ino: number;
}
/** Bump when the pack's index changes shape, its files another level or the zip's entries another time, so an older one is ignored. */
const PACK_VERSION = 6;
/** The two names a pack takes in turn: a compacted pack is written under the other one. */
const PACK_NAMES = ['zip-deflated-a.bin', 'zip-deflated-b.bin'] as const;
/** Bytes read from the pack at once: a zip asks for its files in the order the pack holds most of them. */
const WINDOW = 4 * 1024 * 1024;

/**
 * The deflated files of the previous zip in one pack file, with an index by content hash and by
 * file (path, inode, size and time: a file not written since is the same). A rebuild that changed a
 * few pages reads and deflates those, appends them to the pack, and copies the rest from it
 * (deflating is the zip's main cost), reading the pack a few megabytes at a time. The index keeps
 * only what the last zip used; once less than half of the pack is in use, the pack is written
 * again with only that, so the cache does not grow with every build.
 */
export class DeflateCache {
  private readonly dir: string;
  private readonly index: string;
  private readonly previous: { content: Record<string, Packed>; files: Record<string, string>; zip?: ZipRecord | undefined };
  private readonly next: typeof this.previous = { content: {}, files: {} };
  private readonly pack: string;
  private readonly fd: number;
  /** Where the next file goes: the end of the pack. */
  private end: number;
  private live = 0;
  private window: { offset: number; bytes: Buffer<ArrayBuffer> } | undefined;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.dir = dir;
    this.index = join(dir, 'zip-deflated.json');
    let stored: PackIndex | undefined;
    try {
      const read = existsSync(this.index) ? (JSON.parse(readFileSync(this.index, 'utf8')) as Partial<PackIndex>) : undefined;
      if (read?.version === PACK_VERSION && PACK_NAMES.includes(read.pack as never) && existsSync(join(dir, read.pack!))) stored = read as PackIndex;
    } catch {
      stored = undefined;
    }
    this.previous = stored ?? { content: {}, files: {} };
    this.pack = stored?.pack ?? PACK_NAMES[0];
    // The pack of an older version (one name, written again by every zip) and any other pack go.
    for (const name of ['zip-deflated.bin', ...PACK_NAMES]) if (name !== this.pack) rmSync(join(dir, name), { force: true });
    // An unknown or damaged pack is started again; a known one is appended to.
    this.fd = openSync(join(dir, this.pack), stored ? 'r+' : 'w+');
    this.end = fstatSync(this.fd).size;
  }

  /** The zip the previous files went into, as it was written. */
  previousZip(): ZipRecord | undefined {
    return this.previous.zip;
  }

  /** The content hash of a file the previous zip had and nothing has written since. */
  hashOf(id: string): string | undefined {
    return this.previous.files[id];
  }

  /**
   * Keeps a file of the previous zip for the next one without reading its bytes, as `keep` does,
   * when the pack still has them (it always should); false when it has not.
   */
  carry(id: string, hash: string): boolean {
    const at = this.next.content[hash] ?? this.previous.content[hash];
    if (!at) return false;
    this.next.files[id] = hash;
    if (!this.next.content[hash]) {
      this.next.content[hash] = at;
      this.live += at[1];
    }
    return true;
  }

  /** A file the previous zip had and nothing has written since (`id`: path, inode, size, time). */
  byFile(id: string): Deflated | undefined {
    const hash = this.previous.files[id];
    const found = hash === undefined ? undefined : this.byContent(hash);
    if (found) this.keep(id, hash!, found);
    return found;
  }

  /** A file with this content hash, if the previous zip or this one had one. */
  byContent(hash: string): Deflated | undefined {
    const at = this.next.content[hash] ?? this.previous.content[hash];
    if (!at) return undefined;
    const [offset, length, size, crc] = at;
    const deflated = this.read(offset, length);
    return deflated && { size, crc, deflated };
  }

  /** Keeps a file for the next zip, adding its bytes to the pack unless they are there already. */
  keep(id: string, hash: string, { size, crc, deflated }: Deflated): void {
    this.next.files[id] = hash;
    if (this.next.content[hash]) return;
    let at = this.previous.content[hash];
    if (!at) {
      writeSync(this.fd, deflated, 0, deflated.length, this.end);
      at = [this.end, deflated.length, size, crc];
      this.end += deflated.length;
    }
    this.next.content[hash] = at;
    this.live += deflated.length;
  }

  /**
   * Saves the index of this zip's files, and where the zip is (`zip`); first writes the pack again
   * if most of it is no longer used.
   */
  save(zip?: ZipRecord): void {
    let pack = this.pack;
    let content = this.next.content;
    if (this.live * 2 < this.end) {
      pack = PACK_NAMES.find((name) => name !== this.pack)!;
      content = {};
      const fd = openSync(join(this.dir, pack), 'w');
      let written = 0;
      for (const [hash, [offset, length, size, crc]] of Object.entries(this.next.content)) {
        writeSync(fd, this.read(offset, length)!);
        content[hash] = [written, length, size, crc];
        written += length;
      }
      closeSync(fd);
    }
    closeSync(this.fd);
    // The index names its pack, so until it is replaced the previous pack and index still agree.
    const temporary = `${this.index}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ version: PACK_VERSION, pack, content, files: this.next.files, zip } satisfies PackIndex));
    renameSync(temporary, this.index);
    if (pack !== this.pack) unlinkSync(join(this.dir, this.pack));
  }

  /** Leaves the index as it was; what was appended to the pack is unused. */
  abandon(): void {
    closeSync(this.fd);
  }

  /**
   * `length` bytes of the pack from `offset`. The zip asks for most of its files in the order the
   * pack holds them, so those come through a window of a few megabytes read at once, the next window
   * starting about where the last one ended; a file out of that order (one appended to the pack by a
   * later build) is read alone, leaving the window where it is. Moved to each such file, the window
   * was read again for the file after it: thousands of times after a rebuild that changed many pages.
   */
  private read(offset: number, length: number): Buffer<ArrayBuffer> | undefined {
    if (offset + length > this.end) return undefined;
    const window = this.window;
    const windowEnd = window ? window.offset + window.bytes.length : 0;
    if (window && offset >= window.offset && offset + length <= windowEnd) {
      return window.bytes.subarray(offset - window.offset, offset - window.offset + length);
    }
    const next = !window || (offset >= windowEnd && offset < windowEnd + WINDOW);
    // A new buffer each time: the zip still holds parts of the last one until they are written.
    const bytes = Buffer.allocUnsafe(next ? Math.max(length, Math.min(WINDOW, this.end - offset)) : length);
    if (readSync(this.fd, bytes, 0, bytes.length, offset) !== bytes.length) return undefined;
    if (next) this.window = { offset, bytes };
    return bytes.subarray(0, length);
  }
}

/** Zip records' signatures and the size of the end of the central directory (no comment). */
const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const END_BYTES = 22;
/** Bytes copied from the previous zip at once. */
const COPY_BYTES = 8 * 1024 * 1024;

/** An entry of the previous zip: where its local record (header, data, descriptor) is, and its central directory record. */
interface OldEntry {
  offset: number;
  length: number;
  central: Buffer;
}

/** The previous zip, opened to copy its entries from; read from its central directory. */
class PreviousZip {
  private constructor(
    readonly fd: number,
    private readonly entries: Map<string, OldEntry>,
  ) {}

  /** The zip `record` describes, if it is still as it was written; else undefined (the zip is then made whole). */
  static open(record: ZipRecord | undefined): PreviousZip | undefined {
    if (!record) return undefined;
    let fd: number | undefined;
    try {
      const stat = statSync(record.path);
      if (stat.size !== record.size || stat.mtimeMs !== record.mtimeMs || stat.ino !== record.ino || stat.size < END_BYTES) return undefined;
      fd = openSync(record.path, 'r');
      const end = Buffer.alloc(END_BYTES);
      readSync(fd, end, 0, END_BYTES, stat.size - END_BYTES);
      if (end.readUInt32LE(0) !== END) throw new Error('no end of central directory');
      const count = end.readUInt16LE(10);
      const centralBytes = end.readUInt32LE(12);
      const centralOffset = end.readUInt32LE(16);
      const central = Buffer.allocUnsafe(centralBytes);
      if (readSync(fd, central, 0, centralBytes, centralOffset) !== centralBytes) throw new Error('short central directory');
      const list: (OldEntry & { name: string })[] = [];
      for (let at = 0, i = 0; i < count; i++) {
        if (central.readUInt32LE(at) !== CENTRAL) throw new Error('bad central directory record');
        const nameBytes = central.readUInt16LE(at + 28);
        const next = at + 46 + nameBytes + central.readUInt16LE(at + 30) + central.readUInt16LE(at + 32);
        list.push({ name: central.toString('utf8', at + 46, at + 46 + nameBytes), offset: central.readUInt32LE(at + 42), length: 0, central: central.subarray(at, next) });
        at = next;
      }
      // The local records lie end to end, then the central directory.
      const byOffset = [...list].sort((a, b) => a.offset - b.offset);
      byOffset.forEach((entry, i) => (entry.length = (byOffset[i + 1]?.offset ?? centralOffset) - entry.offset));
      return new PreviousZip(fd, new Map(list.map(({ name, ...entry }) => [name, entry])));
    } catch {
      if (fd !== undefined) closeSync(fd);
      return undefined;
    }
  }

  entry(name: string): OldEntry | undefined {
    return this.entries.get(name);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Writes a zip of entries copied from the previous zip or made by fflate, and then their central directory. */
class ZipWriter {
  private readonly fd: number;
  private position = 0;
  private readonly central: Buffer[] = [];
  /** Old entries that follow each other in the previous zip, copied together. */
  private run: { offset: number; length: number } | undefined;

  constructor(
    path: string,
    private readonly previous: PreviousZip,
  ) {
    this.fd = openSync(path, 'w');
  }

  /** An entry of the previous zip, as it is. */
  copy(old: OldEntry): void {
    this.central.push(withOffset(old.central, this.position + (this.run?.length ?? 0)));
    if (this.run && this.run.offset + this.run.length === old.offset) this.run.length += old.length;
    else {
      this.flush();
      this.run = { offset: old.offset, length: old.length };
    }
  }

  /** A new entry, made by fflate as `streamZip` makes it. */
  add(name: string, size: number, crc: number, deflated: Buffer<ArrayBuffer>): void {
    this.flush();
    const chunks: Uint8Array[] = [];
    const zip = new Zip((error, chunk) => {
      if (error) throw error;
      chunks.push(chunk);
    });
    const entry = new DeflatedFile(name, size, crc);
    zip.add(entry);
    entry.ondata!(null, deflated, true);
    zip.end();
    // fflate gives the local record's parts, then the central directory and its end at once.
    const last = chunks.pop()!;
    const tail = Buffer.from(last.buffer, last.byteOffset, last.byteLength);
    if (tail.readUInt32LE(0) !== CENTRAL || Buffer.from(chunks[0]!.buffer, chunks[0]!.byteOffset, 4).readUInt32LE(0) !== LOCAL) throw new Error(`fflate wrote ${name} unlike a zip entry`);
    this.central.push(withOffset(tail.subarray(0, tail.length - END_BYTES), this.position));
    for (const chunk of chunks) this.position += writeSync(this.fd, chunk, 0, chunk.length, this.position);
  }

  /** The central directory and its end, as fflate writes them. */
  end(): void {
    this.flush();
    const directory = Buffer.concat(this.central);
    const end = Buffer.alloc(END_BYTES);
    end.writeUInt32LE(END, 0);
    end.writeUInt16LE(this.central.length, 8);
    end.writeUInt16LE(this.central.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(this.position, 16);
    writeSync(this.fd, directory, 0, directory.length, this.position);
    writeSync(this.fd, end, 0, END_BYTES, this.position + directory.length);
  }

  close(): void {
    closeSync(this.fd);
  }

  private flush(): void {
    const run = this.run;
    if (!run) return;
    this.run = undefined;
    const buffer = Buffer.allocUnsafe(Math.min(COPY_BYTES, run.length));
    for (let done = 0; done < run.length; ) {
      const want = Math.min(buffer.length, run.length - done);
      if (readSync(this.previous.fd, buffer, 0, want, run.offset + done) !== want) throw new Error('the previous zip ended early');
      writeSync(this.fd, buffer, 0, want, this.position);
      this.position += want;
      done += want;
    }
  }
}

/** A copy of a central directory record pointing at its local record's new `offset`. */
function withOffset(record: Buffer, offset: number): Buffer {
  const copy = Buffer.from(record);
  copy.writeUInt32LE(offset, 42);
  return copy;
}

/** The ZIP64 route: slower per file, without the classic format's limits. */
function zip64Folder(dir: string, files: readonly string[], zipPath: string, folder: string): Promise<void> {
  const zip = new ZipFile();
  // Without the extra field of a Unix time, which would differ from one time zone to the next.
  for (const file of files) zip.addFile(join(dir, file), `${folder}/${file}`, { mtime: entryTime(), mode: 0o644, forceDosTimestamp: true });
  zip.end();
  return pipeline(zip.outputStream, createWriteStream(zipPath));
}
