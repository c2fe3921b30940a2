import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, serve, watchPage } from '../helpers/browser';
import { count } from '../../src/lib/plural';
import { DIST, requireBuild, unpackOfflineZip } from '../helpers/dist';
import { builtSurvey, contentEntries, escapeRegExp, facetLabels, filterName, mentions, pairs, pick, titlePhrases, titleWords, withId } from '../helpers/survey';

// Samples from the survey, the first survey's preferred (tests/helpers/survey.ts).
const { papers, topics } = builtSurvey();
const words = titleWords(papers).map((w) => w.word);
const labels = facetLabels(papers, topics);
// A paper with math in its abstract or notes (VAR), if the survey has one.
const math = new Set(contentEntries('papers').filter((e) => `${e.body}${String(e.data['abstract'])}`.includes('$')).map((e) => e.id));
const withMath = pick(papers, (p) => math.has(p.id), withId('var'));
// A word of papers in a topic and out of it, the topic's filter named by its title alone, and a year
// of the topic's papers with the word: "decoding", speculative decoding, 2023.
const [word, topic] = pick(
  pairs(['decoding', ...words], topics),
  ([w, t]) => !!filterName(t.title, labels) && papers.some((p) => mentions(p, w) && t.papers.includes(p.id)) && papers.some((p) => mentions(p, w) && !t.papers.includes(p.id)),
  ([w, t]) => w === 'decoding' && t.id === 'speculative-decoding',
) ?? [];
const topicFilter = topic && filterName(topic.title, labels)!;
const year = topic && pick(papers.filter((p) => mentions(p, word!) && topic.papers.includes(p.id)).map((p) => p.year), () => true, (y) => y === 2023)!;
// A word to restore from a URL ("mamba"), and two words of a title to search for, also as a quoted phrase ("speculative decoding").
const restored = pick(words, () => true, (w) => w === 'mamba')!;
const twoWords = pick(titlePhrases(papers), () => true, (p) => p === 'speculative decoding')!;

// What a reader does: download the zip, unzip it anywhere, double-click index.html.
let root: string;
let browser: Browser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  requireBuild();
  root = unpackOfflineZip();
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const open = (path: string) => openUrl(path, '');
const openUrl = async (path: string, query: string) => {
  page = await browser.newPage();
  problems = watchPage(page);
  await page.goto(`${pathToFileURL(join(root, path)).href}${query}`);
};
const status = () => page.getByRole('status').first().textContent();

