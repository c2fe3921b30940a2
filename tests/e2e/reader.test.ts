import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, servedSite, watchPage } from '../helpers/browser';
import { DIST, unpackOfflineZip } from '../helpers/dist';
import { serializeIds, storageKey } from '../../src/lib/reading-list';
import { survey } from '../../src/survey.config';
import { builtSurvey, escapeRegExp, OUR_SURVEY, pick, withId } from '../helpers/survey';
import { shortAuthors, venueLabel } from '../../src/lib/labels';
import { parseMdx, renderMdx } from '../../src/lib/render';

// Samples from the survey, the first survey's preferred (tests/helpers/survey.ts): two papers for the
// reading list, the first with an arXiv id (VAR, FlowAR); a paper and a topic whose pages have a table
// of results (VAR, speculative decoding); a topic and a year with papers (speculative decoding, 2024).
const { papers, topics } = builtSurvey();
const first = pick(papers, (p) => !!p.arxiv, withId('var'))!;
// A survey of one paper has no second: the tests of a list of two wait for one, the others list one.
const second = pick(papers, (p) => p.id !== first.id, withId('flowar'));
const listed = [first, ...(second ? [second] : [])].map((p) => p.id);
const titled = (paper: { title: string }) => new RegExp(`^${escapeRegExp(paper.title)}`);
const withResults = pick(papers, (p) => p.results.length > 0, withId('var'));
const topicWithResults = pick(topics, (t) => papers.some((p) => p.results.length > 0 && p.topics.includes(t.id)), withId('speculative-decoding'));
const [cellTopic, cellYear] = pick(
  topics.flatMap((t) => papers.filter((p) => t.papers.includes(p.id)).map((p) => [t, p.year] as const)),
  ([t]) => !topics.some((other) => other !== t && other.title.endsWith(t.title)),
  ([t, y]) => t.id === 'speculative-decoding' && y === 2024,
)!;

const site = servedSite();
let offline: string;

beforeAll(() => {
  // The offline edition as a reader gets it: the zip, unpacked anywhere.
  offline = unpackOfflineZip();
});

/** A fresh browser profile (its own storage), with a page watched for errors and stray requests. */
async function fresh(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await site.browser.newContext({ acceptDownloads: true, ...options });
  const page = await context.newPage();
  return { context, page, problems: watchPage(page) };
}
const hosted = (path: string) => new URL(path, site.url).href;
const fromDisk = (path: string) => pathToFileURL(join(offline, path)).href;
/** The titles of the papers the reading list shows, once it has loaded them. */
async function visibleTitles(page: Page): Promise<string[]> {
  await expect.poll(() => page.locator('[data-reading-list-summary]').textContent(), { timeout: 10_000 }).toMatch(/ papers?\b|empty/);
  return page.locator('[data-reading-list-items] li:not([hidden]) h2').allTextContents();
}

async function downloadText(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
}

