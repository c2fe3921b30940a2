import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { astroBuild } from '../helpers/build';
import { listFiles, page } from '../helpers/dist';

// A GitHub Pages project site lives under /<repository>/; every link must carry that base.
const BASE = '/survey-base/';
const out = mkdtempSync(join(tmpdir(), 'survey-base-'));

beforeAll(() => {
  const build = astroBuild('.', { BASE_PATH: BASE }, ['--outDir', out]);
  if (build.status !== 0) throw new Error(build.output);
});

describe(`a build with base ${BASE}`, () => {
  it('prefixes every internal link and asset with the base', () => {
    const pages = listFiles(out, (p) => p.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(100);
    for (const path of pages) {
      const $ = page(path, out);
      $('[href], [src]').each((_, el) => {
        const value = $(el).attr('href') ?? $(el).attr('src')!;
        if (value.startsWith('/')) expect(value.startsWith(BASE), `${path}: ${value}`).toBe(true);
      });
    }
  });

  it('links paper notes to other papers under the base', () => {
    const $ = page('papers/var/index.html', out);
    expect($('.notes a[href="/survey-base/papers/flowar/"]').length).toBeGreaterThan(0);
  });

  it('tells the search where its index is', () => {
    const $ = page('search/index.html', out);
    expect($('[data-search-root]').attr('data-base')).toBe(BASE);
    expect(listFiles(join(out, 'pagefind'), (p) => p === 'pagefind.js')).toEqual(['pagefind.js']);
  });
});
