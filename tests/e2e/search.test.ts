import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { servedSite, watchPage } from '../helpers/browser';
import { idOf, loadPagefind } from '../helpers/dist';
import { builtSurvey, contentEntries, escapeRegExp, facetLabels, filterName, mentions, OUR_SURVEY, pairs, pick, tagsOf, titlePhrases, titleWords, withId, yearsOf } from '../helpers/survey';
import { PAPERS_ONLY } from '../../src/scripts/search/pagefind-engine';
import { nameKey } from '../../src/lib/search-terms';

const site = servedSite();
let page: Page;
let problems: string[];


const open = async (path: string) => {
  page = await site.browser.newPage();
  problems = watchPage(page);
  await page.goto(new URL(path, site.url).href);
};
const resultTitles = () => page.locator('[data-search-results] h2 a').allTextContents();
const STATUS = (text: string) => escapeRegExp(text);

// Samples from the survey, the first survey's preferred (tests/helpers/survey.ts); what depends on
// what the search finds is asked of the built Pagefind index.
const { papers, topics } = builtSurvey();
const labels = facetLabels(papers, topics);
const words = titleWords(papers).map((w) => w.word);
const pagefind = await loadPagefind();
await pagefind.filters(); // Loads every filter, so that a search counts the papers of each value.
const found = async (q: string, filters: Record<string, unknown> = {}) => {
  const response = await pagefind.search(q, { filters: { ...PAPERS_ONLY, ...filters } });
  return { ids: await Promise.all(response.results.map(async (r) => idOf((await r.data()).url))), filters: response.filters };
};
const word = (preferred: string) => pick(words, () => true, (w) => w === preferred)!;
/** A word that papers in the topic and out of it have, the topic's filter named by its title alone: "decoding", speculative decoding. */
const [narrowWord, narrowTopic] = pick(
  pairs(['decoding', ...words], topics),
  ([w, t]) => !!filterName(t.title, labels) && papers.some((p) => mentions(p, w) && t.papers.includes(p.id)) && papers.some((p) => mentions(p, w) && !t.papers.includes(p.id)),
  ([w, t]) => w === 'decoding' && t.id === 'speculative-decoding',
) ?? [];
const narrowFilter = narrowTopic && filterName(narrowTopic.title, labels);
// A topic to browse without a query, with five papers or more when the survey has one.
const most = Math.max(...topics.map((t) => t.paper_count));
const browsed = pick(topics, (t) => t.paper_count >= Math.min(5, most), withId('speculative-decoding'))!;
// Two years of papers: 2019 and 2024.
const years = yearsOf(papers);
const [earlyYear, lateYear] = pick(pairs(years, years), ([a, b]) => a < b, ([a, b]) => a === 2019 && b === 2024) ?? [];
// Queries of two words of a title, with different first results: "speculative decoding", "next-scale prediction".
const phrases = titlePhrases(papers);
const phrase = pick(['speculative decoding', ...phrases], (q) => papers.some((p) => p.title.toLowerCase().includes(q)), (q) => q === 'speculative decoding')!;
const firstFound = (await found(phrase)).ids[0];
let otherPhrase: string | undefined;
for (const q of ['next-scale prediction', ...phrases]) {
  if (q !== phrase && papers.some((p) => p.title.toLowerCase().includes(q)) && !(await found(q)).ids.includes(firstFound!)) {
    otherPhrase = q;
    break;
  }
}
// A paper with display math: VAR.
const displayMath = pick(contentEntries('papers'), (e) => e.body.includes('$$') || String(e.data['abstract']).includes('$$'), withId('var'));
// A word with two papers or more from a year on, in a topic named by its title alone: "diffusion", 2024, diffusion language models.
const [restoredWord, restoredYear, restoredTopic] = pick(
  pairs(pairs(['diffusion', ...words], years), topics).map(([[w, y], t]) => [w, y, t] as const),
  ([w, y, t]) => !!filterName(t.title, labels) && papers.filter((p) => mentions(p, w) && p.year >= y).length >= 2 && papers.some((p) => mentions(p, w) && p.year >= y && t.papers.includes(p.id)),
  ([w, y, t]) => w === 'diffusion' && y === 2024 && t.id === 'diffusion-language-models',
) ?? [];
const restoredFilter = restoredTopic && filterName(restoredTopic.title, labels);
// A word no paper of a topic has, which others have: "mamba", speculative decoding.
let unmatched: [string, (typeof topics)[number]] | undefined;
for (const [w, t] of [...pairs(['mamba'], topics.filter((t) => t.id === 'speculative-decoding')), ...pairs(words, topics)]) {
  if (filterName(t.title, labels) && (await found(w)).ids.length > 0 && (await found(w, { topic: t.id })).ids.length === 0) {
    unmatched = [w, t];
    break;
  }
}
// A word with two papers or more, one of them in a topic named by its title alone: "diffusion", speculative decoding.
let phoneSearch: [string, (typeof topics)[number]] | undefined;
for (const [w, t] of [...pairs(['diffusion'], topics.filter((t) => t.id === 'speculative-decoding')), ...pairs(words, topics)]) {
  if (filterName(t.title, labels) && (await found(w)).ids.length >= 2 && (await found(w, { topic: t.id })).ids.length > 0) {
    phoneSearch = [w, t];
    break;
  }
}
// A word with two papers or more, of which one alone has its venue: "decoding".
let venueWord: { word: string; count: number } | undefined;
for (const w of ['decoding', ...words]) {
  const { ids, filters } = await found(w);
  if (ids.length >= 2 && Object.values(filters['venue'] ?? {}).includes(1)) {
    venueWord = { word: w, count: ids.length };
    break;
  }
}
// The topic filter ticked with Space; and enough tags for a "more tags" list (12 show) long enough that,
// from its sixth tag, it reaches below an 800 px window (25 px a tag): ticking the tag shortens the
// results, and the page must stay tall enough to keep its place.
const spaced = pick(topics, (t) => !!filterName(t.title, labels), withId('speculative-decoding'))!;
const MANY_TAGS = tagsOf(papers).length >= 12 + 6 + 800 / 25;
// A paper page to open the search from, other than the first result of the query above; and words that
// find papers: VAR; "speculative", "next-scale".
// (A survey of one paper has only that one's page, which the tests below need only as some paper page.)
const paperPage = `papers/${(pick(papers, (p) => p.id !== firstFound, withId('var')) ?? papers[0])!.id}/`;
const typed = word('speculative');
const excerptWord = word('next-scale');
const detailsWord = pick(['decoding', ...words], (w) => papers.filter((p) => mentions(p, w)).length >= 2, (w) => w === 'decoding');

