import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { astroBuild } from '../helpers/build';
import { listFiles, page } from '../helpers/dist';
import { builtSurvey, contentEntries, notesLinks, pick, surveyPages, withId } from '../helpers/survey';

// A GitHub Pages project site lives under /<repository>/; every link must carry that base.
const BASE = '/survey-base/';
// The deploy workflow also names the repository.
const REPOSITORY = 'https://github.com/example-lab/example-survey';
const out = mkdtempSync(join(tmpdir(), 'survey-base-'));
// A paper whose notes link to another paper: VAR's link to FlowAR in the first survey.
const linking = pick(contentEntries('papers'), (p) => notesLinks(p).length > 0, withId('var'));
const linked = linking && (notesLinks(linking).includes('flowar') ? 'flowar' : notesLinks(linking)[0]!);

beforeAll(() => {
  const build = astroBuild('.', { BASE_PATH: BASE, SURVEY_REPOSITORY: REPOSITORY }, ['--outDir', out]);
  if (build.status !== 0) throw new Error(build.output);
});

describe(`a build with base ${BASE}`, () => {
  it('prefixes every internal link and asset with the base', () => {
    const pages = listFiles(out, (p) => p.endsWith('.html'));
    // Every paper, topic and tag page, and the others (home, search, about...).
    const { papers, topics } = builtSurvey(out);
    const expected = surveyPages(papers, topics);
    for (const path of expected) expect(pages).toContain(path);
    expect(pages.length).toBeGreaterThan(expected.length);
    for (const path of pages) {
      const $ = page(path, out);
      $('[href], [src]').each((_, el) => {
        const value = $(el).attr('href') ?? $(el).attr('src')!;
        if (value.startsWith('/')) expect(value.startsWith(BASE), `${path}: ${value}`).toBe(true);
      });
    }
  });

  it.runIf(linking)('links paper notes to other papers under the base', () => {
    const $ = page(`papers/${linking!.id}/index.html`, out);
    expect($(`.notes a[href="/survey-base/papers/${linked}/"]`).length).toBeGreaterThan(0);
  });

  it('links the repository’s README and CONTRIBUTING.md where the pages name them', () => {
    expect(page('index.html', out)(`a[href="${REPOSITORY}/blob/HEAD/README.md#data-for-machines"]`).text()).toBe('README.md');
    expect(page('about/index.html', out)(`a[href="${REPOSITORY}/blob/HEAD/CONTRIBUTING.md"]`).text()).toBe('CONTRIBUTING.md');
  });

  it('tells the search where its index is', () => {
    const $ = page('search/index.html', out);
    expect($('[data-search-root]').attr('data-base')).toBe(BASE);
    expect(listFiles(join(out, 'pagefind'), (p) => p === 'pagefind.js')).toEqual(['pagefind.js']);
  });
});
