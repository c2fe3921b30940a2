import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { zipFolder, ZIP32_LIMITS } from '../../src/node/zip';

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
    await zipFolder(folder, join(dir, 'big.zip'), 'survey-offline', { ...ZIP32_LIMITS, entries: 2 });
    expect(unzipped(join(dir, 'big.zip'))).toEqual(expected);
  });
});
