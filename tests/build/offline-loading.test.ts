import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { OFFLINE_FILES } from '../../src/lib/offline-search';
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
let engine: SearchEngine;

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
  engine = await ready;
});

afterAll(() => vi.unstubAllGlobals());

it("loads the papers' texts after a search's results are shown, never for a search typed over", async () => {
  const q = titleWords(builtSurvey().papers)[0]!.word;
  // A search whose results' details are still on their way when the reader types on.
  const typedOver = new AbortController();
  const searching = engine.search({ ...emptyState(), q }, typedOver.signal);
  await arrive();
  const first = await searching;
  expect(first.total).toBeGreaterThan(0);
  const details = first.load(0, 8);
  typedOver.abort();
  await arrive();
  await details;
  await arrive();
  expect(requested).not.toContain(OFFLINE_FILES.texts.file);

  // The search that replaced it shows its results: now the texts follow.
  const shown = await engine.search({ ...emptyState(), q }, new AbortController().signal);
  const hits = shown.load(0, 8);
  await arrive();
  expect((await hits).length).toBeGreaterThan(0);
  await arrive();
  expect(requested).toContain(OFFLINE_FILES.texts.file);
});
