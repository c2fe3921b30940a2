import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { survey } from '../../src/survey.config';
import { launchBrowser, serve, watchPage } from '../helpers/browser';
import { DIST, page as hostedPage, requireBuild, unpackOfflineZip } from '../helpers/dist';
import { builtSurvey, OUR_SURVEY, pick, withId } from '../helpers/survey';

// A reader who unzipped the offline edition clicks the citation buttons: Chromium ignores a link's
// `download` between file:// pages, so each must still save a file named and made as on the hosted site.
let root: string;
let browser: Browser;

beforeAll(async () => {
  requireBuild();
  root = unpackOfflineZip();
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

interface Topic {
  id: string;
  children: string[];
  paper_count: number;
}
/** The topic with the most papers among those with sub-topics: its files join papers of several topics. */
const topic = () => {
  const { topics } = JSON.parse(readFileSync(join(DIST, 'topics.json'), 'utf8')) as { topics: Topic[] };
  return topics.filter((t) => t.children.length > 0).sort((a, b) => b.paper_count - a.paper_count)[0]!;
};
// A paper of the survey (VAR, cited as tian2024visual, in the first survey), and whether it has a topic with sub-topics.
const built = builtSurvey();
const paper = pick(built.papers, () => true, withId('var'))!;
const nested = built.topics.some((t) => t.children.length > 0);

const LABELS = { bib: 'BibTeX .bib', ris: 'RIS .ris', 'csl.json': 'CSL-JSON .csl.json', csv: 'CSV .csv' } as const;
type Format = keyof typeof LABELS;

/** Clicks the button of `format` in the list named `list` and returns what the browser saved. */
async function download(page: Page, list: string, format: Format) {
  const button = page.getByRole('list', { name: list }).getByRole('link', { name: LABELS[format], exact: true });
  const [saved] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await saved.path();
  return { name: saved.suggestedFilename(), url: saved.url(), bytes: readFileSync(path) };
}

/** The name the hosted page gives the file: its link's `download`. */
const hostedName = (path: string, stem: string, format: Format) => hostedPage(path)(`a[href$="/${stem}.${format}"][download]`).attr('download');

const cases: { what: string; path: () => string; list: () => string; stem: () => string; formats: Format[]; name?: (format: Format) => string }[] = [
  {
    what: "a paper's citation",
    path: () => `papers/${paper.id}/index.html`,
    list: () => 'Download the citation',
    stem: () => `papers/${paper.id}`,
    formats: ['bib', 'ris', 'csl.json'],
    name: (format) => `${paper.citation_key}.${format}`,
  },
  {
    what: "the papers of a topic and its sub-topics",
    path: () => `topics/${topic().id}/index.html`,
    list: () => hostedPage(`topics/${topic().id}/index.html`)('ul.download-list').attr('aria-label')!,
    stem: () => `topics/${topic().id}`,
    formats: ['bib', 'ris', 'csl.json', 'csv'],
  },
  {
    what: 'every paper of the survey',
    path: () => 'index.html',
    list: () => 'Download all papers',
    stem: () => 'survey',
    formats: ['bib', 'ris', 'csl.json', 'csv'],
    name: (format) => `${survey.offlineName}.${format}`,
  },
];

describe('the citation downloads of the offline edition opened from disk', () => {
  it.runIf(OUR_SURVEY)("takes the first survey's VAR, cited as tian2024visual, as its paper", () => expect([paper.id, paper.citation_key]).toEqual(['var', 'tian2024visual']));

  it.each(cases.filter((c) => nested || !c.what.includes('sub-topics')))('saves $what under the hosted name with the hosted bytes', async ({ path, list, stem, formats, name }) => {
    const page = await browser.newPage();
    const problems = watchPage(page);
    const address = pathToFileURL(join(root, path())).href;
    await page.goto(address);
    for (const format of formats) {
      const saved = await download(page, list(), format);
      const expected = hostedName(path(), stem(), format)!;
      expect(expected, `${stem()}.${format}`).toBeTruthy();
      if (name) expect(expected).toBe(name(format));
      expect(saved.name, `${stem()}.${format}`).toBe(expected);
      expect(saved.url, `${stem()}.${format}`).toMatch(/^blob:/);
      expect(saved.bytes.equals(readFileSync(join(DIST, `${stem()}.${format}`))), `${stem()}.${format}: the bytes differ from the hosted file`).toBe(true);
      // The page stays where it was, rather than showing the file as text.
      expect(page.url()).toBe(address);
    }
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('the citation downloads of the hosted site', () => {
  it('are the static files themselves, under the same names', async () => {
    const server = await serve(DIST);
    try {
      const page = await browser.newPage();
      const problems = watchPage(page);
      await page.goto(`${server.url}papers/${paper.id}/`);
      const saved = await download(page, 'Download the citation', 'ris');
      expect(saved.name).toBe(`${paper.citation_key}.ris`);
      expect(saved.url).toBe(`${server.url}papers/${paper.id}.ris`);
      expect(saved.bytes.equals(readFileSync(join(DIST, `papers/${paper.id}.ris`)))).toBe(true);
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      await server.close();
    }
  });
});
