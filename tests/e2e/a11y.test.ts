import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { servedSite } from '../helpers/browser';
import { DIST, listFiles } from '../helpers/dist';
import { builtSurvey, mentions, OUR_SURVEY, pairs, pick, surveyPages, titleWords } from '../helpers/survey';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const DESKTOP = { width: 1280, height: 720 };
const PHONE = { width: 320, height: 720 };
const site = servedSite();

// Samples from the survey, the first survey's preferred (tests/helpers/survey.ts): a search with
// results in a topic ("decoding" in speculative decoding), and a word of titles ("diffusion").
const { papers, topics } = builtSurvey();
const words = titleWords(papers).map((w) => w.word);
const [word, topic] = pick(
  pairs(['decoding', ...words], topics),
  ([w, t]) => papers.some((p) => t.papers.includes(p.id) && mentions(p, w)),
  ([w, t]) => w === 'decoding' && t.id === 'speculative-decoding',
)!;
const SEARCH = `search/?q=${encodeURIComponent(word)}&topic=${topic.id}`;
const dialogWord = pick(words, () => true, (w) => w === 'diffusion')!;

/** Pages to check: those the sitemap lists, plus the 404 page; every built page when there is no sitemap. */
function pagesToCheck(): string[] {
  const index = join(DIST, 'sitemap-index.xml');
  if (!existsSync(index)) return listFiles(DIST, (p) => p.endsWith('.html')).map((p) => `/${p.replace(/index\.html$/, '')}`);
  const sitemaps = [...readFileSync(index, 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
  const pages = sitemaps.flatMap((s) => [...readFileSync(join(DIST, s), 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname));
  return [...pages, '/404.html'];
}

async function violations(page: Page) {
  // axe's legacy mode runs its rules in the page itself. By default @axe-core/playwright also opens a
  // blank page to gather the results of every frame, which took about half of each check (the whole
  // site in both schemes: 563 s of a CI run). The two differ only for frames from other origins,
  // which no page has: the check says so rather than let one go unchecked.
  expect(await page.locator('iframe, frame').count(), page.url()).toBe(0);
  const results = await new AxeBuilder({ page }).withTags(WCAG).setLegacyMode().analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}


describe('axe-core, WCAG 2.2 AA', () => {
  it('finds no violation on any page of the sitemap, in the light and the dark scheme, and none is wider than a phone', async () => {
    const paths = pagesToCheck();
    // Every paper, topic and tag page, and the others (home, search, about...).
    const expected = surveyPages(papers, topics).map((path) => `/${path.replace(/index\.html$/, '')}`);
    for (const path of expected) expect(paths).toContain(path);
    expect(paths.length).toBeGreaterThan(expected.length);
    const failures: string[] = [];
    // Two tabs at a time (the machine has two cores); each page is checked in both schemes.
    const queue = [...paths];
    // axe needs pages made by a context of their own.
    const context = await site.browser.newContext({ viewport: DESKTOP });
    await Promise.all(
      [0, 1].map(async () => {
        const page = await context.newPage();
        for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
          await page.emulateMedia({ colorScheme: 'light' });
          await page.goto(new URL(path, site.url).href, { waitUntil: 'load' });
          for (const v of await violations(page)) failures.push(`${path} (light): ${v}`);
          await page.emulateMedia({ colorScheme: 'dark' });
          for (const v of await violations(page)) failures.push(`${path} (dark): ${v}`);
          // Reflow (WCAG 1.4.10): 320 CSS px wide, the page scrolls only up and down.
          await page.setViewportSize(PHONE);
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          if (width > PHONE.width) failures.push(`${path} (${PHONE.width} px wide): the page is ${width} px wide and scrolls sideways`);
          await page.setViewportSize(DESKTOP);
        }
        await page.close();
      }),
    );
    await context.close();
    expect(failures).toEqual([]);
  }, 900_000);

  it.each(['light', 'dark'] as const)('finds no violation in the search page with results and facets, nor in the open dialog (%s)', async (scheme) => {
    const context = await site.browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    // On a slow connection the first results show while the others' details are still on the way:
    // every result's details (a Pagefind fragment) are held, then let through one at a time until a
    // result shows, and the page is checked as it is then, and again once everything has arrived.
    const held: Route[] = [];
    let holding = true;
    await page.route('**/pagefind/fragment/**', (route) => (holding ? void held.push(route) : route.continue()));
    await page.goto(new URL(SEARCH, site.url).href);
    const shown = page.locator('main .search-hit:not(.pending)');
    await expect
      .poll(async () => {
        await held.shift()?.continue();
        return shown.count();
      })
      .toBeGreaterThan(0);
    if ((await page.locator('main .search-hit').count()) > 1) expect(await page.locator('main [aria-busy="true"]').count()).toBe(1);
    expect(await violations(page)).toEqual([]);
    holding = false;
    for (const route of held.splice(0)) await route.continue();
    await expect.poll(() => page.locator('main [aria-busy="true"], main .search-hit.pending').count()).toBe(0);
    expect(await violations(page)).toEqual([]);
    // On the search page the shortcut goes to the page's own field; the dialog opens on any other page.
    await page.goto(site.url);
    await page.keyboard.press('Control+k');
    await page.keyboard.type(dialogWord);
    await expect.poll(() => page.locator('dialog [data-search-results] li').count()).toBeGreaterThan(0);
    expect(await violations(page)).toEqual([]);
    await context.close();
  });
});

describe('on a phone', () => {
  it('finds no violation in what scrolls sideways (the topic × year matrix, wide formulas), all reached by the keyboard, nor in the search page', async () => {
    const context = await site.browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto(new URL('timeline/', site.url).href);
    const region = page.getByRole('region', { name: /^Papers per topic and year/ });
    // The first survey's matrix is wider than a phone; a new survey's, of a year or two, may not be.
    const matrixScrolls = await region.evaluate((el) => el.scrollWidth > el.clientWidth);
    if (OUR_SURVEY) expect(matrixScrolls).toBe(true);
    expect(await violations(page)).toEqual([]);
    if (matrixScrolls) {
      // It opens on its newest years, at its right end; the arrow keys scroll back to the earlier ones.
      const start = await region.evaluate((el) => el.scrollLeft);
      await region.focus();
      await page.keyboard.press('ArrowLeft');
      await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeLessThan(start);
    }
    await page.goto(new URL(SEARCH, site.url).href);
    await expect.poll(() => page.locator('main [data-search-results] li').count()).toBeGreaterThan(0);
    expect(await violations(page)).toEqual([]);
    // A display formula wider than the screen scrolls too, in a box the keyboard reaches: the first
    // survey's About page has one, and so has VAR's page; a fork rewrites the About page's formula.
    for (const path of [...(OUR_SURVEY ? ['papers/var/'] : []), 'about/']) {
      await page.goto(new URL(path, site.url).href);
      const wide = await page.locator('.katex-display').evaluateAll((boxes) => boxes.some((box) => box.scrollWidth > box.clientWidth));
      if (OUR_SURVEY) expect(wide).toBe(true);
      expect(await violations(page)).toEqual([]);
    }
    await context.close();
  });
});

describe('keyboard', () => {
  it('reaches every control of the home page with Tab, each visibly focused, the skip link first', async () => {
    const page = await site.browser.newPage();
    await page.goto(site.url);
    const seen: string[] = [];
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        const visible = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
        return { key: `${el.tagName} ${el.textContent?.trim().slice(0, 40) ?? ''} ${el.getAttribute('href') ?? el.id}`, visible };
      });
      if (!focused || seen.includes(focused.key)) break;
      expect(focused.visible, `${focused.key} has no visible focus`).toBe(true);
      seen.push(focused.key);
    }
    expect(seen[0]).toMatch(/^A Skip to content/);
    // Controls, and the regions that scroll sideways on a narrow screen (a table's frame), which take focus on any.
    const interactive = await page.locator('a[href], button:not([hidden]), input, select, [tabindex="0"]').evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).length);
    expect(seen.length).toBe(interactive);
    await page.close();
  });

  it('traps focus in the search dialog and returns it on close', async () => {
    const page = await site.browser.newPage();
    await page.goto(new URL('topics/', site.url).href);
    await page.keyboard.press('/');
    const dialog = page.getByRole('dialog', { name: 'Search the survey' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await page.close();
  });
});