// A word with more papers than the search page shows at first (20), and some to spare: "model".
let manyWord: string | undefined;
for (const w of ['model', ...words]) {
  if ((await found(w)).ids.length >= 26) {
    manyWord = w;
    break;
  }
}

// A paper going by a short name that Pagefind's ranking alone does not put first: VAR, which it
// ranks below papers with "variational" or "various".
let named: (typeof papers)[number] | undefined;
for (const p of [...papers.filter((p) => p.id === 'var'), ...papers]) {
  if (p.name && (await found(p.name)).ids[0] !== p.id) {
    named = p;
    break;
  }
}

// A word of titles that is no paper's short name: "decoding".
const plainWord = pick(['decoding', ...words], (w) => !papers.some((p) => p.name && nameKey(p.name) === nameKey(w)), (w) => w === 'decoding')!;

describe('search on the hosted site', () => {
  it.runIf(named)('lists first the paper going by the short name searched for, which its page shows', async () => {
    const { id, name } = named!;
    await open(`search/?q=${encodeURIComponent(name!)}`);
    await expect.poll(async () => (await page.locator('[data-search-results] h2 a').first().getAttribute('href')) ?? '').toMatch(new RegExp(`/papers/${id}/$`));
    await page.locator('[data-search-results] h2 a').first().click();
    await page.waitForURL(new RegExp(`/papers/${id}/$`));
    await expect.poll(() => page.locator('.paper-header').getByText(`Known as ${name}`).isVisible()).toBe(true);
    expect(problems).toEqual([]);
  });

  it.runIf(named)("fetches no more for a one-word search that is no paper's name than for two words", async () => {
    // Only a query that is a name loads the names' filter, which Pagefind then counts in every search.
    const filtersFetched = async (query: string) => {
      await open(paperPage);
      const fetched: string[] = [];
      page.context().on('requestfinished', (request) => void (request.url().endsWith('.pf_filter') && fetched.push(request.url())));
      await page.keyboard.press('Control+k');
      const dialog = page.getByRole('dialog', { name: 'Search the survey' });
      await dialog.locator('[data-search-input]').fill(query);
      await expect.poll(() => dialog.locator('[data-search-results] h2 a').count()).toBeGreaterThan(0);
      await page.waitForLoadState('networkidle');
      expect(problems).toEqual([]);
      return fetched.length;
    };
    expect(await filtersFetched(plainWord)).toBe(await filtersFetched(phrase));
    expect(await filtersFetched(named!.name!)).toBeGreaterThan(await filtersFetched(phrase));
  });

  it.runIf(OUR_SURVEY)('lists the speculative-decoding papers for "speculative decoding"', async () => {
    await open('search/');
    await page.getByRole('main').getByLabel('Search titles, authors, abstracts and notes').fill('speculative decoding');
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/papers match “speculative decoding”/);
    const topic = await site.browser.newPage();
    await topic.goto(new URL('topics/speculative-decoding/', site.url).href);
    const speculative = await topic.locator('.paper-card h3 a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
    await topic.close();
    const top = await page.locator('[data-search-results] h2 a').evaluateAll((links) => links.slice(0, 5).map((a) => (a as HTMLAnchorElement).pathname));
    expect(top).toHaveLength(5);
    for (const path of top) expect(speculative).toContain(path);
    expect(problems).toEqual([]);
  });

  // Needs a word of papers in a topic and of papers out of it: two papers at least.
  it.runIf(narrowTopic)('narrows the results with a topic filter whose count matches the topic page', async () => {
    await open(`topics/${narrowTopic!.id}/`);
    const stated = Number(await page.locator('[data-paper-count]').getAttribute('data-paper-count'));
    await open(`search/?q=${encodeURIComponent(narrowWord!)}`);
    await expect.poll(resultTitles).not.toHaveLength(0);
    const before = Number((await page.getByRole('status').first().textContent())!.match(/\d+/)![0]);
    const box = page.getByRole('checkbox', { name: narrowFilter! });
    expect(await box.locator('xpath=following-sibling::label').textContent()).toContain(`(${stated})`);
    await box.check();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('filtered by topic');
    const after = Number((await page.getByRole('status').first().textContent())!.match(/\d+/)![0]);
    expect(after).toBeLessThan(before);
    expect(after).toBeLessThanOrEqual(stated);
    expect(page.url()).toContain(`topic=${narrowTopic!.id}`);
    expect(problems).toEqual([]);
  });

  it('browses a filter without a query newest first, as the offline edition does', async () => {
    await open(`search/?topic=${browsed.id}`);
    await expect.poll(() => page.locator('[data-search-results] .search-hit:not(.pending)').count()).toBeGreaterThanOrEqual(Math.min(5, browsed.paper_count));
    const years = await page.locator('[data-search-results] .search-hit:not(.pending) .byline').evaluateAll((bylines) =>
      bylines.map((b) => Number(/ · ((?:19|20)\d\d)(?: · |$)/.exec(b.textContent ?? '')?.[1])),
    );
    expect(years.every(Number.isInteger)).toBe(true);
    expect(years).toEqual([...years].sort((a, b) => b - a));
    expect(problems).toEqual([]);
  });

  it('shows the order the results are in: newest first when browsing without a query, relevance once there is one', async () => {
    await open(`search/?topic=${browsed.id}`);
    await expect.poll(() => page.locator('[data-search-results] .search-hit:not(.pending)').count()).toBeGreaterThan(0);
    const sort = page.getByLabel('Sort');
    expect(await sort.inputValue()).toBe('newest');
    expect(await sort.locator('option[value="relevance"]').isDisabled()).toBe(true);
    await page.getByRole('main').getByLabel('Search titles, authors, abstracts and notes').fill(phrase);
    await expect.poll(() => sort.inputValue()).toBe('relevance');
    expect(await sort.locator('option[value="relevance"]').isDisabled()).toBe(false);
    expect(page.url()).not.toContain('sort=');
    expect(problems).toEqual([]);
  });

  it.runIf(lateYear)('moves the other end of the year range rather than make it reversed', async () => {
    await open(`search/?to=${earlyYear}`);
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('filtered by year');
    await page.locator('#page-from').selectOption(String(lateYear));
    await expect.poll(() => page.url()).toContain(`?from=${lateYear}&to=${lateYear}`);
    expect(await page.locator('#page-to').inputValue()).toBe(String(lateYear));
    expect(problems).toEqual([]);
  });

  it('opens the dialog with Ctrl+K and reaches a paper with the keyboard alone', async () => {
    await open('');
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Search the survey' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.keyboard.type(otherPhrase ?? phrase);
    await expect.poll(() => dialog.locator('[data-search-results] h2 a').count()).toBeGreaterThan(0);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/papers\/[^/]+\/$/);
    expect(await page.locator('h1').textContent()).toBeTruthy();
    expect(problems).toEqual([]);
  });

  it.runIf(displayMath)('renders math on a paper page', async () => {
    await open(`papers/${displayMath!.id}/`);
    expect(await page.locator('.katex').count()).toBeGreaterThan(0);
    const box = await page.locator('.katex-display .katex-html').first().boundingBox();
    expect(box?.height).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });
});

