import { createWriteStream, mkdirSync, statSync } from 'node:fs';
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

/**
 * Zips the folder `dir` into `zipPath`, its files under `folder/`, in sorted order with a fixed
 * time. Files are read and deflated by Node's zlib a batch at a time (on its thread pool) and
 * written by fflate, which keeps the cost per file small; tens of thousands of files zip in
 * seconds. fflate writes no ZIP64, so a folder past the classic limits goes to yazl, which does.
 */
export async function zipFolder(dir: string, zipPath: string, folder: string, limits = ZIP32_LIMITS): Promise<void> {
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
  for (let start = 0; start < files.length && !failure; start += BATCH) {
    const batch = await Promise.all(
      files.slice(start, start + BATCH).map(async (file) => {
        const raw = await readFile(join(dir, file));
        return { file, raw, deflated: await deflate(raw, { level: 6 }) };
      }),
    );
    for (const { file, raw, deflated } of batch) {
      const entry = new DeflatedFile(`${folder}/${file}`, raw.length, crc32(raw));
      zip.add(entry);
      entry.ondata!(null, deflated, true);
    }
    if (out.writableNeedDrain) await once(out, 'drain');
  }
  if (!failure) zip.end();
  await finished(out);
  if (failure) throw new Error(`Could not write ${zipPath}: ${failure.message}`);
}

/** The ZIP64 route: slower per file, without the classic format's limits. */
function zip64Folder(dir: string, files: readonly string[], zipPath: string, folder: string): Promise<void> {
  const zip = new ZipFile();
  for (const file of files) zip.addFile(join(dir, file), `${folder}/${file}`, { mtime: MTIME, mode: 0o644 });
  zip.end();
  return pipeline(zip.outputStream, createWriteStream(zipPath));
}
