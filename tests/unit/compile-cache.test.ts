import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompiledPaper } from '../../src/lib/compile';
import { openCache } from '../../src/node/content';

const entry = (id: string) => ({ kind: 'paper', id, file: `content/papers/${id}.mdx`, html: `<p>${id}</p>` }) as unknown as CompiledPaper;
const key = (n: number) => n.toString(16).padStart(2, '0') + 'f'.repeat(38);

describe('the compile cache', () => {
  it('gives back what an earlier run stored, and rewrites only the files of keys that changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'survey-cache-'));
    writeFileSync(join(dir, 'compile-v3.json'), '{}');
    const first = openCache(dir);
    for (let n = 0; n < 40; n++) first.set(key(n), entry(`paper-${n}`));
    first.save();
    const folder = join(dir, 'compile-v4');
    expect(readdirSync(folder)).toHaveLength(40);
    expect(existsSync(join(dir, 'compile-v3.json'))).toBe(false);
    const written = (name: string) => statSync(join(folder, name)).mtimeMs;
    const before = Object.fromEntries(readdirSync(folder).map((name) => [name, written(name)]));
    await new Promise((done) => setTimeout(done, 20));

    // The next run uses every entry but one, and compiles one new one.
    const second = openCache(dir);
    for (let n = 1; n < 40; n++) expect(second.get(key(n))).toEqual(entry(`paper-${n}`));
    second.set(key(200), entry('paper-new'));
    second.save();
    const after = readdirSync(folder);
    expect(after).not.toContain('00.json');
    expect(after).toContain('c8.json');
    expect(after.filter((name) => before[name] !== undefined && written(name) !== before[name])).toEqual([]);

    const third = openCache(dir);
    expect(third.get(key(0))).toBeUndefined();
    expect(third.get(key(200))).toEqual(entry('paper-new'));
  });
});
