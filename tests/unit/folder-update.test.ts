import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { walk } from '../../src/node/files';
import { DerivedFiles, FolderUpdate } from '../../src/node/folder-update';

const put = (path: string, content: string) => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
};

describe('FolderUpdate', () => {
  it('writes and links a new folder, then updates it: changed files replaced, unchanged kept, gone ones removed', () => {
    const root = mkdtempSync(join(tmpdir(), 'folder-update-'));
    const source = join(root, 'source');
    const out = join(root, 'out');
    put(join(source, 'a.bib'), 'A');
    put(join(source, 'old/b.bib'), 'B');

    const first = new FolderUpdate(out);
    first.makeFolders(['page.html', 'a.bib', 'old/b.bib']);
    first.write('page.html', '<p>one</p>');
    first.link('a.bib', join(source, 'a.bib'));
    first.link('old/b.bib', join(source, 'old/b.bib'));
    first.finish();
    expect(walk(out).sort()).toEqual(['a.bib', 'old/b.bib', 'page.html']);
    expect(readFileSync(join(out, 'a.bib'), 'utf8')).toBe('A');

    // The next build: the page changes, a.bib does not, old/b.bib is gone.
    const unchanged = statSync(join(out, 'a.bib')).ino;
    const second = new FolderUpdate(out);
    second.makeFolders(['page.html', 'a.bib']);
    second.write('page.html', '<p>two</p>');
    second.link('a.bib', join(source, 'a.bib'));
    second.finish();
    expect(walk(out).sort()).toEqual(['a.bib', 'page.html']);
    expect(readFileSync(join(out, 'page.html'), 'utf8')).toBe('<p>two</p>');
    expect(statSync(join(out, 'a.bib')).ino).toBe(unchanged);
    expect(existsSync(join(out, 'old'))).toBe(false);
  });

  it('never writes through a hard link into the file it shares', () => {
    const root = mkdtempSync(join(tmpdir(), 'folder-update-'));
    put(join(root, 'hosted.html'), 'hosted');
    mkdirSync(join(root, 'out'));
    linkSync(join(root, 'hosted.html'), join(root, 'out', 'page.html'));
    const update = new FolderUpdate(join(root, 'out'));
    update.write('page.html', 'offline');
    expect(readFileSync(join(root, 'out', 'page.html'), 'utf8')).toBe('offline');
    expect(readFileSync(join(root, 'hosted.html'), 'utf8')).toBe('hosted');
  });

  it('starts from an empty folder when a file stands where a folder goes', () => {
    const root = mkdtempSync(join(tmpdir(), 'folder-update-'));
    put(join(root, 'out', 'papers'), 'a file');
    const update = new FolderUpdate(join(root, 'out'));
    update.makeFolders(['papers/var/index.html']);
    update.write('papers/var/index.html', 'page');
    update.finish();
    expect(walk(join(root, 'out'))).toEqual(['papers/var/index.html']);
  });
});

describe('DerivedFiles', () => {
  it('knows a copy is up to date only while its source, the copy and the version are unchanged', () => {
    const root = mkdtempSync(join(tmpdir(), 'derived-files-'));
    const manifest = join(root, 'cache', 'derived.json');
    put(join(root, 'src/a.html'), '<a href="/x/">');
    put(join(root, 'out/a.html'), '<a href="x/index.html">');
    put(join(root, 'src/b.html'), 'b');
    put(join(root, 'out/b.html'), 'b');

    const first = new DerivedFiles(manifest, 'v1');
    expect(first.unchanged('a.html', join(root, 'src/a.html'), join(root, 'out/a.html'))).toBe(false);
    first.record('a.html', join(root, 'src/a.html'), join(root, 'out/a.html'));
    first.record('b.html', join(root, 'src/b.html'), join(root, 'out/b.html'));
    first.save();

    // The hosted page was written again: the copy must be made again too.
    put(join(root, 'src/b.html'), 'b, edited');
    const second = new DerivedFiles(manifest, 'v1');
    expect(second.unchanged('a.html', join(root, 'src/a.html'), join(root, 'out/a.html'))).toBe(true);
    expect(second.unchanged('b.html', join(root, 'src/b.html'), join(root, 'out/b.html'))).toBe(false);
    second.save();

    // Only what the last build saw is kept, and another version (code or base) starts afresh.
    expect(new DerivedFiles(manifest, 'v1').unchanged('a.html', join(root, 'src/a.html'), join(root, 'out/a.html'))).toBe(true);
    expect(new DerivedFiles(manifest, 'v1').unchanged('b.html', join(root, 'src/b.html'), join(root, 'out/b.html'))).toBe(false);
    expect(new DerivedFiles(manifest, 'v2').unchanged('a.html', join(root, 'src/a.html'), join(root, 'out/a.html'))).toBe(false);
    // A copy removed or changed by hand is made again.
    put(join(root, 'out/a.html'), 'changed by hand');
    expect(new DerivedFiles(manifest, 'v1').unchanged('a.html', join(root, 'src/a.html'), join(root, 'out/a.html'))).toBe(false);
  });

  it('knows a file made from data is up to date only while the data and the file are unchanged', () => {
    const root = mkdtempSync(join(tmpdir(), 'derived-data-'));
    const manifest = join(root, 'cache', 'derived.json');
    put(join(root, 'out/a.bib'), '@article{a}');
    const first = new DerivedFiles(manifest, 'v1');
    expect(first.unchangedFrom('a.bib', 'digest 1', join(root, 'out/a.bib'))).toBe(false);
    first.recordFrom('a.bib', 'digest 1', join(root, 'out/a.bib'));
    first.save();
    expect(new DerivedFiles(manifest, 'v1').unchangedFrom('a.bib', 'digest 1', join(root, 'out/a.bib'))).toBe(true);
    expect(new DerivedFiles(manifest, 'v1').unchangedFrom('a.bib', 'digest 2', join(root, 'out/a.bib'))).toBe(false);
    put(join(root, 'out/a.bib'), '@article{a, edited}');
    expect(new DerivedFiles(manifest, 'v1').unchangedFrom('a.bib', 'digest 1', join(root, 'out/a.bib'))).toBe(false);
  });
});
