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
const resultTitles = () => page.locator('[data-search-results] h2 a').allTextContents();

describe('search on the hosted site', () => {
  it('lists the speculative-decoding papers for "speculative decoding"', async () => {
    await open('search/');
    await page.getByRole('main').getByLabel('Search titles, authors, abstracts and notes').fill('speculative decoding');
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/papers match “speculative decoding”/);
    const topic = await browser.newPage();
    await topic.goto(new URL('topics/speculative-decoding/', site.url).href);
    const speculative = await topic.locator('.paper-card h3 a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
    await topic.close();
    const top = await page.locator('[data-search-results] h2 a').evaluateAll((links) => links.slice(0, 5).map((a) => (a as HTMLAnchorElement).pathname));
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

  it('browses a filter without a query newest first, as the offline edition does', async () => {
    await open('search/?topic=speculative-decoding');
    await expect.poll(() => page.locator('[data-search-results] .search-hit:not(.pending)').count()).toBeGreaterThanOrEqual(5);
    const years = await page.locator('[data-search-results] .search-hit:not(.pending) .byline').evaluateAll((bylines) =>
      bylines.map((b) => Number(/ · ((?:19|20)\d\d)(?: · |$)/.exec(b.textContent ?? '')?.[1])),
    );
    expect(years.every(Number.isInteger)).toBe(true);
    expect(years).toEqual([...years].sort((a, b) => b - a));
    expect(problems).toEqual([]);
  });

  it('moves the other end of the year range rather than make it reversed', async () => {
    await open('search/?to=2019');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('filtered by year');
    await page.locator('#page-from').selectOption('2024');
    await expect.poll(() => page.url()).toContain('?from=2024&to=2024');
    expect(await page.locator('#page-to').inputValue()).toBe('2024');
    expect(problems).toEqual([]);
  });

  it('opens the dialog with Ctrl+K and reaches a paper with the keyboard alone', async () => {
    await open('');
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Search the survey' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.keyboard.type('next-scale prediction');
    await expect.poll(() => dialog.locator('[data-search-results] h2 a').count()).toBeGreaterThan(0);
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

describe('search state, feedback and the dialog', () => {
  it('restores a search from the URL and follows back and forward', async () => {
    await open('search/?q=diffusion&sort=oldest&from=2024');
    const status = () => page.getByRole('status').first().textContent();
    await expect.poll(status).toMatch(/match “diffusion”, filtered by year\./);
    expect(await page.getByLabel('Sort').inputValue()).toBe('oldest');
    expect(await page.getByLabel('From year').inputValue()).toBe('2024');
    const years = (await page.locator('[data-search-results] .byline').allTextContents()).map((t) => Number(t.match(/· (\d{4}) ·/)![1]));
    expect(years.every((y) => y >= 2024)).toBe(true);
    expect([...years].sort()).toEqual(years);

    await page.getByRole('checkbox', { name: /^Diffusion language models/ }).check();
    await expect.poll(() => page.url()).toContain('topic=diffusion-language-models');
    await page.goBack();
    await expect.poll(() => page.url()).not.toContain('topic=');
    await expect.poll(() => page.getByRole('checkbox', { name: /^Diffusion language models/ }).isChecked()).toBe(false);
    await page.goForward();
    await expect.poll(() => page.getByRole('checkbox', { name: /^Diffusion language models/ }).isChecked()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('says when nothing matches and offers to clear the filters', async () => {
    await open('search/?q=mamba&topic=speculative-decoding');
    const status = page.getByRole('status').first();
    await expect.poll(() => status.textContent()).toMatch(/^No papers match “mamba”, filtered by topic\./);
    await status.getByRole('button', { name: 'Clear the filters' }).click();
    await expect.poll(() => status.textContent()).toMatch(/^\d+ papers? match(es)? “mamba”\.$/);
    expect(page.url()).not.toContain('topic=');
    expect(problems).toEqual([]);
  });

  it('shows excerpts with the match highlighted and no TeX noise', async () => {
    await open('search/?q=next-scale');
    await expect.poll(() => page.locator('[data-search-results] .excerpt mark').count()).toBeGreaterThan(0);
    const excerpts = (await page.locator('[data-search-results] .excerpt').allTextContents()).join(' ');
    expect(excerpts).not.toMatch(/\\[a-z]+\{|katex/i);
    expect(problems).toEqual([]);
  });

  it('closes the dialog with Escape and gives focus back', async () => {
    await open('papers/var/');
    const opener = page.getByRole('button', { name: /^Search/ });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Search the survey' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('keeps the results area in place while results load', async () => {
    await open('search/');
    const output = page.getByRole('main').locator('.search-output');
    await expect.poll(() => page.locator('[data-search-results] li').count()).toBeGreaterThan(0);
    const before = await output.boundingBox();
    await page.getByRole('main').getByLabel('Search titles, authors, abstracts and notes').fill('speculative');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('speculative');
    const after = await output.boundingBox();
    expect(after?.y).toBe(before?.y);
    expect(after?.x).toBe(before?.x);
    const shift = await layoutShift();
    expect(shift).toBeLessThan(0.1);
    expect(problems).toEqual([]);
  });

  it('still counts the results and breaks nothing when their details cannot be loaded', async () => {
    page = await browser.newPage();
    problems = watchPage(page);
    let failed = 0;
    await page.route('**/pagefind/fragment/**', (route) => (failed++, route.abort()));
    await page.goto(new URL('search/?q=decoding', site.url).href);
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/\d+ papers match “decoding”/);
    await expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
    expect(failed).toBeGreaterThan(0);
    // The slots of the results that could not be shown stay hidden, and nothing is thrown.
    expect(await resultTitles()).toEqual([]);
    expect(await page.locator('[data-search-results] li:visible').count()).toBe(0);
    expect(problems.filter((problem) => !problem.includes('Failed to load resource'))).toEqual([]);
  });

  it('on a phone, shows the results first and folds the filters under a button that counts them', async () => {
    page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    problems = watchPage(page);
    await page.goto(new URL('search/?q=diffusion&topic=speculative-decoding', site.url).href);
    await expect.poll(resultTitles).not.toHaveLength(0);
    const filters = page.getByRole('main').getByText('Filters (1 selected)');
    const firstResult = page.locator('[data-search-results] h2 a').first();
    expect(await page.getByRole('checkbox', { name: /^Speculative decoding/ }).isVisible()).toBe(false);
    expect((await firstResult.boundingBox())!.y).toBeLessThan(844);
    expect(await layoutShift()).toBeLessThan(0.01);
    // Opened from the keyboard, the filters work as on a wide screen.
    await filters.focus();
    await page.keyboard.press('Enter');
    const box = page.getByRole('checkbox', { name: /^Speculative decoding/ });
    await expect.poll(() => box.isVisible()).toBe(true);
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/^\d+ papers match “diffusion”\.$/);
    expect(await page.getByRole('main').locator('summary', { hasText: /^Filters/ }).textContent()).toBe('Filters');
    // A wide window shows them beside the results, without the button.
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect.poll(() => page.getByRole('main').locator('summary', { hasText: /^Filters/ }).isVisible()).toBe(false);
    expect(await box.isVisible()).toBe(true);
    expect(problems).toEqual([]);
  });

  it.each([
    { width: 390, height: 844 },
    { width: 1280, height: 900 },
  ])('fits the search dialog inside it, nothing cut at its edge ($width px)', async (viewport) => {
    page = await browser.newPage({ viewport });
    problems = watchPage(page);
    await page.goto(new URL('papers/var/', site.url).href);
    await page.keyboard.press('Control+k');
    await page.keyboard.type('speculative');
    const dialog = page.getByRole('dialog', { name: 'Search the survey' });
    await expect.poll(() => dialog.locator('[data-search-results] h2 a').count()).toBeGreaterThan(0);
    expect(await dialog.evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0);
    const inner = await dialog.evaluate((el) => el.getBoundingClientRect().right - parseFloat(getComputedStyle(el).paddingRight));
    const button = await dialog.getByRole('button', { name: 'Search', exact: true }).boundingBox();
    expect(button!.x + button!.width).toBeLessThanOrEqual(inner + 1);
    expect(problems).toEqual([]);
  });

  it('keeps the keyboard on a filter ticked with Space, and Tab goes on to the next filter', async () => {
    await open('search/');
    await expect.poll(resultTitles).not.toHaveLength(0);
    const boxes = page.getByRole('group', { name: 'Filters', exact: true }).getByRole('checkbox');
    const names = await boxes.evaluateAll((inputs) => inputs.map((input) => input.id));
    const box = page.getByRole('checkbox', { name: /^Speculative decoding/ });
    const id = await box.getAttribute('id');
    await box.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('filtered by topic');
    await expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
    expect(await box.isChecked()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(id);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(names[names.indexOf(id!) + 1]);
    expect(problems).toEqual([]);
  });

  it('keeps the "more tags" list open and a tag ticked in it in place, the page unmoved', async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    problems = watchPage(page);
    await page.goto(new URL('search/', site.url).href);
    await expect.poll(resultTitles).not.toHaveLength(0);
    const tags = page.getByRole('group', { name: 'Tag', exact: true });
    await tags.locator('summary', { hasText: /more tags$/ }).click();
    const id = await tags.locator('details[open] .facet-option').nth(5).getByRole('checkbox').getAttribute('id');
    const tag = page.locator(`#${id}`);
    await tag.scrollIntoViewIfNeeded();
    const scrolled = await page.evaluate(() => scrollY);
    const before = await tag.boundingBox();
    await tag.check();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('filtered by tag');
    await expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
    expect(await tag.isChecked()).toBe(true);
    expect(await tag.evaluate((el) => el.closest('details')?.open)).toBe(true);
    expect(await tags.locator('summary').textContent()).toMatch(/^\d+ more tags \(1 selected\)$/);
    expect(await page.evaluate(() => scrollY)).toBe(scrolled);
    expect((await tag.boundingBox())?.y).toBe(before?.y);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(id);
    expect(problems).toEqual([]);
  });

  it('says "1 paper matches" for one result and "papers match" for more', async () => {
    await open('search/?q=decoding');
    const status = page.getByRole('status').first();
    await expect.poll(() => status.textContent()).toMatch(/^\d\d+ papers match “decoding”\.$/);
    // A venue with one paper for this query leaves one result when ticked.
    const venue = page.getByRole('group', { name: 'Filters', exact: true }).locator('.facet-venue .facet-option', { hasText: /\(1\)$/ }).first();
    await venue.getByRole('checkbox').check();
    await expect.poll(() => status.textContent()).toBe('1 paper matches “decoding”, filtered by venue.');
    expect(problems).toEqual([]);
  });

  it('points "Search with filters" at what was typed in the dialog before the search had loaded', async () => {
    page = await browser.newPage();
    problems = watchPage(page);
    // Pagefind arrives only once the reader has typed.
    let typed!: () => void;
    const done = new Promise<void>((resolve) => (typed = resolve));
    await page.route('**/pagefind/pagefind.js', async (route) => (await done, route.continue()));
    await page.goto(new URL('papers/var/', site.url).href);
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Search the survey' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.keyboard.type('speculative');
    typed();
    await expect.poll(() => dialog.locator('[data-search-results] h2 a').count()).toBeGreaterThan(0);
    const link = dialog.getByRole('link', { name: 'Search with filters' });
    expect(new URL((await link.getAttribute('href'))!, site.url).search).toBe('?q=speculative');
    await link.click();
    await page.waitForURL(/\/search\/\?q=speculative$/);
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/match(es)? “speculative”/);
    expect(problems).toEqual([]);
  });

  it('opens the first result with Enter in the dialog\'s field, as its hint says', async () => {
    await open('papers/var/');
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Search the survey' });
    expect(await dialog.textContent()).toContain('Enter opens');
    await page.keyboard.type('speculative decoding');
    await expect.poll(() => dialog.locator('[data-search-results] h2 a').count()).toBeGreaterThan(0);
    const first = await dialog.locator('[data-search-results] h2 a').first().evaluate((a) => (a as HTMLAnchorElement).href);
    await page.keyboard.press('Enter');
    await page.waitForURL(first);
    // Pressed before the results show, Enter waits for them and opens the first.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('next-scale prediction');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.href !== first && /\/papers\/[^/]+\/$/.test(url.pathname));
    expect(problems).toEqual([]);
  });

  it('opens a shared search link without moving anything on screen as its results arrive', async () => {
    await open('search/?q=speculative+decoding');
    await expect.poll(resultTitles).not.toHaveLength(0);
    expect(await layoutShift()).toBeLessThan(0.01);
    expect(problems).toEqual([]);
  });
});

/** The page's cumulative layout shift so far, leaving out shifts right after user input. */
function layoutShift() {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
            if (!entry.hadRecentInput) total += entry.value;
          }
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => resolve(total), 300);
      }),
  );
}
