import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OfflineSearch } from '../../src/lib/offline-search';
import { emptyState } from '../../src/lib/search-state';
import { PAPERS_ONLY } from '../../src/scripts/search/pagefind-engine';
import { survey } from '../../src/survey.config';
import { loadOfflineEngine } from '../helpers/offline-engine';
import { DIST, idOf, listFiles, loadPagefind, page, requireBuild } from '../helpers/dist';
import { builtSurvey, OUR_SURVEY, surveyPages, titleWords } from '../helpers/survey';

const OFFLINE = resolve(`${DIST}-offline`);
let offline: OfflineSearch;
let pagefind: Awaited<ReturnType<typeof loadPagefind>>;
const { papers, topics } = builtSurvey();

// Queries made from the survey's titles and authors: the title word of the most papers, a hyphenated
// one, two words of a title together and as a quoted phrase, and the family name of an author.
const pair = papers.map((p) => /\b([A-Za-z]{4,}) ([A-Za-z]{4,})\b/.exec(p.title)).find(Boolean);
const words = titleWords(papers);
const surveyQueries = [
  words[0]?.word,
  words.find((w) => w.word.includes('-'))?.word,
  pair && `${pair[1]} ${pair[2]}`,
  pair && `"${pair[1]} ${pair[2]}"`,
  papers[0]?.authors[0]?.split(' ').at(-1),
].filter((q): q is string => !!q);

beforeAll(async () => {
  requireBuild();
  offline = loadOfflineEngine(OFFLINE);
  pagefind = await loadPagefind();
});

const pagefindIds = async (q: string | null, filters: Record<string, unknown> = {}) => {
  const response = await pagefind.search(q, { filters: { ...PAPERS_ONLY, ...filters } });
  return Promise.all(response.results.map(async (r) => idOf((await r.data()).url)));
};
const offlineIds = (q: string, state: Partial<ReturnType<typeof emptyState>> = {}) =>
  offline.search({ ...emptyState(), q, ...state }).docs.map((d) => idOf(d.path));

