import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { paperIdFromUrl } from '../../src/lib/exports';
import { count } from '../../src/lib/plural';
import { servedSite, watchPage } from '../helpers/browser';
import { DIST, unpackOfflineZip } from '../helpers/dist';
import { builtSurvey, OUR_SURVEY, pick, tagsOf, titleWords } from '../helpers/survey';

// A filtered search with more results than the first page shows (20), so an export that took only
// the loaded results would fall short: the tag of the most papers (image generation in the first
// survey, which has more than 20; a smaller survey's shows them all at once).
const PAGE = 20;
const { papers } = builtSurvey();
const tagged = (tag: string) => papers.filter((p) => p.tags.includes(tag)).length;
const most = Math.max(0, ...tagsOf(papers).map(tagged));
const TAG = pick(tagsOf(papers), (t) => tagged(t) === most || tagged(t) > PAGE, (t) => t === 'image-generation')!;
const SEARCH = `?tag=${TAG}&sort=newest`;
// A word that finds papers: "decoding".
const WORD = pick(titleWords(papers), () => true, (w) => w.word === 'decoding')!.word;
/** Search starts after the page loads; on a busy machine that can take a few seconds. */
const WAIT = { timeout: 10_000 };

const site = servedSite();
let offline: string;

beforeAll(() => {
  // The offline edition as a reader gets it: the zip, unpacked anywhere.
  offline = unpackOfflineZip();
});

/** The citation key of a paper, as its own page's `.bib` download has it. */
const keyOf = (id: string) => parseBibtex(readFileSync(join(DIST, `papers/${id}.bib`), 'utf8')).entries[0]!.key;

async function open(url: string): Promise<{ page: Page; problems: string[]; close(): Promise<void> }> {
  const context = await site.browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(url);
  return { page, problems, close: () => context.close() };
}

/** Every result of the search, in the order shown, loading more until there is no more. */
async function allResults(page: Page): Promise<string[]> {
  await expect.poll(() => page.getByRole('status').first().textContent(), WAIT).toMatch(/^\d+ papers?, filtered by tag\.$/);
  const more = page.getByRole('button', { name: 'Show more results' });
  while (await more.isVisible()) {
    const before = await page.locator('[data-search-results] li').count();
    await more.click();
    await expect.poll(() => page.locator('[data-search-results] li').count(), WAIT).toBeGreaterThan(before);
  }
  const hrefs = await page.locator('[data-search-results] h2 a').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
  return hrefs.map((href) => paperIdFromUrl(href)!);
}

async function exportAs(page: Page, format: 'BibTeX' | 'CSV'): Promise<{ name: string; text: string }> {
  const exportGroup = page.getByRole('group', { name: 'Export results:' });
  const [download] = await Promise.all([page.waitForEvent('download'), exportGroup.getByRole('button', { name: format, exact: true }).click()]);
  return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
}

describe('exporting a search view', () => {
  it('downloads every result of a filtered search as BibTeX and CSV on the hosted site', async () => {
    const { page, problems, close } = await open(new URL(`search/${SEARCH}`, site.url).href);
    // Before any click, only the first page of results is on the page.
    await expect.poll(() => page.locator('[data-search-results] li').count(), WAIT).toBe(Math.min(PAGE, tagged(TAG)));
    const status = await page.getByRole('status').first().textContent();
    const total = Number(status!.match(/^(\d+)/)![1]);
    expect(total).toBe(tagged(TAG));
    if (OUR_SURVEY) expect(total).toBeGreaterThan(PAGE);

    const bib = await exportAs(page, 'BibTeX');
    expect(bib.name).toBe(`search-${TAG}.bib`);
    const parsed = parseBibtex(bib.text);
    expect(parsed.errors).toEqual([]);
    await expect.poll(() => page.getByRole('group', { name: 'Export results:' }).getByRole('status').textContent(), WAIT).toBe(`Exported ${count(total, 'paper')} as BibTeX.`);

    const ids = await allResults(page);
    expect(ids).toHaveLength(total);
    expect(parsed.entries.map((e) => e.key)).toEqual(ids.map(keyOf));

    const csv = await exportAs(page, 'CSV');
    expect(csv.name).toBe(`search-${TAG}.csv`);
    expect(csv.text.split('\r\n').filter(Boolean).map((line) => line.split(',')[0])).toEqual(['id', ...ids]);
    expect(problems).toEqual([]);
    await close();
  });

  it('offers the export only while a search has results', async () => {
    const { page, close } = await open(new URL('search/?q=zzzqqqxxy', site.url).href);
    await expect.poll(() => page.getByRole('status').first().textContent(), WAIT).toMatch(/^No papers/);
    expect(await page.getByRole('group', { name: 'Export results:' }).count()).toBe(0);
    await page.getByRole('main').getByLabel('Search titles, authors, abstracts and notes').fill(WORD);
    await expect.poll(() => page.getByRole('group', { name: 'Export results:' }).count(), WAIT).toBe(1);
    await close();
  });

  it('downloads every result of a filtered search as BibTeX in the offline edition opened from disk', async () => {
    const { page, problems, close } = await open(`${pathToFileURL(join(offline, 'search/index.html')).href}${SEARCH}`);
    await expect.poll(() => page.locator('[data-search-results] li').count(), WAIT).toBe(Math.min(PAGE, tagged(TAG)));
    const bib = await exportAs(page, 'BibTeX');
    expect(bib.name).toBe(`search-${TAG}.bib`);
    const parsed = parseBibtex(bib.text);
    expect(parsed.errors).toEqual([]);
    const ids = await allResults(page);
    expect(ids).toHaveLength(tagged(TAG));
    if (OUR_SURVEY) expect(ids.length).toBeGreaterThan(PAGE);
    expect(parsed.entries.map((e) => e.key)).toEqual(ids.map(keyOf));
    await expect.poll(() => page.getByRole('group', { name: 'Export results:' }).getByRole('status').textContent(), WAIT).toBe(`Exported ${count(ids.length, 'paper')} as BibTeX.`);
    expect(problems).toEqual([]);
    await close();
  });
});
