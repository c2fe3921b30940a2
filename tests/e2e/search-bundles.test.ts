import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSurvey } from '../../src/node/content';
import { indexedSurvey, indexSite, planSearchBundles, searchNames } from '../../src/node/pagefind';
import { launchBrowser, serve, watchPage } from '../helpers/browser';
import { DIST, requireBuild } from '../helpers/dist';
import { builtSurvey, mentions, OUR_SURVEY, pairs, pick, tagsOf, titleWords, yearsOf } from '../helpers/survey';

// A survey past 2,000 papers is indexed as several Pagefind bundles that the browser merges
// (src/node/pagefind.ts). Here the real survey is indexed with 20 papers a bundle (fewer for a survey
// of fewer than 60 papers, so that there are more than two bundles), and every search must show what
// the one-bundle site shows: the same counts, facets and papers, in the same order of years when sorted.
const bundled = join(mkdtempSync(join(tmpdir(), 'survey-bundles-')), 'dist');
requireBuild();
const survey = await getSurvey({ root: '.', base: '/', cacheDir: undefined });
const PER_BUNDLE = [...Array(20).keys()].map((i) => 20 - i).find((size) => survey.papers.length / size > 2) ?? 1;
const plan = planSearchBundles(indexedSurvey(survey), 'test', PER_BUNDLE);

// The searches, made of the survey's words, topics, years and tags: each word is in papers of every
// bundle, as Pagefind ignores a word it finds nowhere in a bundle (README, Performance).
const { papers, topics } = builtSurvey();
const bundles = plan.filter((b) => b.glob.includes('papers/')).map((b) => [...b.glob.matchAll(/papers\/([^/]+)\/index\.html/g)].map((m) => m[1]!));
const everywhere = (w: string) => bundles.every((ids) => papers.some((p) => ids.includes(p.id) && mentions(p, w)));
const words = titleWords(papers).map((w) => w.word);
// More than two bundles take three papers; with fewer, the tests below wait for more.
const SPLITS = survey.papers.length > 2;
const common = pick(['model', ...words], everywhere, (w) => w === 'model');
const [word, topic] =
  pick(
    pairs(['decoding', ...words], topics),
    ([w, t]) => everywhere(w) && papers.some((p) => t.papers.includes(p.id) && mentions(p, w)),
    ([w, t]) => w === 'decoding' && t.id === 'speculative-decoding',
  ) ?? [];
const [oneTopic, otherTopic] = pick(pairs(topics, topics), ([a, b]) => a !== b && a.paper_count > 0 && b.paper_count > 0, ([a, b]) => a.id === 'time-series' && b.id === 'speculative-decoding') ?? [];
const sorted = pick(['diffusion', ...words], everywhere, (w) => w === 'diffusion');
const from = pick(yearsOf(papers), (y) => papers.some((p) => p.year >= y && !!common && mentions(p, common)), (y) => y === 2023);
const tag = pick(tagsOf(papers), () => true, (t) => t === 'training-free');
// A paper going by a short name: VAR.
const named = pick(papers, (p) => !!p.name, (p) => p.id === 'var');
let browser: Browser;
let single: Awaited<ReturnType<typeof serve>>;
let split: Awaited<ReturnType<typeof serve>>;
const problems: string[] = [];

beforeAll(async () => {
  cpSync(DIST, bundled, { recursive: true });
  rmSync(join(bundled, 'pagefind'), { recursive: true });
  await indexSite(bundled, plan, survey.papers.length + survey.topics.length, [], searchNames(survey));
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

describe.runIf(SPLITS)('a search index split into bundles', () => {
  it('is written as several bundles the browser is told about', () => {
    const { bundles } = JSON.parse(readFileSync(join(bundled, 'pagefind', 'survey-bundles.json'), 'utf8')) as { bundles: { path: string }[] };
    expect(bundles.length).toBeGreaterThan(2);
    // The first survey has every search's samples below.
    if (OUR_SURVEY) expect([common, topic, otherTopic, sorted, from, tag].every(Boolean)).toBe(true);
    // The merged bundles carry no copy of Pagefind's code: the browser loads it from the first.
    expect(readdirSync(join(bundled, 'pagefind', bundles[0]!.path))).not.toContain('pagefind.js');
  });

  it.runIf(OUR_SURVEY)('ranks the speculative-decoding papers first for "speculative decoding"', async () => {
    const [one, merged] = await Promise.all([searchAt(single.url, 'search/?q=speculative+decoding'), searchAt(split.url, 'search/?q=speculative+decoding')]);
    expect(merged.results.slice(0, 5).map((r) => r.path).sort()).toEqual(one.results.slice(0, 5).map((r) => r.path).sort());
    expect(problems).toEqual([]);
  });

  it.runIf(named)('lists first the paper going by the short name searched for, as one index does', async () => {
    const path = `search/?q=${encodeURIComponent(named!.name!)}`;
    const [one, merged] = await Promise.all([searchAt(single.url, path), searchAt(split.url, path)]);
    expect(merged.results[0]?.path).toMatch(new RegExp(`/papers/${named!.id}/$`));
    expect(merged.results[0]?.path).toBe(one.results[0]?.path);
    expect(merged.status).toBe(one.status);
    expect(problems).toEqual([]);
  });

  // Each search whose samples the survey has (the first survey has them all).
  it.each(
    [
      common && `search/?q=${common}`,
      topic && `search/?q=${word}&topic=${topic.id}`,
      otherTopic && `search/?topic=${oneTopic!.id}&topic=${otherTopic.id}`,
      sorted && `search/?q=${sorted}&sort=newest`,
      from && `search/?q=${common}&sort=oldest&from=${from}`,
      tag && `search/?sort=newest&tag=${tag}`,
    ].filter((path): path is string => !!path),
  )('finds what one bundle finds for %s', async (path) => {
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
