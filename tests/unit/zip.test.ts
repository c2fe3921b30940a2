import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { DeflateCache, zipFolder, ZIP32_LIMITS } from '../../src/node/zip';

const dir = mkdtempSync(join(tmpdir(), 'zip-test-'));
const folder = join(dir, 'site');
const files: Record<string, Buffer> = {
  'index.html': Buffer.from('<!doctype html><title>Home</title>'.repeat(50)),
  'papers/var/index.html': Buffer.from('<h1>VAR</h1>'),
  'papers/var.bib': Buffer.from('@article{tian2024var, title = {{VAR}}}\n'),
  'fonts/KaTeX_Main.woff2': Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)),
  'empty.txt': Buffer.alloc(0),
};
for (const [path, body] of Object.entries(files)) {
  mkdirSync(join(folder, path, '..'), { recursive: true });
  writeFileSync(join(folder, path), body);
}
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const unzipped = (zip: string) =>
  Object.fromEntries(Object.entries(unzipSync(readFileSync(zip))).map(([name, body]) => [name, Buffer.from(body)]));
const expected = Object.fromEntries(Object.entries(files).map(([path, body]) => [`survey-offline/${path}`, body]));

describe('zipFolder', () => {
  it('zips every file under one folder, byte for byte, and the same way twice', async () => {
    await zipFolder(folder, join(dir, 'a.zip'), 'survey-offline');
    await zipFolder(folder, join(dir, 'b.zip'), 'survey-offline');
    expect(unzipped(join(dir, 'a.zip'))).toEqual(expected);
    expect(readFileSync(join(dir, 'a.zip')).equals(readFileSync(join(dir, 'b.zip')))).toBe(true);
  });

  it('still zips a folder with more files than the classic format holds (through yazl, with ZIP64)', async () => {
    await zipFolder(folder, join(dir, 'big.zip'), 'survey-offline', { limits: { ...ZIP32_LIMITS, entries: 2 } });
    expect(unzipped(join(dir, 'big.zip'))).toEqual(expected);
  });

  it('writes the same zip in every time zone, its entries dated 2000-01-01 00:00, with and without ZIP64', async () => {
    const zone = process.env['TZ'];
    const zipIn = async (tz: string, limits = ZIP32_LIMITS) => {
      process.env['TZ'] = tz;
      const zip = join(dir, `zone-${tz.replace('/', '-')}-${limits.entries}.zip`);
      await zipFolder(folder, zip, 'survey-offline', { limits });
      return readFileSync(zip);
    };
    try {
      for (const limits of [ZIP32_LIMITS, { ...ZIP32_LIMITS, entries: 2 }]) {
        const [west, east] = [await zipIn('America/New_York', limits), await zipIn('Asia/Tokyo', limits)];
        expect(west.equals(east)).toBe(true);
        // The first entry's local header: its time, then its date (DOS format: years since 1980, month, day).
        expect([west.readUInt16LE(10), west.readUInt16LE(12)]).toEqual([0, ((2000 - 1980) << 9) | (1 << 5) | 1]);
      }
    } finally {
      if (zone === undefined) delete process.env['TZ'];
      else process.env['TZ'] = zone;
    }
  });

  it('writes the same zip from its cache of deflated files, and after a file changes', async () => {
    const cacheDir = join(dir, 'cache');
    await zipFolder(folder, join(dir, 'plain.zip'), 'survey-offline');
    await zipFolder(folder, join(dir, 'first.zip'), 'survey-offline', { cacheDir });
    await zipFolder(folder, join(dir, 'again.zip'), 'survey-offline', { cacheDir });
    expect(readFileSync(join(dir, 'first.zip')).equals(readFileSync(join(dir, 'plain.zip')))).toBe(true);
    expect(readFileSync(join(dir, 'again.zip')).equals(readFileSync(join(dir, 'plain.zip')))).toBe(true);

    writeFileSync(join(folder, 'papers/var/index.html'), '<h1>VAR, edited</h1>');
    await zipFolder(folder, join(dir, 'edited.zip'), 'survey-offline', { cacheDir });
    expect(unzipped(join(dir, 'edited.zip'))['survey-offline/papers/var/index.html']?.toString()).toBe('<h1>VAR, edited</h1>');
    // The cache holds this zip's files only: it does not grow with every build.
    const index = JSON.parse(readFileSync(join(cacheDir, 'zip-deflated.json'), 'utf8')) as { files: object; content: object };
    expect(Object.keys(index.files)).toHaveLength(Object.keys(files).length);
    expect(Object.keys(index.content)).toHaveLength(Object.keys(files).length);
    writeFileSync(join(folder, 'papers/var/index.html'), files['papers/var/index.html']!);
  });

  it('makes a rebuild’s zip from the previous one, byte for byte the zip made from scratch', async () => {
    const site = join(dir, 'rebuilt');
    const write = (path: string, body: string | Buffer) => {
      mkdirSync(join(site, path, '..'), { recursive: true });
      writeFileSync(join(site, path), body);
    };
    for (const [path, body] of Object.entries(files)) write(path, body);
    for (let i = 0; i < 30; i++) write(`papers/p${String(i).padStart(2, '0')}/index.html`, `<h1>Paper ${i}</h1>`.repeat(i + 1));
    const cacheDir = join(dir, 'rebuilt-cache');
    const zip = join(dir, 'rebuilt.zip');
    const fromScratch = async () => {
      await zipFolder(site, join(dir, 'scratch.zip'), 'survey-offline');
      return readFileSync(join(dir, 'scratch.zip'));
    };
    await zipFolder(site, zip, 'survey-offline', { cacheDir });
    expect(readFileSync(zip).equals(await fromScratch())).toBe(true);

    // A paper edited, one added between others, one removed, the first and last files changed.
    write('papers/p07/index.html', '<h1>Paper 7, edited</h1>');
    write('papers/p12b/index.html', '<h1>Paper 12b, new</h1>');
    rmSync(join(site, 'papers/p20'), { recursive: true });
    write('empty.txt', 'no longer empty');
    write('papers/var/index.html', '<h1>VAR, edited</h1>');
    await zipFolder(site, zip, 'survey-offline', { cacheDir });
    const rebuilt = readFileSync(zip);
    expect(rebuilt.equals(await fromScratch())).toBe(true);
    const entries = unzipped(zip);
    expect(entries['survey-offline/papers/p07/index.html']?.toString()).toBe('<h1>Paper 7, edited</h1>');
    expect(entries['survey-offline/papers/p12b/index.html']?.toString()).toBe('<h1>Paper 12b, new</h1>');
    expect(entries['survey-offline/papers/p20/index.html']).toBeUndefined();
    expect(entries['survey-offline/papers/p21/index.html']?.toString()).toBe('<h1>Paper 21</h1>'.repeat(22));

    // Nothing changed: the same zip again.
    await zipFolder(site, zip, 'survey-offline', { cacheDir });
    expect(readFileSync(zip).equals(rebuilt)).toBe(true);

    // A previous zip changed since it was written is not copied from.
    const spoiled = Buffer.from(rebuilt);
    spoiled.fill(0, 40, 200);
    writeFileSync(zip, spoiled);
    await zipFolder(site, zip, 'survey-offline', { cacheDir });
    expect(readFileSync(zip).equals(rebuilt)).toBe(true);
    rmSync(zip);
    await zipFolder(site, zip, 'survey-offline', { cacheDir });
    expect(readFileSync(zip).equals(rebuilt)).toBe(true);
  });

  it('copies the unchanged files’ entries from the previous zip, without reading them again', async () => {
    const cacheDir = join(dir, 'copy-cache');
    const zip = join(dir, 'copy.zip');
    await zipFolder(folder, zip, 'survey-offline', { cacheDir });
    const first = readFileSync(zip);
    // Spoil the cache's deflated bytes: the next zip must take them from the previous zip instead.
    const index = JSON.parse(readFileSync(join(cacheDir, 'zip-deflated.json'), 'utf8')) as { pack: string };
    const pack = join(cacheDir, index.pack);
    writeFileSync(pack, Buffer.alloc(statSync(pack).size, 0x55));
    await zipFolder(folder, zip, 'survey-offline', { cacheDir });
    expect(readFileSync(zip).equals(first)).toBe(true);
  });

  it('keeps its cache of deflated files at most twice the size of what the last zip used, however often a file changes', async () => {
    const cacheDir = join(dir, 'churn-cache');
    const noise = (seed: number) => Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919 + seed * 104_729) % 251));
    for (let edit = 0; edit < 8; edit++) {
      writeFileSync(join(folder, 'noise.bin'), noise(edit));
      await zipFolder(folder, join(dir, 'churn.zip'), 'survey-offline', { cacheDir });
      expect(unzipped(join(dir, 'churn.zip'))['survey-offline/noise.bin']).toEqual(noise(edit));
      const index = JSON.parse(readFileSync(join(cacheDir, 'zip-deflated.json'), 'utf8')) as { pack: string; content: Record<string, number[]> };
      const used = Object.values(index.content).reduce((sum, [, length]) => sum + length!, 0);
      expect(statSync(join(cacheDir, index.pack)).size).toBeLessThanOrEqual(2 * used);
      expect(readdirSync(cacheDir).filter((name) => name.endsWith('.bin'))).toEqual([index.pack]);
    }
    rmSync(join(folder, 'noise.bin'));
  });
});

