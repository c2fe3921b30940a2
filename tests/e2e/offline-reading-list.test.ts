import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, watchPage } from '../helpers/browser';
import { DIST, requireBuild, unpackOfflineZip } from '../helpers/dist';

let root: string;
let browser: Browser;

beforeAll(async () => {
  requireBuild();
  root = unpackOfflineZip();
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

it('shares a reading list from the offline edition as a link to the published site, not to a file on disk', async () => {
  const { papers } = JSON.parse(readFileSync(join(DIST, 'papers.json'), 'utf8')) as { papers: { id: string; page: string }[] };
  const ids = papers.slice(0, 2).map((p) => p.id);
  const page = await browser.newPage();
  const problems = watchPage(page);
  await page.goto(`${pathToFileURL(join(root, 'reading-list', 'index.html')).href}?ids=${ids.join(',')}`);
  await expect.poll(() => page.locator('[data-reading-list-summary]').textContent()).toBe('This shared list has 2 papers.');
  // The published reading list, beside the papers' pages the site publishes.
  const published = new URL('../../reading-list/', papers[0]!.page).href;
  expect(await page.getByLabel('Link to this list').inputValue()).toBe(`${published}?ids=${ids.join(',')}`);
  expect(problems).toEqual([]);
});
