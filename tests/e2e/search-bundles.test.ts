import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSurvey } from '../../src/node/content';
import { indexedSurvey, indexSite, planSearchBundles } from '../../src/node/pagefind';
import { launchBrowser, serve, watchPage } from '../helpers/browser';
import { DIST, requireBuild } from '../helpers/dist';

// A survey past 2,000 papers is indexed as several Pagefind bundles that the browser merges
// (src/node/pagefind.ts). Here the real survey is indexed with 20 papers a bundle, and every search
// must show what the one-bundle site shows: the same counts, facets and papers, in the same order
// of years when sorted.
const bundled = join(mkdtempSync(join(tmpdir(), 'survey-bundles-')), 'dist');
let browser: Browser;
let single: Awaited<ReturnType<typeof serve>>;
let split: Awaited<ReturnType<typeof serve>>;
const problems: string[] = [];

beforeAll(async () => {
  requireBuild();
  cpSync(DIST, bundled, { recursive: true });
  rmSync(join(bundled, 'pagefind'), { recursive: true });
  const survey = await getSurvey({ root: '.', base: '/', cacheDir: undefined });
  const plan = planSearchBundles(indexedSurvey(survey), 'test', 20);
  await indexSite(bundled, plan, survey.papers.length + survey.topics.length);
  [single, split] = await Promise.all([serve(DIST), serve(bundled)]);
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await Promise.all([single?.close(), split?.close()]);
});

/** What a reader sees of a search: the status, the facets with their counts, and the first results. */
async function searchAt(site: string, path: string) {
  const page: Page = await browser.newPage();
  problems.push(...watchPage(page));
  await page.goto(new URL(path, site).href);
  const main = page.getByRole('main');
  const status = main.getByRole('status').first();
  await expect.poll(() => status.textContent()).toMatch(/^(\d+ papers?|No papers)\b/);
  // Results show as placeholders until their details load.
  await expect.poll(() => main.locator('[data-search-results] > li.pending').count()).toBe(0);
  const results = await main.locator('[data-search-results] > li').evaluateAll((items) =>
    items.map((item) => ({
      path: item.querySelector('h2 a')!.getAttribute('href'),
      year: Number(item.querySelector('.byline')!.textContent!.match(/· (\d{4}) ·/)![1]),
    })),
  );
  const seen = {
    status: (await status.textContent())!.trim(),
    facets: (await main.locator('[data-search-facets]').textContent())!.replace(/\s+/g, ' ').trim(),
    results,
  };
  await page.close();
  return seen;
}

describe('a search index split into bundles', () => {
  it('is written as several bundles the browser is told about', () => {
    const { bundles } = JSON.parse(readFileSync(join(bundled, 'pagefind', 'survey-bundles.json'), 'utf8')) as { bundles: { path: string }[] };
    expect(bundles.length).toBeGreaterThan(2);
    // The merged bundles carry no copy of Pagefind's code: the browser loads it from the first.
    expect(readdirSync(join(bundled, 'pagefind', bundles[0]!.path))).not.toContain('pagefind.js');
  });

  it('ranks the speculative-decoding papers first for "speculative decoding"', async () => {
    const [one, merged] = await Promise.all([searchAt(single.url, 'search/?q=speculative+decoding'), searchAt(split.url, 'search/?q=speculative+decoding')]);
    expect(merged.results.slice(0, 5).map((r) => r.path).sort()).toEqual(one.results.slice(0, 5).map((r) => r.path).sort());
    expect(problems).toEqual([]);
  });

  it.each([
    'search/?q=model',
    'search/?q=decoding&topic=speculative-decoding',
    'search/?topic=time-series&topic=speculative-decoding',
    'search/?q=diffusion&sort=newest',
    'search/?q=model&sort=oldest&from=2023',
    'search/?sort=newest&tag=training-free',
  ])('finds what one bundle finds for %s', async (path) => {
    const [one, merged] = await Promise.all([searchAt(single.url, path), searchAt(split.url, path)]);
    expect(merged.results.length).toBeGreaterThan(0);
    expect(merged.status).toBe(one.status);
    expect(merged.facets).toBe(one.facets);
    expect(merged.results).toHaveLength(one.results.length);
    // Sorted, the same years in the same order; by relevance, each bundle scores its own pages.
    if (path.includes('sort=')) expect(merged.results.map((r) => r.year)).toEqual(one.results.map((r) => r.year));
    expect(problems).toEqual([]);
  });
});