describe('citing a paper', () => {
  it('copies the BibTeX to the clipboard, and it parses with the key the page shows', async () => {
    const { context, page, problems } = await fresh({ permissions: ['clipboard-read', 'clipboard-write'] });
    await page.goto(hosted(`papers/${first.id}/`));
    await page.getByRole('button', { name: 'Copy BibTeX' }).click();
    await expect.poll(() => page.locator('[data-copy-status]').textContent()).toBe('Copied to the clipboard.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const bib = parseBibtex(copied);
    expect(bib.errors).toEqual([]);
    expect(bib.entries[0]?.key).toBe(first.citation_key);
    expect(copied).toBe(readFileSync(join(DIST, `papers/${first.id}.bib`), 'utf8'));
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe.runIf(OUR_SURVEY)("the first survey's samples", () => {
  it('are VAR and FlowAR, as the tests below show them', () => {
    expect([first.id, second!.id, withResults?.id, topicWithResults?.id, cellTopic.id, cellYear]).toEqual(['var', 'flowar', 'var', 'speculative-decoding', 'speculative-decoding', 2024]);
    expect(first.title).toBe('Visual Autoregressive Modeling: Scalable Image Generation via Next-Scale Prediction');
    expect(second!.title).toMatch(/^FlowAR/);
    expect([first.citation_key, second!.citation_key]).toEqual(['tian2024visual', expect.stringMatching(/^ren2024flowar/)]);
    expect(`${shortAuthors(first.authors)} · ${first.year} · ${venueLabel({ venue: first.venue ?? undefined })}`).toBe('Keyu Tian, Yi Jiang, Zehuan Yuan et al. · 2024 · NeurIPS 2024');
    expect(first.arxiv).toBe('2404.02905');
  });
});

describe('the reading list', () => {
  // Needs two papers.
  it.runIf(second)('keeps papers added on their pages, lists them in order, exports them and shares them', async () => {
    const { context, page, problems } = await fresh({ permissions: ['clipboard-read', 'clipboard-write'] });
    await page.goto(hosted(`papers/${first.id}/`));
    await page.getByRole('button', { name: 'Add to reading list' }).click();
    await expect.poll(() => page.locator('[data-reading-list-status]').textContent()).toBe(`Added “${first.title}” to your reading list.`);
    expect(await page.getByRole('button', { name: 'Remove from reading list' }).count()).toBe(1);
    await page.goto(hosted(`papers/${second!.id}/`));
    await page.getByRole('button', { name: 'Add to reading list' }).click();

    await page.goto(hosted('reading-list/'));
    expect(await visibleTitles(page)).toEqual([first.title, second!.title]);
    expect(await page.locator('[data-reading-list-items] .byline').first().textContent()).toBe(`${shortAuthors(first.authors)} · ${first.year} · ${venueLabel({ venue: first.venue ?? undefined })}`);
    expect(await page.getByRole('link', { name: titled(first) }).getAttribute('href')).toBe(`/papers/${first.id}/`);
    expect(await page.locator('[data-reading-list-summary]').textContent()).toBe('2 papers in your reading list, in the order you added them.');

    const bib = await downloadText(page, 'Download BibTeX');
    expect(bib.name).toBe('reading-list.bib');
    const parsed = parseBibtex(bib.text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.entries.map((e) => e.key)).toEqual([first.citation_key, second!.citation_key]);
    const csv = await downloadText(page, 'Download CSV');
    expect(csv.text.split('\r\n').filter(Boolean).map((line) => line.split(',')[0])).toEqual(['id', first.id, second!.id]);

    await page.getByRole('button', { name: 'Copy BibTeX' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(bib.text);

    const link = await page.getByLabel('Link to this list').inputValue();
    expect(link).toBe(hosted(`reading-list/?ids=${first.id},${second!.id}`));

    // Removing from the page updates the list, keeps the keyboard in the list, and survives a reload.
    await page.getByRole('button', { name: new RegExp(`^Remove “${escapeRegExp(second!.title)}”`) }).click();
    expect(await visibleTitles(page)).toHaveLength(1);
    expect(await page.locator('[data-reading-list-status]').textContent()).toBe(`Removed “${second!.title}” from your reading list.`);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(titled(first));
    await page.reload();
    expect(await visibleTitles(page)).toEqual([first.title]);
    expect(problems).toEqual([]);
    await context.close();

    // Someone else opens the link: they see the list and can keep it.
    const other = await fresh();
    await other.page.goto(link);
    expect(await visibleTitles(other.page)).toHaveLength(2);
    expect(await other.page.locator('[data-reading-list-summary]').textContent()).toBe('This shared list has 2 papers.');
    expect(await other.page.getByRole('button', { name: /^Remove “/ }).count()).toBe(0);
    await other.page.getByRole('button', { name: 'Add these papers to my reading list' }).click();
    await expect.poll(() => other.page.locator('[data-reading-list-summary]').textContent()).toBe('2 papers in your reading list, in the order you added them.');
    expect(new URL(other.page.url()).search).toBe('');
    await other.page.goto(hosted(`papers/${second!.id}/`));
    expect(await other.page.getByRole('button', { name: 'Remove from reading list' }).count()).toBe(1);
    expect(other.problems).toEqual([]);
    await other.context.close();
  });

  it('passes axe (WCAG 2.2 AA) with papers listed, in the light and the dark scheme', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { context, page } = await fresh({ colorScheme });
      await page.goto(hosted(`reading-list/?ids=${listed.join(',')},no-such-paper`));
      await page.locator('[data-reading-list-items] li').first().waitFor();
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), colorScheme).toEqual([]);
      await context.close();
    }
  });

  it('says so when the papers cannot be loaded', async () => {
    const { context, page } = await fresh();
    await page.route('**/paper-records.js', (route) => route.abort());
    await page.goto(hosted(`reading-list/?ids=${first.id}`));
    await expect.poll(() => page.locator('[data-reading-list-summary]').textContent()).toBe('The papers of the list could not be loaded. Reload the page to try again.');
    expect(await page.getByRole('button', { name: 'Download BibTeX' }).count()).toBe(0);
    await context.close();
  });

  it('says which ids of a shared link the survey does not have', async () => {
    const { context, page } = await fresh();
    await page.goto(hosted(`reading-list/?ids=${first.id},no-such-paper`));
    expect(await visibleTitles(page)).toHaveLength(1);
    expect(await page.locator('[data-reading-list-unknown]').textContent()).toContain('no-such-paper');
    // A link with none of the survey's papers offers nothing to add.
    await page.goto(hosted('reading-list/?ids=no-such-paper'));
    expect(await visibleTitles(page)).toEqual([]);
    expect(await page.locator('[data-reading-list-summary]').textContent()).toBe('This shared list has no papers of this survey.');
    await expect.poll(() => page.getByRole('button', { name: 'Add these papers to my reading list' }).isVisible()).toBe(false);
    await context.close();
  });

  it('works in the offline edition opened from disk', async () => {
    const { context, page, problems } = await fresh();
    await page.goto(fromDisk(`papers/${first.id}/index.html`));
    await page.getByRole('button', { name: 'Add to reading list' }).click();
    await page.getByRole('link', { name: 'Your reading list' }).click();
    expect(page.url()).toBe(fromDisk('reading-list/index.html'));
    expect(await visibleTitles(page)).toEqual([first.title]);
    const bib = await downloadText(page, 'Download BibTeX');
    expect(parseBibtex(bib.text).entries.map((e) => e.key)).toEqual([first.citation_key]);
    await page.getByRole('link', { name: titled(first) }).click();
    expect(page.url()).toBe(fromDisk(`papers/${first.id}/index.html`));
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('seeing the field', () => {
  it('opens a matrix cell as a search filtered to its topic and year, with as many papers as the cell says', async () => {
    const { context, page, problems } = await fresh();
    await page.goto(hosted('timeline/'));
    const cell = page.getByRole('link', { name: new RegExp(`papers? on ${escapeRegExp(cellTopic.title)} in ${cellYear}$`) });
    const count = Number.parseInt((await cell.textContent())!, 10);
    expect(count).toBe(papers.filter((p) => cellTopic.papers.includes(p.id) && p.year === cellYear).length);
    await cell.click();
    expect(new URL(page.url()).search).toBe(`?topic=${cellTopic.id}&from=${cellYear}&to=${cellYear}`);
    await expect.poll(() => page.locator('[data-search-status]').first().textContent(), { timeout: 10_000 }).toMatch(/filtered by topic, year/);
    expect(await page.locator('[data-search-status]').first().textContent()).toMatch(new RegExp(`^${count} papers?\\b`));
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('browsing the papers', () => {
  it('orders the years of /papers/ as the sort asks, the papers of each year by title, and offers no sort that changes nothing', async () => {
    const { context, page, problems } = await fresh();
    await page.goto(hosted('papers/'));
    const years = () => page.locator('[data-year-group] h2').evaluateAll((hs) => hs.map((h) => Number.parseInt(h.textContent!, 10)));
    const newest = await years();
    expect(newest).toEqual([...newest].sort((a, b) => b - a));
    await page.getByLabel('Sort papers').selectOption('oldest');
    expect(await years()).toEqual([...newest].reverse());
    // The papers of a year are in title order either way, so "Title A–Z" would change nothing here.
    expect(await page.getByLabel('Sort papers').locator('option').allTextContents()).toEqual(['Newest first', 'Oldest first']);
    const titles = await page.locator('[data-year-group]').first().locator('[data-sortable] > *').evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset['title']!));
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, 'en')));
    expect(problems).toEqual([]);
    await context.close();
  });

  it('keeps the order the sort shows when a reader comes back to the page', async () => {
    const { context, page, problems } = await fresh();
    await page.goto(hosted('papers/'));
    const years = () => page.locator('[data-year-group] h2').evaluateAll((hs) => hs.map((h) => Number.parseInt(h.textContent!, 10)));
    const newest = await years();
    await page.getByLabel('Sort papers').selectOption('oldest');
    await page.locator('[data-year-group] h3 a, [data-year-group] h2 a').first().click();
    await page.waitForURL(/\/papers\/[^/]+\/$/);
    // This browser keeps no page in its back-forward cache: the page loads again, the select as it was.
    await page.goBack();
    await expect.poll(() => page.getByLabel('Sort papers').inputValue()).toBe('oldest');
    expect(await years()).toEqual([...newest].reverse());
    expect(problems).toEqual([]);
    await context.close();
  });

  it.each([
    ...(withResults ? ([[`papers/${withResults.id}/`, 1280], [`papers/${withResults.id}/`, 390]] as const) : []),
    ...(topicWithResults ? ([[`topics/${topicWithResults.id}/`, 1280], [`topics/${topicWithResults.id}/`, 390]] as const) : []),
    ['', 390] as const,
  ])('breaks no word or number of a table on /%s at %i px, and a table too wide scrolls in its own frame', async (path, width) => {
    const { context, page } = await fresh({ viewport: { width, height: 800 } });
    await page.goto(hosted(path));
    const report = await page.evaluate(() => {
      const broken: string[] = [];
      for (const cell of document.querySelectorAll('.table-wrap td, .table-wrap th')) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
          if (node.parentElement?.closest('.katex, .visually-hidden')) continue;
          for (const word of node.data.matchAll(/[^\s\-–/]{2,}/g)) {
            const range = document.createRange();
            range.setStart(node, word.index);
            range.setEnd(node, word.index + word[0].length);
            const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
            if (lines.size > 1) broken.push(word[0]);
          }
        }
      }
      const frames = [...document.querySelectorAll<HTMLElement>('.table-wrap')].filter((f) => f.scrollWidth > f.clientWidth);
      return {
        broken,
        // Whether the page itself scrolls sideways (with headless Chromium's hidden scroll bars, a
        // wide window's content is narrower than the page by the room kept for one).
        page: document.documentElement.scrollWidth > document.documentElement.clientWidth,
        frames: frames.map((f) => ({ focusable: f.tabIndex === 0, named: Boolean(f.getAttribute('aria-labelledby')) })),
        tables: document.querySelectorAll('.table-wrap table').length,
      };
    });
    expect(report.tables).toBeGreaterThan(0);
    expect(report.broken).toEqual([]);
    expect(report.page).toBe(false);
    for (const frame of report.frames) expect(frame).toEqual({ focusable: true, named: true });
    await context.close();
  });
});

describe('tables on a phone', () => {
  const newest = Math.max(...papers.map((p) => p.year));
  const oldest = Math.min(...papers.map((p) => p.year));
  /** Whether the column header `year` of the table in `frame` is in view, clear of its row headers. */
  const yearInView = (frame: ReturnType<Page['getByRole']>, year: number) =>
    frame.getByRole('columnheader', { name: String(year), exact: true }).evaluate((th) => {
      const frame = th.closest('.table-scroll')!.getBoundingClientRect();
      const rowHeads = th.closest('tr')!.firstElementChild!.getBoundingClientRect();
      const cell = th.getBoundingClientRect();
      return cell.left >= rowHeads.right - 1 && cell.right <= frame.right + 1;
    });

  it.each([
    ['the matrix of /timeline/', 'timeline/', 'region', /^Papers per topic and year\./],
    ['the timeline table of the home page', '', 'group', 'Papers per year by top-level topic'],
  ] as const)('opens %s at 390 px on its newest year, hosted and from disk, and the keyboard scrolls back to the oldest', async (_, path, role, name) => {
    for (const url of [hosted(path), fromDisk(`${path}index.html`)]) {
      const { context, page, problems } = await fresh({ viewport: { width: 390, height: 800 } });
      await page.goto(url);
      const frame = page.getByRole(role, { name });
      const scrolls = await frame.evaluate((f) => f.scrollWidth > f.clientWidth);
      // The first survey's years never fit 390 px; a young survey's few years may, and then they all show.
      if (OUR_SURVEY) expect(scrolls, url).toBe(true);
      expect(await yearInView(frame, newest), url).toBe(true);
      expect(await frame.getByRole('rowheader').first().isVisible()).toBe(true);
      expect(await yearInView(frame, oldest), url).toBe(!scrolls);
      await frame.focus();
      for (let i = 0; i < 40 && !(await yearInView(frame, oldest)); i++) await page.keyboard.press('ArrowLeft');
      expect(await yearInView(frame, oldest), url).toBe(true);
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  /**
   * What a reader sees of a table's frame on `path` at `width` px: whether it scrolls, and the words
   * above it saying so. `noScrollTimelines` serves the stylesheet as a browser without scroll
   * timelines (Firefox) reads it, with `@supports (animation-timeline: scroll())` false.
   */
  const scrollHint = async (path: string, frameOf: (page: Page) => Locator, width: number, noScrollTimelines = false) => {
    const { context, page } = await fresh({ viewport: { width, height: 800 } });
    if (noScrollTimelines) {
      await page.route(/\.css$/, async (route) => {
        const response = await route.fetch();
        const css = await response.text();
        expect(css).toContain('(animation-timeline:scroll())');
        await route.fulfill({ response, body: css.replaceAll('(animation-timeline:scroll())', '(x-no-scroll-timeline:1)') });
      });
    }
    await page.goto(hosted(path));
    const shown = await frameOf(page).evaluate((f) => {
      const before = getComputedStyle(f, '::before');
      return { scrolls: f.scrollWidth > f.clientWidth, text: before.content, visible: before.visibility === 'visible' && Number.parseFloat(before.height) > 0 };
    });
    await context.close();
    return shown;
  };
  const resultsTable = (page: Page) => page.getByRole('group', { name: 'Reported results' });
  const yearsTable = (page: Page) => page.getByRole('region', { name: /^Papers per topic and year\./ });

  it.runIf(withResults)('says above a results table that it scrolls sideways, at 390 px but not where it fits', async () => {
    const paper = `papers/${withResults!.id}/`;
    expect(await scrollHint(paper, resultsTable, 390)).toEqual({ scrolls: true, text: expect.stringContaining('Scroll sideways for more columns'), visible: true });
    expect(await scrollHint(paper, resultsTable, 1280)).toMatchObject({ scrolls: false, visible: false });
  });

  it('says so as well in a browser without scroll timelines, such as Firefox: above the years and a results table at 390 px, not where they fit', async ({ skip }) => {
    // As above: the first survey's years scroll at 390 px; a young survey's may fit, and then no hint.
    const years = await scrollHint('timeline/', yearsTable, 390, true);
    if (OUR_SURVEY) expect(years.scrolls).toBe(true);
    // Known limitation: without scroll timelines the site assumes a table of years is wider than a
    // phone (global.css) and says so even when a young survey's few years fit. Skipped until it can tell.
    if (!years.scrolls) skip('the table of years fits 390 px, and without scroll timelines the hint shows all the same (global.css)');
    expect(years).toMatchObject({ text: expect.stringContaining('Scroll sideways for earlier years'), visible: true });
    expect(await scrollHint('timeline/', yearsTable, 1280, true)).toMatchObject({ scrolls: false, visible: false });
    if (!withResults) return;
    expect(await scrollHint(`papers/${withResults.id}/`, resultsTable, 390, true)).toMatchObject({ scrolls: true, visible: true });
    expect(await scrollHint(`papers/${withResults.id}/`, resultsTable, 1280, true)).toMatchObject({ scrolls: false, visible: false });
  });
});

describe('a paper’s notes on a 320 px screen', () => {
  // Notes as a curator may write them: a wide table, a narrow one, and code with a long line and tabs.
  const notes = [
    '| Model | Parameters | FID (256×256) | Inception score | Steps | Throughput (images/s) | Source |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    '| VAR-d30 | 2,000,000,000 | 1.80 | 356.4 | 10 | 0.3 | Table 1 |',
    '',
    '| Benchmark | FID |',
    '| --- | ---: |',
    '| ImageNet | 1.80 |',
    '',
    '```python',
    'def generate(model, scales):',
    '\tfor scale in scales: tokens = model.predict_next_scale(tokens, scale=scale, temperature=1.0, top_k=900)',
    '```',
  ].join('\n');

  it('scrolls a wide table and a long line of code each in a box of its own, named and reached by the keyboard, never the page', async () => {
    const { context, page } = await fresh({ viewport: { width: 320, height: 720 } });
    await page.goto(hosted(`papers/${first.id}/`));
    const html = renderMdx(parseMdx(notes), { base: '/', headingOffset: 2 }).html;
    await page.locator('.paper').evaluate((article, html) => {
      const section = article.appendChild(document.createElement('section'));
      section.id = 'written-notes';
      section.innerHTML = html;
    }, html);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    const wide = page.getByRole('group', { name: 'Table: Model, Parameters, FID (256×256), Inception score, Steps, Throughput (images/s), Source' });
    const narrow = page.getByRole('group', { name: 'Table: Benchmark, FID' });
    const code = page.locator('#written-notes pre');
    const scrolls = (box: Locator) => box.evaluate((el) => el.scrollWidth > el.clientWidth);
    expect([await scrolls(wide), await scrolls(narrow), await scrolls(code)]).toEqual([true, false, true]);
    for (const box of [wide, code]) {
      await box.focus();
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => box.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    }
    // A tab indents the code by two spaces on a phone, not the browser's eight.
    expect(await code.evaluate((el) => getComputedStyle(el).tabSize)).toBe('2');
    await context.close();
  });
});

describe('spacing', () => {
  /** How far below `upper`'s bottom edge `lower` starts, in CSS pixels. */
  const gap = async (upper: Locator, lower: Locator) => (await lower.boundingBox())!.y - ((await upper.boundingBox())!.y + (await upper.boundingBox())!.height);

  it('leaves room between a control and the text under it: the dialog’s count, a paper’s downloads, the reading list’s last button', async () => {
    const { context, page, problems } = await fresh();
    await context.addInitScript(([key, ids]) => localStorage.setItem(key!, ids!), [storageKey(survey.offlineName), serializeIds(listed)]);
    await page.goto(hosted(`papers/${first.id}/`));
    await page.getByRole('button', { name: 'Copy BibTeX' }).waitFor();
    expect(await gap(page.getByRole('button', { name: 'Copy BibTeX' }), page.getByText('Or download it for a reference manager:'))).toBeGreaterThanOrEqual(8);
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('searchbox').fill('diffusion');
    const count = dialog.locator('[data-search-status]');
    await expect.poll(() => count.textContent(), { timeout: 10_000 }).toMatch(/match/);
    expect(await gap(dialog.getByRole('searchbox'), count)).toBeGreaterThanOrEqual(8);
    await page.goto(hosted('reading-list/'));
    const clear = page.getByRole('button', { name: 'Remove all papers from the list' });
    await clear.waitFor();
    expect(await gap(page.getByRole('button', { name: 'Copy link' }), clear)).toBeGreaterThanOrEqual(8);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('the navigation on a phone', () => {
  it.each([
    [390, [6]],
    [360, [3, 3]],
  ])('puts its links in rows none is left alone in, at %i px', async (width, rows) => {
    const { context, page } = await fresh({ viewport: { width, height: 800 }, hasTouch: true, isMobile: true });
    await page.goto(hosted('papers/'));
    const tops = await page.locator('.site-nav li').evaluateAll((items) => items.map((li) => Math.round(li.getBoundingClientRect().top)));
    expect([...new Set(tops)].map((top) => tops.filter((t) => t === top).length)).toEqual(rows);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await context.close();
  });
});

describe('a touch phone', () => {
  it('shows no keyboard shortcuts: neither the header’s Ctrl K nor the search dialog’s keys, which a desktop shows', async () => {
    for (const [options, shown] of [
      [{ viewport: { width: 390, height: 800 }, hasTouch: true, isMobile: true }, false],
      [{ viewport: { width: 1280, height: 800 } }, true],
    ] as const) {
      const { context, page, problems } = await fresh(options);
      await page.goto(hosted('papers/'));
      expect(await page.locator('.site-header kbd').first().isVisible(), `Ctrl K at ${options.viewport.width} px`).toBe(shown);
      await page.getByRole('button', { name: /^Search/ }).click();
      const dialog = page.getByRole('dialog', { name: 'Search the survey' });
      await expect.poll(() => dialog.isVisible()).toBe(true);
      expect(await dialog.getByText('move,').isVisible(), `the dialog's keys at ${options.viewport.width} px`).toBe(shown);
      expect(await dialog.getByRole('link', { name: 'Search with filters' }).isVisible()).toBe(true);
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});

describe('a page loading', () => {
  it('moves nothing on screen when the page script shows the reading-list button and the sort', async () => {
    for (const path of [`papers/${first.id}/`, `topics/${topics[0]!.id}/`, 'papers/']) {
      const { context, page, problems } = await fresh();
      // A slow network: the page script arrives well after the first paint.
      await page.route('**/_astro/*.js', async (route) => {
        await new Promise((done) => setTimeout(done, 400));
        await route.continue();
      });
      await page.goto(hosted(path));
      const control = page.locator('[data-reading-list-control], [data-sort-control]').first();
      await expect.poll(() => control.evaluate((el) => !(el as HTMLElement).hidden)).toBe(true);
      const moved = await page.evaluate(
        () =>
          new Promise<string[]>((resolve) => {
            const sources: string[] = [];
            new PerformanceObserver((list) => {
              for (const entry of list.getEntries() as (PerformanceEntry & { hadRecentInput: boolean; sources: { node?: Node }[] })[]) {
                if (!entry.hadRecentInput) for (const { node } of entry.sources) sources.push(node instanceof Element ? `${node.localName}.${node.className}` : String(node?.nodeName));
              }
            }).observe({ type: 'layout-shift', buffered: true });
            setTimeout(() => resolve(sources), 300);
          }),
      );
      expect(moved, path).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    }
  });
  it('loads no math renderer and no search code until the reader searches', async () => {
    const { context, page, problems } = await fresh();
    const scripts: { url: string; body: string }[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.push({ url: response.url(), body: '' });
    });
    const bodies = async () => Promise.all(scripts.map(async (s) => ({ ...s, body: s.body || (await (await fetch(s.url)).text()) })));
    await page.goto(hosted(`papers/${first.id}/`));
    await expect.poll(() => page.locator('[data-reading-list-control]').evaluate((el) => !(el as HTMLElement).hidden)).toBe(true);
    // The math is KaTeX's HTML, made at build time: the browser never needs KaTeX (230 KB of
    // script), which the reading-list button's code once brought along to every page.
    const loaded = await bodies();
    expect(loaded.filter((s) => s.body.includes('KaTeX parse error')).map((s) => s.url)).toEqual([]);
    expect(loaded.filter((s) => /pagefind|\/ui\.[\w-]+\.js/.test(s.url)).map((s) => s.url)).toEqual([]);
    await page.keyboard.press('/');
    await page.getByRole('dialog', { name: 'Search the survey' }).getByRole('searchbox').fill('decoding');
    await expect.poll(() => scripts.some((s) => /\/ui\.[\w-]+\.js/.test(s.url))).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('a Mac', () => {
  it('shows ⌘ K in the header, and the search dialog still says which keys move and open', async () => {
    const { context, page, problems } = await fresh();
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'platform', { get: () => 'MacIntel' }));
    await page.goto(hosted('papers/'));
    expect(await page.locator('.site-header kbd').first().textContent()).toBe('⌘ K');
    await page.getByRole('button', { name: /^Search/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Search the survey' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.getByText('move,').isVisible()).toBe(true);
    expect(await dialog.locator('.search-dialog-bar').textContent()).not.toContain('⌘');
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('reading comfort', () => {
  it('keeps the header and text where they stand from a page too short to scroll to a long one, with classic scroll bars, and leaves a phone its whole width', async () => {
    const browser = await launchBrowser({ scrollbars: true });
    /** Where the site's title starts on `path` in a window `width` px wide, and whether the page scrolls. */
    const place = async (path: string, width: number) => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(hosted(path));
      const placed = await page.evaluate(() => ({
        left: document.querySelector('.site-title')!.getBoundingClientRect().left,
        scrolls: document.documentElement.scrollHeight > document.documentElement.clientHeight,
        room: window.innerWidth - document.documentElement.clientWidth,
      }));
      await page.close();
      return placed;
    };
    const short = await place('404.html', 1280);
    const long = await place(`papers/${first.id}/`, 1280);
    expect([short.scrolls, long.scrolls]).toEqual([false, true]);
    expect(short.left).toBe(long.left);
    // A phone's short page keeps every pixel: no room is set aside for a scroll bar it does not show.
    expect(await place('404.html', 390)).toMatchObject({ scrolls: false, room: 0 });
    await browser.close();
  });

  it('applies a saved dark scheme before the page body exists, so it never flashes light', async () => {
    const { context, page } = await fresh({ colorScheme: 'light' });
    await page.goto(hosted('about/'));
    await page.evaluate(() => localStorage.setItem('theme', 'dark'));
    await page.addInitScript(() => {
      new MutationObserver(() => {
        const w = window as unknown as { themeSetBeforeBody?: boolean };
        if (document.documentElement.dataset['theme'] && w.themeSetBeforeBody === undefined) w.themeSetBeforeBody = document.body === null;
      }).observe(document, { attributes: true, subtree: true });
    });
    await page.goto(hosted(`papers/${first.id}/`));
    expect(await page.evaluate(() => (window as unknown as { themeSetBeforeBody?: boolean }).themeSetBeforeBody)).toBe(true);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe('dark');
    expect(await page.getByLabel('Colour scheme').inputValue()).toBe('dark');
    await context.close();
  });

  it('prints a paper page dark on white, without controls, with the addresses of its links', async () => {
    const { context, page } = await fresh({ colorScheme: 'dark' });
    await page.goto(hosted(`papers/${first.id}/`));
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['.site-header', '.site-footer', '[data-reading-list-control]', '.download-list', '[data-copy]']) {
      expect(await page.locator(selector).first().evaluate((el) => getComputedStyle(el).display), selector).toBe('none');
    }
    const after = await page.locator(`.paper a[href="https://arxiv.org/abs/${first.arxiv}"]`).evaluate((a) => getComputedStyle(a, '::after').content);
    expect(after).toContain(`https://arxiv.org/abs/${first.arxiv}`);
    expect(await page.locator('#bibtex').isVisible()).toBe(true);
    expect(await page.locator('h1').evaluate((h) => getComputedStyle(h).color)).toBe('rgb(0, 0, 0)');
    await context.close();
  });

  it.each([
    ['a paper page', `papers/${first.id}/`],
    ['a topic page', `topics/${(topicWithResults ?? topics[0]!).id}/`],
  ])('prints %s without the site’s header, search, footer or skip link, with margins, and keeps each card, table, code block and formula on one sheet', async (_, path) => {
    const { context, page } = await fresh();
    await page.goto(hosted(path));
    await page.emulateMedia({ media: 'print' });
    // Hidden from print, so also from the accessibility tree that role locators see by default.
    const all = { includeHidden: true };
    for (const chrome of [
      page.getByRole('navigation', { name: 'Main', ...all }),
      page.getByRole('banner', all).getByRole('button', { name: 'Search', ...all }),
      page.getByRole('contentinfo', all),
      page.getByRole('link', { name: 'Skip to content', ...all }),
    ]) {
      expect(await chrome.evaluate((el) => el.checkVisibility() && getComputedStyle(el).visibility !== 'hidden'), String(chrome)).toBe(false);
    }
    const printed = await page.evaluate(() => {
      // The margins of the printed sheet, in CSS pixels: @page rules, found wherever the stylesheets nest them.
      const pageRules = (rules: CSSRuleList): CSSPageRule[] =>
        [...rules].flatMap((rule) => (rule instanceof CSSPageRule ? [rule] : rule instanceof CSSMediaRule && matchMedia(rule.conditionText).matches ? pageRules(rule.cssRules) : []));
      const probe = document.body.appendChild(document.createElement('div'));
      const px = (length: string) => {
        probe.style.width = length;
        return probe.getBoundingClientRect().width;
      };
      const margins = [...document.styleSheets].flatMap((sheet) => pageRules(sheet.cssRules)).map((rule) => ['Top', 'Right', 'Bottom', 'Left'].map((side) => px(rule.style.getPropertyValue(`margin-${side.toLowerCase()}`))));
      probe.remove();
      const split = [...document.querySelectorAll('main :is(.paper-card, table, pre, .katex-display, figure)')].filter((el) => getComputedStyle(el).breakInside !== 'avoid');
      return { margins, kept: document.querySelectorAll('main :is(.paper-card, table, pre, .katex-display, figure)').length, split: split.map((el) => el.className || el.tagName) };
    });
    // At least 1 cm (38 px) on every side of the sheet.
    expect(printed.margins.length).toBeGreaterThan(0);
    for (const margins of printed.margins) for (const margin of margins) expect(margin).toBeGreaterThanOrEqual(37);
    expect(printed.kept).toBeGreaterThan(0);
    expect(printed.split).toEqual([]);
    await context.close();
  });
});
