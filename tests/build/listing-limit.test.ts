import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { CheerioAPI } from 'cheerio';
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseState } from '../../src/lib/search-state';
import { launchBrowser, serve } from '../helpers/browser';
import { astroBuild } from '../helpers/build';
import { DIST, idOf, listFiles, page, requireBuild } from '../helpers/dist';
import { loadOfflineEngine } from '../helpers/offline-engine';
import { contentEntries } from '../helpers/survey';

// Past a few thousand papers, a page listing every paper of a year, topic or tag runs to megabytes,
// so a list shows its first `listedPapers` and links to the search for all of them, and a table of
// results its best `listedResults` rows (src/survey.config.ts). The survey is built here with limits
// small enough to cut its lists, and compared with the build that lists everything (dist/).
const years = contentEntries('papers').map((p) => Number(p.data['year']));
const largestYear = Math.max(0, ...years.map((y) => years.filter((x) => x === y).length));
const LIMIT = Math.max(1, Math.min(5, largestYear - 1));
const ROWS = 1;
const withResults = contentEntries('papers').filter((p) => ((p.data['results'] as unknown[] | undefined) ?? []).length > 0).length;
const out = join(mkdtempSync(join(tmpdir(), 'survey-listed-')), 'dist');

beforeAll(() => {
  requireBuild();
  const build = astroBuild('.', { SURVEY_LISTED_PAPERS: String(LIMIT), SURVEY_LISTED_RESULTS: String(ROWS) }, ['--outDir', out]);
  if (build.status !== 0) throw new Error(build.output);
}, 300_000);

/** Every list of papers on every built page of `dir`, by page and the list's name. */
function lists(dir: string) {
  const found = new Map<string, { hrefs: string[]; more: ReturnType<CheerioAPI> }>();
  for (const path of listFiles(dir, (p) => p.endsWith('.html'))) {
    const $ = page(path, dir);
    $('ul.paper-list').each((_, list) => {
      const hrefs = $(list).children('li.paper-card').map((_, card) => $(card).find('a').first().attr('href')).get();
      found.set(`${path} | ${$(list).attr('aria-label')}`, { hrefs, more: $(list).next('p.list-more') });
    });
  }
  return found;
}

