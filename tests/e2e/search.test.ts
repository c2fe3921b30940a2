import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, serve, watchPage } from '../helpers/browser';
import { DIST, requireBuild } from '../helpers/dist';

let browser: Browser;
let site: Awaited<ReturnType<typeof serve>>;
let page: Page;
let problems: string[];

beforeAll(async () => {
  requireBuild();
  site = await serve(DIST);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const open = async (path: string) => {
  page = await browser.newPage();
  problems = watchPage(page);
  await page.goto(new URL(path, site.url).href);
};
const resultTitles = () => page.locator('[data-search-results] h3 a').allTextContents();

describe('search on the hosted site', () => {
  it('lists the speculative-decoding papers for "speculative decoding"', async () => {
    await open('search/');
    await page.getByRole('main').getByLabel('Search titles, authors, abstracts and notes').fill('speculative decoding');
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/papers match “speculative decoding”/);
    const topic = await browser.newPage();
    await topic.goto(new URL('topics/speculative-decoding/', site.url).href);
    const speculative = await topic.locator('.paper-card h3 a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
    await topic.close();
    const top = await page.locator('[data-search-results] h3 a').evaluateAll((links) => links.slice(0, 5).map((a) => (a as HTMLAnchorElement).pathname));
    expect(top).toHaveLength(5);
    for (const path of top) expect(speculative).toContain(path);
    expect(problems).toEqual([]);
  });

  it('narrows the results with a topic filter whose count matches the topic page', async () => {
    await open('topics/speculative-decoding/');
    const stated = Number(await page.locator('[data-paper-count]').getAttribute('data-paper-count'));
    await open('search/?q=decoding');
    await expect.poll(resultTitles).not.toHaveLength(0);
    const before = Number((await page.getByRole('status').first().textContent())!.match(/\d+/)![0]);
    const box = page.getByRole('checkbox', { name: /^Speculative decoding/ });
    expect(await box.locator('xpath=following-sibling::label').textContent()).toContain(`(${stated})`);
    await box.check();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('filtered by topic');
    const after = Number((await page.getByRole('status').first().textContent())!.match(/\d+/)![0]);
    expect(after).toBeLessThan(before);
    expect(after).toBeLessThanOrEqual(stated);
    expect(page.url()).toContain('topic=speculative-decoding');
    expect(problems).toEqual([]);
  });

  it('opens the dialog with Ctrl+K and reaches a paper with the keyboard alone', async () => {
    await open('');
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Search the survey' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.keyboard.type('next-scale prediction');
    await expect.poll(() => dialog.locator('[data-search-results] h3 a').count()).toBeGreaterThan(0);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/papers\/[^/]+\/$/);
    expect(await page.locator('h1').textContent()).toBeTruthy();
    expect(problems).toEqual([]);
  });

  it('renders math on a paper page', async () => {
    await open('papers/var/');
    expect(await page.locator('.katex').count()).toBeGreaterThan(0);
    const box = await page.locator('.katex-display .katex-html').first().boundingBox();
    expect(box?.height).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });
});