describe('the offline edition opened from disk', () => {
  it.runIf(withMath)('browses from the home page to a paper with its math and fonts', async () => {
    await open('index.html');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Papers' }).click();
    expect(page.url()).toMatch(/papers\/index\.html$/);
    await page.getByRole('link', { name: new RegExp(`^${escapeRegExp(withMath!.title)}`) }).first().click();
    expect(page.url()).toMatch(new RegExp(`papers/${withMath!.id}/index\\.html$`));
    // The click returns once the page is under way; on a loaded machine its body may not be parsed yet.
    await page.waitForLoadState('load');
    expect(await page.locator('.katex').count()).toBeGreaterThan(0);
    await page.evaluate(() => document.fonts.ready);
    expect(await page.evaluate(() => document.fonts.check('16px KaTeX_Main'))).toBe(true);
    const loaded = await page.evaluate(() => [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family));
    expect(loaded).toContain('KaTeX_Main');
    expect(problems).toEqual([]);
  });

  // Needs a word of papers in a topic and of papers out of it: two papers at least.
  it.runIf(topic)('searches with facets, a year range and sorting', async () => {
    await openUrl('search/index.html', `?q=${encodeURIComponent(word!)}`);
    await expect.poll(status).toMatch(new RegExp(`^\\d+ papers? match(es)? “${escapeRegExp(word!)}”`));
    const before = Number((await status())!.match(/\d+/)![0]);
    await page.getByRole('checkbox', { name: topicFilter! }).check();
    await expect.poll(status).toContain('filtered by topic');
    const after = Number((await status())!.match(/\d+/)![0]);
    expect(after).toBeLessThan(before);
    expect(page.url()).toContain(`topic=${topic!.id}`);

    await page.getByLabel('Sort').selectOption('oldest');
    await page.getByLabel('From year').selectOption(String(year!));
    await expect.poll(status).toContain('year');
    const years = await page.locator('[data-search-results] .byline').allTextContents();
    const numbers = years.map((t) => Number(t.match(/· (\d{4}) ·/)![1]));
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers.every((y) => y >= year!)).toBe(true);
    expect([...numbers].sort()).toEqual(numbers);
    expect(problems).toEqual([]);
  });

  // Needs the same word and topic.
  it.runIf(topic)('keeps the keyboard on a filter ticked with Space', async () => {
    await openUrl('search/index.html', `?q=${encodeURIComponent(word!)}`);
    await expect.poll(status).toMatch(new RegExp(`^\\d+ papers? match(es)? “${escapeRegExp(word!)}”`));
    const box = page.getByRole('checkbox', { name: topicFilter! });
    const id = await box.getAttribute('id');
    await box.focus();
    await page.keyboard.press('Space');
    await expect.poll(status).toContain('filtered by topic');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(id);
    expect(problems).toEqual([]);
  });

  it('restores a search from its URL', async () => {
    await openUrl('search/index.html', `?q=${encodeURIComponent(restored)}&sort=newest`);
    await expect.poll(status).toMatch(new RegExp(`match(es)? “${escapeRegExp(restored)}”`));
    expect(await page.getByRole('main').getByLabel('Search titles, authors, abstracts and notes').inputValue()).toBe(restored);
    expect(await page.getByLabel('Sort').inputValue()).toBe('newest');
    expect(problems).toEqual([]);
  });

  it('opens a paper from the search dialog with the keyboard alone', async () => {
    await open('topics/index.html');
    await page.keyboard.press('/');
    await page.keyboard.type(twoWords);
    const dialog = page.getByRole('dialog', { name: 'Search the survey' });
    await expect.poll(() => dialog.locator('[data-search-results] h2 a').count()).toBeGreaterThan(0);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/papers\/[^/]+\/index\.html$/);
    expect(problems).toEqual([]);
  });

  it('shows the first results before it loads their texts, and finds quoted phrases', async () => {
    await open('index.html');
    // Which scripts the search had asked for when its first result showed.
    await page.evaluate(() => {
      const w = window as unknown as { requested: string[]; atFirstResult?: string[] };
      w.requested = [];
      // Mutations arrive in batches: a result and a script added just after it can come together, so
      // the scripts are counted in the order the nodes were added, up to the first result's link.
      const isResult = (node: Node) =>
        node instanceof Element && !!node.closest('dialog [data-search-results]') && (node.matches('h2 a') || !!node.querySelector('h2 a'));
      new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) {
            if (!w.atFirstResult && isResult(node)) w.atFirstResult = [...w.requested];
            if (node instanceof HTMLScriptElement && node.src) w.requested.push(node.src.replace(/^.*?\/((search-[a-z]+\/)?[^/]+)$/, '$1'));
          }
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.keyboard.press('/');
    await page.keyboard.type(twoWords);
    const dialog = page.getByRole('dialog', { name: 'Search the survey' });
    await expect.poll(() => dialog.locator('[data-search-results] h2 a').count()).toBeGreaterThan(0);
    const seen = await page.evaluate(() => (window as unknown as { atFirstResult: string[] }).atFirstResult);
    expect(seen).toContain('search-data.js');
    expect(seen.some((src) => src.startsWith('search-text/'))).toBe(false);
    // The texts of the results shown follow, 100 papers a script, for the excerpts of later searches
    // (tests/build/offline-loading.test.ts checks which).
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { requested: string[] }).requested.some((src) => src.startsWith('search-text/'))))
      .toBe(true);

    const count = dialog.locator('[data-search-status]');
    const words = Number((await count.textContent())!.match(/\d+/)![0]);
    await dialog.getByRole('searchbox').fill(`"${twoWords}"`);
    await expect.poll(() => count.textContent()).toMatch(new RegExp(`^\\d+ papers? match(es)? “"${escapeRegExp(twoWords)}"”`));
    const phrase = Number((await count.textContent())!.match(/\d+/)![0]);
    expect(phrase).toBeGreaterThan(0);
    expect(phrase).toBeLessThanOrEqual(words);
    expect(problems).toEqual([]);
  });

  it('offers no link to a file on disk to share a reading list', async () => {
    const ids = papers.slice(0, 2).map((p) => p.id);
    await openUrl('reading-list/index.html', `?ids=${ids.join(',')}`);
    // Two papers, or a small survey's one.
    await expect.poll(() => page.locator('[data-reading-list-summary]').textContent()).toBe(`This shared list has ${count(ids.length, 'paper')}.`);
    await expect.poll(() => page.getByRole('button', { name: 'Download BibTeX' }).isVisible()).toBe(true);
    // The tests' build has no published address (no SITE_URL): there is no page to link to, and a
    // file:// link would lead nowhere on another machine. With one, the link leads to the published
    // reading list (tests/build/exports.test.ts).
    expect(await page.getByLabel('Link to this list').isVisible()).toBe(false);
    expect(problems).toEqual([]);
  });
});

// Papers of a year that a sort by year alone would leave in either engine's own order.
const sharingAYear = papers.length - new Set(papers.map((p) => p.year)).size;

describe.runIf(sharingAYear > 0)('sorted by year, the offline edition and the hosted site', () => {
  /** Every result of the search page at `url`, "Show more" pressed until all show, as paper ids. */
  const allResults = async (url: string) => {
    page = await browser.newPage();
    problems = watchPage(page);
    await page.goto(url);
    const hits = page.locator('[data-search-results] .search-hit');
    const more = page.getByRole('button', { name: 'Show more results' });
    await expect.poll(() => hits.count()).toBeGreaterThan(0);
    for (;;) {
      await expect.poll(() => page.locator('[data-search-results] .search-hit.pending').count()).toBe(0);
      if (!(await more.isVisible())) break;
      const shown = await hits.count();
      await more.click();
      await expect.poll(() => hits.count()).toBeGreaterThan(shown);
    }
    const hrefs = await page.locator('[data-search-results] h2 a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(problems).toEqual([]);
    return hrefs.map((href) => /papers\/([^/]+)\//.exec(href)?.[1]);
  };

  it.each(['newest', 'oldest'])('list every paper in the same order, a year’s papers by title (sort=%s)', async (sort) => {
    const hosted = await serve(DIST);
    try {
      const online = await allResults(new URL(`search/?sort=${sort}`, hosted.url).href);
      const offline = await allResults(`${pathToFileURL(join(root, 'search/index.html')).href}?sort=${sort}`);
      expect(online).toHaveLength(papers.length);
      expect(offline).toEqual(online);
    } finally {
      await hosted.close();
    }
  });
});
