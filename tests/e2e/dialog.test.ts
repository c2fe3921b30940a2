import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, serve, watchPage } from '../helpers/browser';
import { DIST, requireBuild } from '../helpers/dist';

let browser: Browser;
let site: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  requireBuild();
  [browser, site] = await Promise.all([launchBrowser(), serve(DIST)]);
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

it('closes the search dialog with one Esc after typing, as its hint says, and gives focus back', async () => {
  const page = await browser.newPage();
  const problems = watchPage(page);
  await page.goto(new URL('about/', site.url).href);
  const opener = page.getByRole('button', { name: /^Search/ });
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Search the survey' });
  await expect.poll(() => dialog.isVisible()).toBe(true);
  await page.keyboard.type('model');
  await expect.poll(() => dialog.getByRole('status').first().textContent()).toMatch(/“model”/);
  await page.keyboard.press('Escape');
  await expect.poll(() => dialog.isVisible()).toBe(false);
  expect(await opener.evaluate((el) => el === document.activeElement)).toBe(true);
  expect(problems).toEqual([]);
});

it('keeps what a reader typed before the search loaded, its last space included', async () => {
  // Typed while the dialog loads its search, "time " lost its space once the search started,
  // and the next word made it "timeseries".
  const page = await browser.newPage();
  const problems = watchPage(page);
  await page.goto(new URL('about/', site.url).href);
  await page.locator('dialog [data-search-input]').evaluate((input: HTMLInputElement) => (input.value = 'model '));
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Search the survey' });
  await expect.poll(() => dialog.getByRole('status').first().textContent()).toMatch(/“model”/);
  expect(await dialog.getByRole('searchbox').inputValue()).toBe('model ');
  expect(problems).toEqual([]);
});

it('is no longer busy once a query typed quickly is cleared, so a screen reader hears what it says', async () => {
  const page = await browser.newPage();
  const problems = watchPage(page);
  await page.goto(new URL('about/', site.url).href);
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Search the survey' });
  await expect.poll(() => dialog.isVisible()).toBe(true);
  // Cleared while the search for it is still under way.
  await page.keyboard.type('diffusion');
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Backspace');
  await expect.poll(() => dialog.getByRole('status').first().textContent()).toMatch(/^Type to search/);
  await expect.poll(() => page.locator('[aria-busy="true"]').count(), { timeout: 3000 }).toBe(0);
  expect(problems).toEqual([]);
});

it('on the search page, sends / and Ctrl+K to the page’s own field, with its filters, rather than a dialog over it', async () => {
  const page = await browser.newPage();
  const problems = watchPage(page);
  await page.goto(new URL('search/?q=diffusion', site.url).href);
  const field = page.getByRole('main').getByRole('searchbox');
  await expect.poll(() => field.inputValue()).toBe('diffusion');
  for (const key of ['/', 'Control+k']) {
    await page.locator('h1').click();
    await page.keyboard.press(key);
    expect(await field.evaluate((el: HTMLInputElement) => el === document.activeElement && el.selectionEnd! - el.selectionStart! === el.value.length), key).toBe(true);
    expect(await page.getByRole('dialog', { name: 'Search the survey' }).isVisible(), key).toBe(false);
  }
  // Typed over the selection, as in any search box.
  await page.keyboard.type('mamba');
  await expect.poll(() => page.url()).toMatch(/[?&]q=mamba\b/);
  expect(problems).toEqual([]);
});
