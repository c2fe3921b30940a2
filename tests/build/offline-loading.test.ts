import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { OFFLINE_FILES, TEXTS_CHUNK, textsFile, type OfflineData } from '../../src/lib/offline-search';
import { emptyState } from '../../src/lib/search-state';
import { createOfflineEngine } from '../../src/scripts/search/offline-engine';
import type { SearchEngine } from '../../src/scripts/search/engine';
import { DIST, requireBuild } from '../helpers/dist';
import { builtSurvey, titleWords } from '../helpers/survey';

// The offline edition's search engine, run on the built edition's scripts with a stand-in for the
// page: each script it adds to the page arrives only when the test says so, as a slow disk would.
const OFFLINE = resolve(`${DIST}-offline`);
const requested: string[] = [];
const waiting: (() => void)[] = [];
const page: Record<string, unknown> = {};

/** Lets every script asked for so far arrive, then lets what they started run. */
async function arrive(): Promise<void> {
  while (waiting.length > 0) waiting.shift()!();
  await new Promise((done) => setTimeout(done, 10));
}

beforeAll(async () => {
  requireBuild();
  vi.stubGlobal('window', page);
  vi.stubGlobal('document', {
    createElement: () => ({}),
    head: {
      append(script: { src: string; onload(): void }) {
        requested.push(script.src);
        waiting.push(() => {
          runInNewContext(readFileSync(join(OFFLINE, script.src), 'utf8'), { window: page, JSON });
          script.onload();
        });
      },
    },
  });
  const ready = createOfflineEngine('');
  await arrive();
  await ready;
});

afterAll(() => vi.unstubAllGlobals());

/** An engine that has loaded no texts yet (what it loaded before stays on the page, and is kept). */
async function withoutTexts(): Promise<SearchEngine> {
  waiting.length = 0;
  delete page[OFFLINE_FILES.texts.global];
  requested.length = 0;
  return createOfflineEngine('');
}

/** The texts chunks asked for so far. */
const textsAsked = () => new Set(requested.filter((src) => src.startsWith(`${OFFLINE_FILES.texts.dir}/`)));

/** The texts chunks that papers (by id) are in: a paper's number is its row in the data file. */
function textsOf(ids: string[]): Set<string> {
  const rows = (page[OFFLINE_FILES.data.global] as OfflineData).docs.map(([slug]) => slug);
  return new Set(ids.map((id) => textsFile(String(Math.floor(rows.indexOf(id) / TEXTS_CHUNK)))));
}

it('loads the texts of the results it shows, after their details, and none for browsing', async () => {
  const engine = await withoutTexts();
  const browsing = engine.search(emptyState(), new AbortController().signal);
  await arrive();
  const all = await browsing;
  const listed = all.load(0, 3);
  await arrive();
  expect((await listed).length).toBe(3);
  expect(textsAsked()).toEqual(new Set());

  const q = titleWords(builtSurvey().papers)[0]!.word;
  const searching = engine.search({ ...emptyState(), q }, new AbortController().signal);
  await arrive();
  const found = await searching;
  expect(found.total).toBeGreaterThan(3);
  const shown = found.load(0, 3);
  await arrive();
  expect((await shown).length).toBe(3);
  expect(textsAsked()).toEqual(new Set());
  // Once the page is idle.
  const expected = textsOf((await found.ids()).slice(0, 3));
  await vi.waitFor(() => expect(textsAsked()).toEqual(expected));
});

it('loads, for a phrase, the texts of every paper its words find before it answers', async () => {
  const engine = await withoutTexts();
  const q = titleWords(builtSurvey().papers)[0]!.word;
  const words = await engine.search({ ...emptyState(), q }, new AbortController().signal);
  const searching = engine.search({ ...emptyState(), q: `"${q}"` }, new AbortController().signal);
  await arrive();
  await arrive();
  const phrase = await searching;
  expect(phrase.total).toBeGreaterThan(0);
  expect([...textsOf(await words.ids())].every((file) => textsAsked().has(file))).toBe(true);
});
