import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompiledPaper } from '../../src/lib/compile';
import { openCache } from '../../src/node/content';

const entry = (id: string) =>
    ({
    kind: 'paper',
    id,
    file: `content/papers/${id}.mdx`,
    html: `<p>Notes of ${id}</p>`,
    abstractHtml: `<p>Abstract of ${id}</p>`,
    tldrHtml: '',
    text: `Notes of ${id}`,
    abstractText: `Abstract of ${id}`,
    terms: `note abstract ${id}`,
  }) as unknown as CompiledPaper;
const key = (n: number) => n.toString(16).padStart(2, '0') + 'f'.repeat(38);
// What a page reads of a cached paper.
const shown = (entry: unknown) => {
  const paper = entry as CompiledPaper | undefined;
  return paper && { id: paper.id, html: paper.html, abstractHtml: paper.abstractHtml };
};

describe('the compile cache', () => {
  it('gives back what an earlier run stored, and rewrites only the files of keys that changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'survey-cache-'));
    writeFileSync(join(dir, 'compile-v3.json'), '{}');
    const first = openCache(dir);
    for (let n = 0; n < 40; n++) first.set(key(n), entry(`paper-${n}`));
    first.save();
    const folder = join(dir, 'compile-v6');
    expect(readdirSync(folder).filter((name) => /^[0-9a-f]{2}\.json$/.test(name))).toHaveLength(40);
    expect(readdirSync(folder).filter((name) => name.endsWith('.search.json'))).toHaveLength(40);
    expect(existsSync(join(dir, 'compile-v3.json'))).toBe(false);
    const written = (name: string) => statSync(join(folder, name)).mtimeMs;
    const before = Object.fromEntries(readdirSync(folder).map((name) => [name, written(name)]));
    await new Promise((done) => setTimeout(done, 20));

    // The next run uses every entry but one, and compiles one new one.
    const second = openCache(dir);
    for (let n = 1; n < 40; n++) expect(shown(second.get(key(n)))).toEqual(shown(entry(`paper-${n}`)));
    second.set(key(200), entry('paper-new'));
    second.save();
    const after = readdirSync(folder);
    expect(after).not.toContain('00.json');
    expect(after).not.toContain('00.search.json');
    expect(after).toContain('c8.json');
    expect(after).toContain('c8.search.json');
    expect(after.filter((name) => name.endsWith('.json') && before[name] !== undefined && written(name) !== before[name])).toEqual([]);

    const third = openCache(dir);
    expect(third.get(key(0))).toBeUndefined();
    expect(shown(third.get(key(200)))).toEqual(shown(entry('paper-new')));
  });

  it('removes the half-written files of a process that stopped, not those of one still writing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'survey-cache-'));
    const folder = join(dir, 'compile-v6');
    mkdirSync(folder, { recursive: true });
    // A process that has exited, and this one, which is running.
    const stopped = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(join(folder, `3a.json.${stopped}.part`), '{"half');
    writeFileSync(join(folder, `3b.json.${process.pid}.part`), '{"half');
    const cache = openCache(dir);
    cache.set(key(1), entry('paper-1'));
    cache.save();
    expect(readdirSync(folder).filter((name) => name.endsWith('.part'))).toEqual([`3b.json.${process.pid}.part`]);
    expect(shown(openCache(dir).get(key(1)))).toEqual(shown(entry('paper-1')));
  });

  it("keeps a paper's abstract and notes out of memory until read, and compiles again a paper whose body file is gone", () => {
    const dir = mkdtempSync(join(tmpdir(), 'survey-cache-'));
    const first = openCache(dir);
    const fresh = entry('paper-1');
    first.set(key(1), fresh);
    first.set(key(2), entry('paper-2'));
    first.save();
    // Even the entry just compiled reads its body from disk now, and the cache's JSON leaves it out.
    expect(Object.keys(fresh)).not.toContain('html');
    expect(fresh.html).toBe('<p>Notes of paper-1</p>');
    expect(JSON.stringify(fresh)).not.toContain('<p>Notes of');

    // A body file gone before the next run (the cache lists the body files when it opens).
    rmSync(join(dir, 'compile-v6', 'bodies', `${key(2)}.json`));
    const second = openCache(dir);
    expect((second.get(key(1)) as CompiledPaper).abstractHtml).toBe('<p>Abstract of paper-1</p>');
    expect(second.get(key(2))).toBeUndefined();
  });

  it("keeps a paper's search words out of memory until the offline index asks, and compiles again a shard whose search file is gone", () => {
    const dir = mkdtempSync(join(tmpdir(), 'survey-cache-'));
    const first = openCache(dir);
    first.set(key(1), entry('paper-1'));
    first.set(key(2), entry('paper-2'));
    first.save();
    const folder = join(dir, 'compile-v6');
    // The shard itself does not carry them: a run that never builds the offline index never reads them.
    expect(readFileSync(join(folder, '01.json'), 'utf8')).not.toContain('note abstract');

    const second = openCache(dir);
    const cached = second.get(key(1)) as CompiledPaper;
    expect(Object.keys(cached)).not.toContain('terms');
    expect([cached.text, cached.abstractText, cached.terms]).toEqual(['Notes of paper-1', 'Abstract of paper-1', 'note abstract paper-1']);
    // Saved again (another paper compiled in the same shard), the words stay with it.
    second.set(key(2), entry('paper-2'));
    second.save();
    expect((openCache(dir).get(key(1)) as CompiledPaper).terms).toBe('note abstract paper-1');

    rmSync(join(folder, '02.search.json'));
    const third = openCache(dir);
    expect(third.get(key(2))).toBeUndefined();
    expect(third.get(key(1))).toBeDefined();
  });
});
