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

/** An sRGB colour as computed (`rgb(0, 114, 178)`) to its relative luminance (WCAG 2). */
function luminance(colour: string): number {
  const [r, g, b] = colour.match(/[\d.]+/g)!.slice(0, 3).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
/** The contrast ratio of two computed colours, 1 to 21. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

describe('non-text contrast (WCAG 1.4.11)', () => {
  /**
   * A chart's shapes as drawn: each bar's fill and edge (the edge's width in screen pixels), the
   * lines, the legend's swatches and the background each stands on.
   */
  const chartOf = (page: Page) =>
    page.evaluate(() => {
      const background = (el: Element): string => {
        for (let at: Element | null = el; at; at = at.parentElement) {
          const colour = getComputedStyle(at).backgroundColor;
          if (!/^rgba\(.*, 0\)$|^transparent$/.test(colour)) return colour;
        }
        return 'rgb(255, 255, 255)';
      };
      const drawn = (el: SVGGraphicsElement) => {
        const style = getComputedStyle(el);
        const scale = style.vectorEffect === 'non-scaling-stroke' ? 1 : el.getScreenCTM()!.a;
        return { colour: style.stroke, width: style.stroke === 'none' ? 0 : Number.parseFloat(style.strokeWidth) * scale };
      };
      const chart = document.querySelector('.timeline-chart')!;
      return {
        page: background(chart),
        bars: [...chart.querySelectorAll('rect')].map((rect) => ({ x: rect.x.baseVal.value, y: rect.y.baseVal.value, height: rect.height.baseVal.value, fill: getComputedStyle(rect).fill, edge: drawn(rect) })),
        lines: [...chart.querySelectorAll('line')].map((line) => drawn(line)),
        swatches: [...document.querySelectorAll('.swatch')].map((swatch) => {
          const style = getComputedStyle(swatch);
          return { fill: style.backgroundColor, edge: { colour: style.borderTopColor, width: Number.parseFloat(style.borderTopWidth) }, around: background(swatch.parentElement!) };
        }),
      };
    });
  /** Whether a shape of `fill` with `edge` stands out at 3:1 from what touches it, `next`. */
  const standsOut = (fill: string, edge: { colour: string; width: number }, next: string) =>
    contrast(fill, next) >= 3 || (edge.width >= 1 && contrast(edge.colour, next) >= 3 && contrast(edge.colour, fill) >= 3);

  it.each([
    ['light', DESKTOP.width],
    ['dark', DESKTOP.width],
    ['light', PHONE.width],
    ['dark', PHONE.width],
  ] as const)('draws the timeline chart’s bars, its lines and its legend’s colours at 3:1 against the page and one another (%s scheme, %i px)', async (scheme, width) => {
    const context = await site.browser.newContext({ colorScheme: scheme, viewport: { width, height: 720 } });
    const page = await context.newPage();
    await page.goto(site.url);
    const chart = await chartOf(page);
    const failures: string[] = [];
    for (const bar of chart.bars) {
      if (!standsOut(bar.fill, bar.edge, chart.page)) failures.push(`bar ${bar.fill} on the page ${chart.page}`);
      // The bar stacked right on it, if any: the two must be told apart where they meet.
      const above = chart.bars.find((other) => other.x === bar.x && Math.abs(other.y + other.height - bar.y) < 0.01);
      if (above && !standsOut(bar.fill, bar.edge, above.fill) && !standsOut(above.fill, above.edge, bar.fill)) failures.push(`bar ${bar.fill} under ${above.fill}`);
    }
    for (const line of chart.lines) if (line.width < 1 || contrast(line.colour, chart.page) < 3) failures.push(`line ${line.colour}, ${line.width} px, on ${chart.page}`);
    for (const swatch of chart.swatches) if (!standsOut(swatch.fill, swatch.edge, swatch.around)) failures.push(`swatch ${swatch.fill} on ${swatch.around}`);
    expect(chart.bars.length).toBeGreaterThan(0);
    expect(failures).toEqual([]);
    await context.close();
  });

  it.each(['light', 'dark'] as const)('edges the search page’s fields, buttons and the filters’ fold at 3:1 against the page (%s scheme)', async (scheme) => {
    // On a phone the filters fold under a button of their own. (The tick boxes are the browser's own,
    // which a stylesheet does not see: Chromium edges them at 4.5:1 on white and 4.9:1 on the dark page.)
    const context = await site.browser.newContext({ colorScheme: scheme, viewport: PHONE });
    const page = await context.newPage();
    await page.goto(new URL(SEARCH, site.url).href);
    await expect.poll(() => page.locator('main [data-search-results] li').count()).toBeGreaterThan(0);
    const controls = await page.locator('main :is(button, select, input[type=search], input[type=text], .search-filters > summary)').evaluateAll((all) =>
      all
        .filter((el) => el.getClientRects().length > 0)
        .map((el) => {
          let around = 'rgb(255, 255, 255)';
          for (let at = el.parentElement; at; at = at.parentElement) {
            const colour = getComputedStyle(at).backgroundColor;
            if (!/^rgba\(.*, 0\)$|^transparent$/.test(colour)) {
              around = colour;
              break;
            }
          }
          const style = getComputedStyle(el);
          return { name: el.textContent?.trim() || el.getAttribute('name') || el.tagName, edge: style.borderTopColor, width: Number.parseFloat(style.borderTopWidth), around };
        }),
    );
    expect(controls.map((c) => c.name)).toEqual(expect.arrayContaining([expect.stringMatching(/filter/i)]));
    expect(controls.filter((c) => c.width < 1 || contrast(c.edge, c.around) < 3)).toEqual([]);
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
