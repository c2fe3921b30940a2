import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, STAYS_HERE } from '../helpers/browser';
import { DIST, requireBuild, unpackOfflineZip } from '../helpers/dist';
import { builtSurvey, mentions, OUR_SURVEY, pick, titleWords } from '../helpers/survey';

/** Debian's Firefox ESR; `.ci/run` installs it. Playwright drives only its own build of Firefox, Puppeteer a stock one. */
const FIREFOX = process.env['FIREFOX_PATH'] ?? '/usr/bin/firefox-esr';

const { papers, topics } = builtSurvey();
// A sub-topic with a few papers, so that a filter visibly narrows the survey, and a word of its papers
// ("decoding", speculative decoding); a small survey may have no such sub-topic, and the searches below wait for one.
const topic = pick(topics, (t) => t.parent !== null && t.paper_count >= 2, (t) => t.id === 'speculative-decoding');
const word = topic && pick(['decoding', ...titleWords(papers).map((w) => w.word)], (w) => papers.some((p) => topic.papers.includes(p.id) && mentions(p, w)));

/**
 * Headless Firefox with a window `width` px wide. Firefox ESR 140 does not take Puppeteer's viewport
 * emulation, so a window of each size is a browser of its own.
 */
const launch = (width: number) =>
  puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, defaultViewport: null, args: [`--width=${width}`, '--height=800'] });

let desktop: Browser;
let phone: Browser;
let site: Awaited<ReturnType<typeof serve>>;
let offline: string;

beforeAll(async () => {
  requireBuild();
  site = await serve(DIST);
  offline = unpackOfflineZip();
  [desktop, phone] = await Promise.all([launch(1280), launch(390)]);
});
afterAll(async () => {
  await Promise.all([desktop?.close(), phone?.close()]);
  await site?.close();
});

/** Opens `url` in a new tab, recording console errors, uncaught exceptions and requests that leave the machine. */
async function open(url: string, browser = desktop): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${String(error)}`));
  page.on('request', (request) => {
    if (!STAYS_HERE.test(request.url())) problems.push(`request left the machine: ${request.url()}`);
  });
  await page.goto(url);
  return { page, problems };
}

/** The search's announced count once every paper it found is on screen, and their titles in order. */
async function searched(page: Page): Promise<{ count: number; titles: string[] }> {
  // Polled from here: Puppeteer's waitForFunction compiles its predicate in the page, which the
  // site's Content-Security-Policy forbids.
  const read = () =>
    page.evaluate(() => {
      const status = document.querySelector('main [data-search-status]')?.textContent ?? '';
      const titles = [...document.querySelectorAll('main [data-search-results] .search-hit:not(.pending) h2 a')].map((a) => a.textContent!.trim());
      const count = Number(/^(\d+) papers? match/.exec(status)?.[1]);
      return count && titles.length === count ? { count, titles } : undefined;
    });
  for (const started = Date.now(); Date.now() - started < 30_000; await new Promise((next) => setTimeout(next, 100))) {
    const shown = await read();
    if (shown) return shown;
  }
  throw new Error(`No results on screen after 30 s: ${await page.evaluate(() => document.querySelector('main [data-search-status]')?.textContent)}`);
}

describe('in Firefox (Debian firefox-esr)', () => {
  const query = `search/?q=${encodeURIComponent(word ?? '')}&topic=${topic?.id}`;

  it.runIf(word)('searches the hosted site with a topic filter from the URL, within the topic page’s count', async () => {
    const { page, problems } = await open(new URL(query, site.url).href);
    const hosted = await searched(page);
    expect(hosted.count).toBeGreaterThan(0);
    expect(hosted.count).toBeLessThanOrEqual(topic!.paper_count);
    expect(await page.$eval('main [data-search-input]', (input) => (input as HTMLInputElement).value)).toBe(word);
    expect(problems).toEqual([]);
    await page.close();
  });

  it.runIf(word)('searches the offline edition opened from disk, finding the papers the hosted site finds', async () => {
    const hosted = await open(new URL(query, site.url).href);
    const expected = await searched(hosted.page);
    await hosted.page.close();
    const [path, search] = query.split('?') as [string, string];
    const { page, problems } = await open(`${pathToFileURL(join(offline, path, 'index.html')).href}?${search}`);
    const found = await searched(page);
    // The two engines rank by their own scores; what they find is the same.
    expect(found.titles.toSorted()).toEqual(expected.titles.toSorted());
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says above the table of years on a phone that it scrolls sideways, and not where it fits', async ({ skip }) => {
    const hint = async (browser: Browser) => {
      const { page, problems } = await open(new URL('timeline/', site.url).href, browser);
      const shown = await page.$eval('.table-scroll.from-end', (frame) => {
        const before = getComputedStyle(frame, '::before');
        return { scrolls: frame.scrollWidth > frame.clientWidth, text: before.content, visible: before.visibility === 'visible' && Number.parseFloat(before.height) > 0 };
      });
      expect(problems).toEqual([]);
      await page.close();
      return shown;
    };
    // The first survey's years are too many for a phone; a young survey's few years may fit.
    const onPhone = await hint(phone);
    if (OUR_SURVEY) expect(onPhone.scrolls).toBe(true);
    // Known limitation: Firefox has no scroll timelines, and the site assumes a table of years is wider
    // than a phone (global.css), so it says so even when a young survey's few years fit.
    if (!onPhone.scrolls) skip('the table of years fits a phone, and Firefox shows the hint all the same (global.css)');
    expect(onPhone).toMatchObject({ text: expect.stringContaining('Scroll sideways for earlier years'), visible: true });
    expect(await hint(desktop)).toMatchObject({ scrolls: false, visible: false });
  });
});