describe.runIf(largestYear > 1)(`a survey whose lists show ${LIMIT} papers`, () => {
  it('shows the first papers of each list and says how many more there are', () => {
    const whole = lists(DIST);
    const cut = lists(out);
    expect([...cut.keys()].sort()).toEqual([...whole.keys()].sort());
    let shortened = 0;
    for (const [key, { hrefs, more }] of cut) {
      const all = whole.get(key)!.hrefs;
      // The home page's newest additions are a list of their own, never cut.
      if (key.startsWith('index.html')) continue;
      expect(hrefs, key).toEqual(all.slice(0, LIMIT));
      if (all.length > LIMIT) {
        shortened++;
        expect(more.text().replace(/\s+/g, ' ').trim(), key).toMatch(new RegExp(`^The first ${LIMIT} of ${all.length} are listed here\\. Browse all \\d+ papers? .+ in the search`));
      } else {
        expect(more.length, key).toBe(0);
      }
    }
    // Every year of more papers than that on the page of all papers, at least.
    expect(shortened).toBeGreaterThanOrEqual(new Set(years.filter((y) => years.filter((x) => x === y).length > LIMIT)).size);
  });

  it('links each cut list to a search that finds every paper of it, as many as the link says', () => {
    const offline = loadOfflineEngine(`${out}-offline`);
    const whole = lists(DIST);
    let checked = 0;
    for (const [key, { more }] of lists(out)) {
      const link = more.find('a');
      if (!link.length) continue;
      const href = link.attr('href')!;
      const url = new URL(href, 'http://x/');
      expect(url.pathname, key).toBe('/search/');
      const found = offline.search(parseState(url.search)).docs.map((d) => idOf(d.path));
      // A sub-topic's section lists its own papers; the search for it also has those of its sub-topics.
      for (const paper of whole.get(key)!.hrefs) expect(found, `${key}: ${href}`).toContain(idOf(paper));
      expect(link.text(), key).toMatch(new RegExp(`^Browse all ${found.length} papers? `));
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('links to the search in the offline edition too', () => {
    let checked = 0;
    for (const path of listFiles(`${out}-offline`, (p) => p.endsWith('.html'))) {
      const $ = page(path, `${out}-offline`);
      $('ul.paper-list + p.list-more a').each((_, a) => {
        const [file, query] = $(a).attr('href')!.split('?');
        expect(existsSync(join(`${out}-offline`, dirname(path), file!)), `${path}: ${file}`).toBe(true);
        expect(file, path).toMatch(/search\/index\.html$/);
        expect(query, path).toMatch(/^(from=\d{4}&to=\d{4}|topic=|tag=)/);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('keeps the pages it cuts valid HTML', async () => {
    const validator = new HtmlValidate(new FileSystemConfigLoader());
    const failures: string[] = [];
    const cut = listFiles(out, (p) => p.endsWith('.html')).filter((path) => page(path, out)('p.list-more').length > 0);
    expect(cut.length).toBeGreaterThan(0);
    for (const path of cut) {
      for (const result of (await validator.validateFile(join(out, path))).results) {
        for (const m of result.messages) failures.push(`${path}:${m.line}:${m.column} ${m.ruleId} ${m.message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('keeps the pages it cuts free of axe-core violations (WCAG 2.2 AA)', async () => {
    const cut = listFiles(out, (p) => p.endsWith('.html')).filter((path) => page(path, out)('p.list-more').length > 0);
    // The page of all papers, a topic page and a tag page, as far as the survey cuts them.
    const paths = ['papers/', 'topics/', 'tags/'].flatMap((kind) => cut.filter((path) => path.startsWith(kind)).slice(0, 1));
    expect(paths.length).toBeGreaterThan(0);
    const [site, browser] = await Promise.all([serve(out), launchBrowser()]);
    const failures: string[] = [];
    try {
      const tab = await browser.newPage();
      for (const path of paths) {
        await tab.goto(new URL(path.replace(/index\.html$/, ''), site.url).href, { waitUntil: 'load' });
        const results = await new AxeBuilder({ page: tab }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).setLegacyMode().analyze();
        for (const v of results.violations) failures.push(`${path}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
      }
    } finally {
      await browser.close();
      await site.close();
    }
    expect(failures).toEqual([]);
  });

  it('offers to sort a page in place only where its lists are whole', () => {
    for (const path of listFiles(out, (p) => /^(topics\/[^/]+|papers)\/index\.html$/.test(p))) {
      const $ = page(path, out);
      const whole = page(path);
      const isCut = $('ul.paper-list + p.list-more').length > 0;
      // The page of all papers sorts its years, each of which is in title order whether cut or not.
      const sorts = whole('[data-sort-control]').length > 0 && (!isCut || path === 'papers/index.html');
      expect($('[data-sort-control]').length > 0, path).toBe(sorts);
    }
  });

  // Needs two papers reporting a figure on one benchmark; the first survey has several such tables.
  it.runIf(withResults > 1)(`shows the best ${ROWS} rows of each table of results and says how many there are`, () => {
    let cut = 0;
    for (const path of listFiles(out, (p) => /^topics\/[^/]+\/index\.html$/.test(p))) {
      const [$, whole] = [page(path, out), page(path)];
      const tables = $('section.results-table').get();
      const wholeTables = whole('section.results-table').get();
      expect(tables.length, path).toBe(wholeTables.length);
      tables.forEach((table, i) => {
        const rows = $(table).find('tbody tr').map((_, tr) => $(tr).text()).get();
        const all = whole(wholeTables[i]).find('tbody tr').map((_, tr) => whole(tr).text()).get();
        expect(rows, path).toEqual(all.slice(0, ROWS));
        const note = $(table).find('p.list-more');
        if (all.length > ROWS) {
          cut++;
          expect(note.text(), path).toBe(`The best ${ROWS} of ${all.length} figures are shown; each paper's page gives all of its own.`);
        } else expect(note.length, path).toBe(0);
      });
    }
    expect(cut).toBeGreaterThan(0);
  });
});