describe('DeflateCache', () => {
  const packed = (text: string) => ({ size: text.length * 2, crc: text.length, deflated: Buffer.from(text) });
  const text = (found: { deflated: Buffer } | undefined) => found?.deflated.toString();

  it('gives back what the previous zip kept, by file and by content hash, and nothing else', () => {
    const cacheDir = join(dir, 'deflate-cache');
    const first = new DeflateCache(cacheDir);
    expect(first.byFile('a.html\0ino\0size\0time')).toBeUndefined();
    first.keep('a.html\0ino\0size\0time', 'hash-a', packed('deflated a'));
    first.keep('b.html\0ino\0size\0time', 'hash-b', packed('deflated b'));
    first.save();

    const second = new DeflateCache(cacheDir);
    expect(second.byFile('a.html\0ino\0size\0time')).toEqual(packed('deflated a'));
    // The same content under another name or time is found by its hash, not by the file.
    expect(second.byFile('a.html\0ino\0size\0later')).toBeUndefined();
    expect(text(second.byContent('hash-b'))).toBe('deflated b');
    expect(second.byContent('hash-c')).toBeUndefined();
    second.save();

    // Only what the last zip used is kept.
    const third = new DeflateCache(cacheDir);
    expect(text(third.byFile('a.html\0ino\0size\0time'))).toBe('deflated a');
    expect(third.byContent('hash-b')).toBeUndefined();
    third.abandon();
  });

  it('ignores a cache written in an older shape', () => {
    const cacheDir = join(dir, 'old-cache');
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(join(cacheDir, 'zip-deflated.json'), JSON.stringify({ 'hash-a': [0, 3] }));
    writeFileSync(join(cacheDir, 'zip-deflated.bin'), 'abc');
    const cache = new DeflateCache(cacheDir);
    expect(cache.byFile('a.html\0ino\0size\0time')).toBeUndefined();
    expect(cache.byContent('hash-a')).toBeUndefined();
    cache.abandon();
  });
});