describe('the offline edition', () => {
  it('is a folder and a zip of it holding one folder with index.html', () => {
    expect(existsSync(join(OFFLINE, 'index.html'))).toBe(true);
    const zip = unzipSync(readFileSync(join(DIST, `${survey.offlineName}-offline.zip`)));
    const names = Object.keys(zip);
    expect(names).toContain(`${survey.offlineName}-offline/index.html`);
    expect(names).toContain(`${survey.offlineName}-offline/search-data.js`);
    expect(names).toContain(`${survey.offlineName}-offline/search-text/0.js`);
    expect(names.every((n) => n.startsWith(`${survey.offlineName}-offline/`))).toBe(true);
    expect(names.some((n) => n.includes('/pagefind/'))).toBe(false);
    // The hosted pages' modules: no page of the offline edition loads one (the test below checks that).
    expect(names.filter((n) => /\/_astro\/[^/]+\.js$/.test(n))).toEqual([]);
    // Every file of the folder, as it is there, and nothing else.
    const prefix = `${survey.offlineName}-offline/`;
    expect(names.map((n) => n.slice(prefix.length)).sort()).toEqual(listFiles(OFFLINE).sort());
    const differing = names.filter((n) => !Buffer.from(zip[n]!).equals(readFileSync(join(OFFLINE, n.slice(prefix.length)))));
    expect(differing).toEqual([]);
  });

  it('holds every file of the hosted build but its Pagefind index, its modules, the sitemap and the zip', () => {
    const leftOut = (file: string) =>
      file.startsWith('pagefind/') || /^_astro\/[^/]+\.js$/.test(file) || /^sitemap-[^/]+\.xml$/.test(file) || file.endsWith('-offline.zip');
    const offline = new Set(listFiles(OFFLINE));
    expect(listFiles(DIST).filter((file) => !leftOut(file) && !offline.has(file))).toEqual([]);
    // The citation files beside each paper's page, which the download buttons build their files from.
    expect(offline.has(`papers/${papers[0]!.id}.bib`)).toBe(true);
  });

  it('links every page, stylesheet, script and font relatively, to files that exist', () => {
    const pages = listFiles(OFFLINE, (p) => p.endsWith('.html'));
    // Every paper, topic and tag page, and the others (home, search, about...).
    const expected = surveyPages(papers, topics);
    for (const path of expected) expect(pages).toContain(path);
    expect(pages.length).toBeGreaterThan(expected.length);
    for (const path of pages) {
      const $ = page(path, OFFLINE);
      expect($('script[type="module"]').length, path).toBe(0);
      $('[href], [src], [action]').each((_, el) => {
        const url = $(el).attr('href') ?? $(el).attr('src') ?? $(el).attr('action')!;
        if (/^(https?:|mailto:|#)/.test(url)) return;
        expect(url.startsWith('/'), `${path}: ${url}`).toBe(false);
        const file = resolve(dirname(join(OFFLINE, path)), url.replace(/[?#].*$/, ''));
        expect(existsSync(file), `${path} links to a missing ${url}`).toBe(true);
      });
    }
    for (const css of listFiles(OFFLINE, (p) => p.endsWith('.css'))) {
      const text = readFileSync(join(OFFLINE, css), 'utf8');
      for (const [, url] of text.matchAll(/url\(["']?([^"')]+)["']?\)/g)) {
        if (url!.startsWith('data:')) continue;
        expect(existsSync(resolve(dirname(join(OFFLINE, css)), url!)), `${css}: ${url}`).toBe(true);
      }
    }
  });

  it('without SITE_URL, links to no online edition and keeps its feeds on disk', () => {
    // dist/ is built without SITE_URL (requireBuild checks it): its address, localhost, would lead
    // the edition's reader nowhere. A build with SITE_URL is checked in exports.test.ts.
    for (const path of ['index.html', surveyPages(papers, topics).find((p) => p.startsWith('topics/'))!]) {
      const $ = page(path, OFFLINE);
      const feeds = $('[type="application/atom+xml"]').map((_, el) => $(el).attr('href')!).get();
      expect(feeds.length, path).toBeGreaterThan(0);
      for (const feed of feeds) expect(existsSync(resolve(dirname(join(OFFLINE, path)), feed)), `${path}: ${feed}`).toBe(true);
      expect($('footer a[href$=".zip"]').length, path).toBe(0);
      expect($('footer').text(), path).not.toMatch(/Online edition|Download for offline/);
      expect($('a[href*="localhost"]').length, path).toBe(0);
    }
  });

  it('finds the same papers as Pagefind for every topic, venue and tag filter', async () => {
    const all = offline.allFacets();
    for (const facet of ['topic', 'venue', 'tag'] as const) {
      for (const value of Object.keys(all[facet])) {
        const expected = (await pagefindIds(null, { [facet]: value })).sort();
        expect(offlineIds('', { [facet]: [value] }).sort(), `${facet}=${value}`).toEqual(expected);
      }
    }
  });

  it('finds each paper first when searching its title, as Pagefind does', async () => {
    for (const doc of offline.search(emptyState()).docs) {
      const id = idOf(doc.path);
      const { title } = offline.detailsOf(doc);
      expect(offlineIds(title)[0], `offline: ${title}`).toBe(id);
      expect((await pagefindIds(title))[0], `pagefind: ${title}`).toBe(id);
    }
  });

  // The first survey's queries, on its topics; 'reading list' is in no paper but in every page's chrome.
  it.runIf(OUR_SURVEY).each(['speculative decoding', 'diffusion language', 'time series forecasting', 'next-scale', 'Tian', '"flow matching"', 'mamba', 'reading list'])(
    'matches the same papers as Pagefind for %s',
    async (q) => {
      expect(offlineIds(q).sort()).toEqual((await pagefindIds(q)).sort());
    },
  );

  it.each(surveyQueries)('matches the same papers as Pagefind for %s, made from the survey', async (q) => {
    const ids = await pagefindIds(q);
    expect(ids.length).toBeGreaterThan(0);
    expect(offlineIds(q).sort()).toEqual(ids.sort());
  });

});