describe('search state, feedback and the dialog', () => {
  // Needs a word of two papers or more from a year on, one of them in a topic.
  it.runIf(restoredTopic)('restores a search from the URL and follows back and forward', async () => {
    await open(`search/?q=${encodeURIComponent(restoredWord!)}&sort=oldest&from=${restoredYear!}`);
    const status = () => page.getByRole('status').first().textContent();
    await expect.poll(status).toMatch(new RegExp(`match “${STATUS(restoredWord!)}”, filtered by year\\.`));
    expect(await page.getByLabel('Sort').inputValue()).toBe('oldest');
    expect(await page.getByLabel('From year').inputValue()).toBe(String(restoredYear!));
    const years = (await page.locator('[data-search-results] .byline').allTextContents()).map((t) => Number(t.match(/· (\d{4}) ·/)![1]));
    expect(years.every((y) => y >= restoredYear!)).toBe(true);
    expect([...years].sort()).toEqual(years);

    await page.getByRole('checkbox', { name: restoredFilter! }).check();
    await expect.poll(() => page.url()).toContain(`topic=${restoredTopic!.id}`);
    await page.goBack();
    await expect.poll(() => page.url()).not.toContain('topic=');
    await expect.poll(() => page.getByRole('checkbox', { name: restoredFilter! }).isChecked()).toBe(false);
    await page.goForward();
    await expect.poll(() => page.getByRole('checkbox', { name: restoredFilter! }).isChecked()).toBe(true);
    expect(problems).toEqual([]);
  });

  it.runIf(restoredTopic && lateYear)('reads a link with values that make no sense as what it can show, says so, and puts the cleaned link in the address bar', async () => {
    const q = encodeURIComponent(restoredWord!);
    const topic = restoredTopic!.id;
    await open(`search/?q=${q}&q=other&from=abc&to=${earlyYear!}&sort=bogus&topic=no-such-topic&topic=${topic}&topic=${topic}`);
    const cleaned = new URL(`search/?q=${q}&topic=${topic}&to=${earlyYear!}`, site.url).href;
    await expect.poll(() => page.url()).toBe(cleaned);
    const notice = page.locator('[data-search-notice]');
    await expect.poll(() => notice.textContent()).toBe(
      `The link gives a search twice: “${restoredWord!}” is used and “other” left out. “abc” is not a year, so the year range has no start. ` +
        '“bogus” is not an order the results can be sorted in (relevance, newest, oldest), so they keep the usual one. ' +
        'No paper has the topic “no-such-topic”, so it is left out.',
    );
    // The controls show what was applied.
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/, filtered by topic, year\.$/);
    expect(await page.getByRole('checkbox', { name: restoredFilter! }).isChecked()).toBe(true);
    expect(await page.getByLabel('From year', { exact: true }).inputValue()).toBe('');
    await expect.poll(() => page.getByLabel('To year', { exact: true }).inputValue()).toBe(String(earlyYear!));
    expect(await page.getByLabel('Sort').inputValue()).toBe('relevance');
    // A change of the reader's own makes the notice about the link moot; Back returns to the cleaned link.
    await page.getByLabel('Sort').selectOption('newest');
    await expect.poll(() => page.url()).toContain('sort=newest');
    expect(await notice.textContent()).toBe('');
    await page.goBack();
    await expect.poll(() => page.url()).toBe(cleaned);
    expect(problems).toEqual([]);
  });

  it.runIf(lateYear)('reads a year range given backwards as the range it means, fitted to the years papers are from', async () => {
    await open(`search/?from=${lateYear! + 50}&to=${earlyYear!}`);
    // From the first year on is any year, and leaves the range out.
    const from = earlyYear! > Math.min(...years) ? String(earlyYear!) : '';
    await expect.poll(() => page.url()).toBe(new URL(`search/${from && `?from=${from}`}`, site.url).href);
    await expect.poll(() => page.locator('[data-search-notice]').textContent()).toBe(
      `The link gives the years from ${lateYear! + 50} to ${earlyYear!}: read as ${earlyYear!} to ${lateYear! + 50}.`,
    );
    await expect.poll(() => page.getByLabel('From year', { exact: true }).inputValue()).toBe(from);
    expect(await page.getByLabel('To year', { exact: true }).inputValue()).toBe('');
    expect(problems).toEqual([]);
  });

  it('names the year menus apart, and ties a hint on phrases to the search field', async () => {
    await open('search/');
    await expect.poll(() => page.locator('[data-search-controls]:not([data-pending])').count()).toBe(1);
    for (const name of ['From year', 'To year']) expect(await page.getByRole('combobox', { name, exact: true }).isVisible(), name).toBe(true);
    const field = page.getByRole('main').getByRole('searchbox', { name: 'Search titles, authors, abstracts and notes' });
    const hint = await field.evaluate((input) =>
      (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean).map((id) => document.getElementById(id)),
    );
    expect(hint).toHaveLength(1);
    const described = page.locator(`#${await field.getAttribute('aria-describedby')}`);
    expect(await described.isVisible()).toBe(true);
    expect(await described.textContent()).toMatch(/quotes.? for an exact phrase/);
    expect(problems).toEqual([]);
  });

  it.runIf(unmatched)('says when nothing matches and offers to clear the filters', async () => {
    const [w, topic] = unmatched!;
    await open(`search/?q=${encodeURIComponent(w)}&topic=${topic.id}`);
    const status = page.getByRole('status').first();
    await expect.poll(() => status.textContent()).toMatch(new RegExp(`^No papers match “${STATUS(w)}”, filtered by topic\\.$`));
    // The button is out of the live region, which would read it out with the count.
    expect(await status.getByRole('button').count()).toBe(0);
    await page.getByRole('button', { name: 'Clear the filters' }).click();
    await expect.poll(() => status.textContent()).toMatch(new RegExp(`^\\d+ papers? match(es)? “${STATUS(w)}”\\.$`));
    expect(page.url()).not.toContain('topic=');
    expect(problems).toEqual([]);
  });

  it('shows excerpts with the match highlighted and no TeX noise', async () => {
    await open(`search/?q=${encodeURIComponent(excerptWord)}`);
    await expect.poll(() => page.locator('[data-search-results] .excerpt mark').count()).toBeGreaterThan(0);
    const excerpts = (await page.locator('[data-search-results] .excerpt').allTextContents()).join(' ');
    expect(excerpts).not.toMatch(/\\[a-z]+\{|katex/i);
    expect(problems).toEqual([]);
  });

  it('shows in each excerpt the paper’s summary or abstract, not its title and authors again', async () => {
    // The title, authors and topics are printed above each excerpt; an excerpt repeating them tells
    // the reader nothing, and Pagefind's own excerpt picks them, since the title weighs most.
    await open(`search/?q=${encodeURIComponent(phrase)}`);
    // Several excerpts (two), or a small survey's one when the phrase is in one paper only.
    const expected = Math.min(2, (await found(phrase)).ids.length);
    await expect.poll(() => page.locator('[data-search-results] .search-hit:not(.pending) .excerpt').count()).toBeGreaterThanOrEqual(expected);
    const hits = await page.locator('[data-search-results] .search-hit:not(.pending)').evaluateAll((items) =>
      items.map((item) => ({
        path: item.querySelector<HTMLAnchorElement>('h2 a')!.pathname,
        excerpt: item.querySelector('.excerpt')!.textContent!.replace(/\s+/g, ' ').trim(),
      })),
    );
    const flat = (text: string) => text.replace(/\s+/g, ' ').trim();
    for (const { path, excerpt } of hits) {
      const paper = papers.find((p) => path.endsWith(`/papers/${p.id}/`))!;
      expect(excerpt, path).not.toContain(flat(paper.title));
      expect(excerpt, path).not.toContain(flat(paper.authors.slice(0, 2).join(', ')));
      // Its words come from the paper's own text: the summary, the abstract or the notes.
      expect(excerpt.replace(/^… | …$/g, '').length, path).toBeGreaterThan(20);
    }
    expect(await page.locator('[data-search-results] .excerpt mark').count()).toBeGreaterThan(0);

    // Browsing without a query, each excerpt is the start of the paper's one-sentence summary.
    await open(`search/?topic=${browsed.id}`);
    await expect.poll(() => page.locator('[data-search-results] .search-hit:not(.pending) .excerpt').count()).toBeGreaterThan(0);
    const browsedHits = await page.locator('[data-search-results] .search-hit:not(.pending)').evaluateAll((items) =>
      items.map((item) => ({ path: item.querySelector<HTMLAnchorElement>('h2 a')!.pathname, excerpt: item.querySelector('.excerpt')!.textContent! })),
    );
    for (const { path, excerpt } of browsedHits) {
      const paper = papers.find((p) => path.endsWith(`/papers/${p.id}/`))!;
      if (/[$\\]/.test(paper.tldr)) continue; // Formulas read differently as indexed text.
      expect(flat(excerpt), path).toMatch(new RegExp(`^${escapeRegExp(flat(paper.tldr).split(' ').slice(0, 6).join(' '))}`));
    }
    expect(problems).toEqual([]);
  });

  it('closes the dialog with Escape and gives focus back', async () => {
    await open(paperPage);
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
    await page.getByRole('main').getByLabel('Search titles, authors, abstracts and notes').fill(typed);
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain(typed);
    const after = await output.boundingBox();
    expect(after?.y).toBe(before?.y);
    expect(after?.x).toBe(before?.x);
    const shift = await layoutShift();
    expect(shift).toBeLessThan(0.1);
    expect(problems).toEqual([]);
  });

  // Needs a word of two papers or more.
  it.runIf(detailsWord)('still counts the results and breaks nothing when their details cannot be loaded', async () => {
    page = await site.browser.newPage();
    problems = watchPage(page);
    let failed = 0;
    await page.route('**/pagefind/fragment/**', (route) => (failed++, route.abort()));
    await page.goto(new URL(`search/?q=${encodeURIComponent(detailsWord!)}`, site.url).href);
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(new RegExp(`\\d+ papers match “${STATUS(detailsWord!)}”`));
    await expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
    expect(failed).toBeGreaterThan(0);
    // The slots of the results that could not be shown stay hidden, and nothing is thrown.
    expect(await resultTitles()).toEqual([]);
    expect(await page.locator('[data-search-results] li:visible').count()).toBe(0);
    expect(problems.filter((problem) => !problem.includes('Failed to load resource'))).toEqual([]);
  });

  it.runIf(phoneSearch)('on a phone, shows the results first and folds the filters under a button that counts them', async () => {
    const [w, topic] = phoneSearch!;
    page = await site.browser.newPage({ viewport: { width: 390, height: 844 } });
    problems = watchPage(page);
    await page.goto(new URL(`search/?q=${encodeURIComponent(w)}&topic=${topic.id}`, site.url).href);
    await expect.poll(resultTitles).not.toHaveLength(0);
    const filters = page.getByRole('main').getByText('Filters (1 selected)');
    const firstResult = page.locator('[data-search-results] h2 a').first();
    expect(await page.getByRole('checkbox', { name: filterName(topic.title, labels)! }).isVisible()).toBe(false);
    expect((await firstResult.boundingBox())!.y).toBeLessThan(844);
    expect(await layoutShift()).toBeLessThan(0.01);
    // Opened from the keyboard, the filters work as on a wide screen.
    await filters.focus();
    await page.keyboard.press('Enter');
    const box = page.getByRole('checkbox', { name: filterName(topic.title, labels)! });
    await expect.poll(() => box.isVisible()).toBe(true);
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(new RegExp(`^\\d+ papers match “${STATUS(w)}”\\.$`));
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
    page = await site.browser.newPage({ viewport });
    problems = watchPage(page);
    await page.goto(new URL(paperPage, site.url).href);
    await page.keyboard.press('Control+k');
    await page.keyboard.type(typed);
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
    const box = page.getByRole('checkbox', { name: filterName(spaced.title, labels)! });
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

  it.runIf(MANY_TAGS)('keeps the "more tags" list open and a tag ticked in it in place, the page unmoved', async () => {
    page = await site.browser.newPage({ viewport: { width: 1280, height: 800 } });
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

  it.runIf(venueWord)('says "1 paper matches" for one result and "papers match" for more', async () => {
    const { word: w, count } = venueWord!;
    if (OUR_SURVEY) expect(count).toBeGreaterThanOrEqual(10);
    await open(`search/?q=${encodeURIComponent(w)}`);
    const status = page.getByRole('status').first();
    await expect.poll(() => status.textContent()).toBe(`${count} papers match “${w}”.`);
    // A venue with one paper for this query leaves one result when ticked.
    const venue = page.getByRole('group', { name: 'Filters', exact: true }).locator('.facet-venue .facet-option', { hasText: /\(1\)$/ }).first();
    await venue.getByRole('checkbox').check();
    await expect.poll(() => status.textContent()).toBe(`1 paper matches “${w}”, filtered by venue.`);
    expect(problems).toEqual([]);
  });

  it('points "Search with filters" at what was typed in the dialog before the search had loaded', async () => {
    page = await site.browser.newPage();
    problems = watchPage(page);
    // Pagefind arrives only once the reader has typed.
    let loaded!: () => void;
    const done = new Promise<void>((resolve) => (loaded = resolve));
    await page.route('**/pagefind/pagefind.js', async (route) => (await done, route.continue()));
    await page.goto(new URL(paperPage, site.url).href);
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Search the survey' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.keyboard.type(typed);
    loaded();
    await expect.poll(() => dialog.locator('[data-search-results] h2 a').count()).toBeGreaterThan(0);
    const link = dialog.getByRole('link', { name: 'Search with filters' });
    expect(new URL((await link.getAttribute('href'))!, site.url).search).toBe(`?q=${typed}`);
    await link.click();
    await page.waitForURL(new RegExp(`/search/\\?q=${escapeRegExp(typed)}$`));
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(new RegExp(`match(es)? “${STATUS(typed)}”`));
    expect(problems).toEqual([]);
  });

  it.runIf(otherPhrase)('opens the first result with Enter in the dialog\'s field, as its hint says', async () => {
    await open(paperPage);
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Search the survey' });
    expect(await dialog.textContent()).toContain('Enter opens');
    await page.keyboard.type(phrase);
    await expect.poll(() => dialog.locator('[data-search-results] h2 a').count()).toBeGreaterThan(0);
    const first = await dialog.locator('[data-search-results] h2 a').first().evaluate((a) => (a as HTMLAnchorElement).href);
    await page.keyboard.press('Enter');
    await page.waitForURL(first);
    // Pressed before the results show, Enter waits for them and opens the first.
    await page.keyboard.press('Control+k');
    await page.keyboard.type(otherPhrase!);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.href !== first && /\/papers\/[^/]+\/$/.test(url.pathname));
    expect(problems).toEqual([]);
  });

  it.runIf(otherPhrase)('holds Enter pressed in the dialog before its search code has arrived, then opens the first result', async () => {
    await open('papers/');
    // A slow network: the search code, asked for when the dialog opens, arrives after the reader has pressed Enter.
    let arrive!: () => void;
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    await page.route('**/_astro/*.js', async (route) => (await arrived, route.continue()));
    await page.keyboard.press('Control+k');
    await page.keyboard.type(otherPhrase!);
    await page.keyboard.press('Enter');
    await new Promise((wait) => setTimeout(wait, 300));
    expect(new URL(page.url()).pathname).toMatch(/\/papers\/$/);
    arrive();
    await page.waitForURL(/\/papers\/[^/]+\/$/);
    expect(problems).toEqual([]);
  });

  it.runIf(otherPhrase)('takes Enter to the search page, with what was typed, when the dialog\'s search code cannot load', async () => {
    page = await site.browser.newPage();
    await page.goto(new URL('papers/', site.url).href);
    let fail!: () => void;
    const failing = new Promise<void>((resolve) => (fail = resolve));
    await page.route('**/_astro/*.js', async (route) => (await failing, route.abort()));
    await page.keyboard.press('Control+k');
    await page.keyboard.type(otherPhrase!);
    await page.keyboard.press('Enter');
    fail();
    await page.waitForURL((url) => url.pathname.endsWith('/search/') && url.searchParams.get('q') === otherPhrase);
  });

  it.runIf(manyWord)('keeps the results shown with "Show more" and the place in them when the reader comes back from a paper', async () => {
    await open(`search/?q=${encodeURIComponent(manyWord!)}`);
    const hits = page.locator('[data-search-results] .search-hit:not(.pending)');
    await expect.poll(() => hits.count()).toBe(20);
    await page.getByRole('button', { name: 'Show more results' }).click();
    await expect.poll(() => hits.count()).toBeGreaterThan(25);
    const shown = await hits.count();
    const link = hits.nth(24).locator('h2 a');
    const title = (await link.textContent())!;
    await link.click();
    await page.waitForURL(/\/papers\/[^/]+\/$/);
    await page.goBack();
    await expect.poll(() => hits.count()).toBe(shown);
    // The result followed is on screen again, not 20 results up at the top of the page.
    const back = page.locator('[data-search-results] h2 a', { hasText: title }).first();
    await expect.poll(async () => {
      const box = await back.boundingBox();
      return !!box && box.y >= 0 && box.y + box.height <= page.viewportSize()!.height;
    }).toBe(true);
    expect(problems).toEqual([]);
  });

  it('opens a shared search link without moving anything on screen as its results arrive', async () => {
    await open(`search/?q=${encodeURIComponent(phrase).replaceAll('%20', '+')}`);
    await expect.poll(resultTitles).not.toHaveLength(0);
    // Not even a small control: the year selects, filled with counts, once pushed "Clear filters" aside.
    expect(await shiftedElements()).toEqual([]);
    expect(problems).toEqual([]);
  });
});

/** The elements that moved on their own so far (not right after input), as `tag.class`. */
function shiftedElements() {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const moved: string[] = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as (PerformanceEntry & { hadRecentInput: boolean; sources: { node?: Node }[] })[]) {
            if (entry.hadRecentInput) continue;
            for (const { node } of entry.sources) moved.push(node instanceof Element ? `${node.localName}.${node.className}` : String(node?.nodeName));
          }
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => resolve(moved), 300);
      }),
  );
}

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
