import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    expect(Object.keys(JSON.parse(readFileSync(join(cacheDir, 'zip-deflated.json'), 'utf8')))).toHaveLength(Object.keys(files).length);
    writeFileSync(join(folder, 'papers/var/index.html'), files['papers/var/index.html']!);
  });
});

describe('DeflateCache', () => {
  it('gives back what the previous zip kept, by content hash, and nothing else', () => {
    const cacheDir = join(dir, 'deflate-cache');
    const first = new DeflateCache(cacheDir);
    expect(first.get('a')).toBeUndefined();
    first.keep('a', Buffer.from('deflated a'));
    first.keep('b', Buffer.from('deflated b'));
    first.save();

    const second = new DeflateCache(cacheDir);
    expect(second.get('b')?.toString()).toBe('deflated b');
    expect(second.get('c')).toBeUndefined();
    second.keep('b', second.get('b')!);
    second.save();

    const third = new DeflateCache(cacheDir);
    expect(third.get('a')).toBeUndefined();
    expect(third.get('b')?.toString()).toBe('deflated b');
    third.abandon();
  });
});
