/**
 * The offline edition's search against Pagefind's, on the built site, query by query: both must find
 * the same papers (README, "The offline edition"). tests/build/offline.test.ts checks the facets and
 * a few queries; this file checks the words Pagefind takes from a paper page's metadata (venue,
 * year), its stemming and cutting of words, "quoted phrases", and the ranking of a phrase's papers.
 */
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OfflineSearch } from '../../src/lib/offline-search';
import { pagefindSort } from '../../src/lib/search-order';
import { emptyState } from '../../src/lib/search-state';
import { PAPERS_ONLY } from '../../src/scripts/search/pagefind-engine';
import { loadOfflineEngine } from '../helpers/offline-engine';
import { DIST, idOf, loadPagefind, requireBuild } from '../helpers/dist';
import { builtSurvey, OUR_SURVEY } from '../helpers/survey';

const OFFLINE = resolve(`${DIST}-offline`);
let offline: OfflineSearch;
let pagefind: Awaited<ReturnType<typeof loadPagefind>>;
/** Paper id by Pagefind's page id, so that a search need not load each result's fragment. */
const paperOf = new Map<string, string>();
/** Each paper's text as Pagefind indexes it. */
const contentOf = new Map<string, string>();

beforeAll(async () => {
  requireBuild();
  offline = loadOfflineEngine(OFFLINE);
  pagefind = await loadPagefind();
  const all = await pagefind.search(null, { filters: PAPERS_ONLY });
  for (const result of all.results) {
    const { url, content } = (await result.data()) as unknown as { url: string; content: string };
    const id = idOf(url);
    paperOf.set(result.id, id);
    contentOf.set(id, content);
  }
}, 120_000);

/** The papers Pagefind finds, in its order. */
const pagefindIds = async (q: string) => (await pagefind.search(q, { filters: PAPERS_ONLY })).results.map((r) => paperOf.get(r.id)!);
/** The papers the offline edition finds, in its order. */
const offlineIds = (q: string) => offline.search({ ...emptyState(), q }).docs.map((d) => idOf(d.path));
const sameAsPagefind = async (q: string) => {
  const expected = await pagefindIds(q);
  expect(expected.length, `Pagefind finds nothing for ${q}: the query no longer tests anything`).toBeGreaterThan(0);
  expect(offlineIds(q).sort(), q).toEqual([...expected].sort());
};

describe('the offline edition finds the papers Pagefind finds', () => {
  // The queries below are the first survey's words, venues and years; a fork's survey has the
  // comparisons on each word and phrase of its own papers' text further down.
  it.runIf(OUR_SURVEY).each(['NeurIPS', 'ICLR', 'ICLR 2025', 'Preprint', '2024', 'diffusion ICLR', 'speculative 2023', '"ICLR 2025"'])(
    'for %s: the venue and year, which Pagefind indexes from the paper page’s metadata',
    sameAsPagefind,
  );

  it.runIf(OUR_SURVEY).each(['"language model"', '"autoregressive models"', '"diffusion language model"', '"speculative decode"', '"decod"', '"time-series foundation"'])(
    'for the phrase %s: its words as stemmed whole words, one after another',
    sameAsPagefind,
  );

  it.runIf(OUR_SURVEY).each(['"decoding speculative" lantern', '"language models" "diffusion"'])(
    'for %s: quotes that do not open and close the query are ignored, and those that do make one phrase',
    sameAsPagefind,
  );

  it.runIf(OUR_SURVEY).each(['generating', 'LLMs', 'transformers', 'emergence', 'added', 'try'])('for %s: stemmed as Pagefind stems (Snowball 3 Porter2)', sameAsPagefind);

  it.runIf(OUR_SURVEY).each(['1.3B', '13b', 'mixer', 'gpt', 'traininginference', 'inoutpainting'])(
    'for %s: punctuation dropped, and words cut in parts as Pagefind cuts them',
    sameAsPagefind,
  );

  // Formulas included: both read a formula as its MathML's characters (`O(CΦ/m+CΨ/n)`, `wi`, `εt`).
  it('for each word of the papers’ text, as a whole word', async () => {
    const words = new Set([...contentOf.values()].flatMap((content) => content.split(/\s+/)).filter((w) => /[\p{L}\p{N}]/u.test(w)));
    // Some words at least, or the test tests nothing; the first survey's papers have thousands, a new survey's few papers far fewer.
    expect(words.size, 'the papers have no words to search for').toBeGreaterThan(OUR_SURVEY ? 500 : 0);
    const differ: string[] = [];
    for (const word of words) {
      const q = `"${word.replace(/"/g, '')}"`;
      const expected = (await pagefindIds(q)).sort();
      const found = offlineIds(q).sort();
      if (found.join() !== expected.join()) differ.push(`${q}: offline ${found.join(',')}, Pagefind ${expected.join(',')}`);
    }
    expect(differ).toEqual([]);
  }, 120_000);

  it('for phrases of the papers’ text', async () => {
    const differ: string[] = [];
    let phrases = 0;
    let findTheirPaper = 0;
    for (const [id, content] of contentOf) {
      const words = content.split(/\s+/);
      for (let i = 0; i + 3 < words.length; i += 37) {
        const q = `"${words.slice(i, i + 2 + (i % 2)).join(' ').replace(/"/g, '')}"`;
        const expected = (await pagefindIds(q)).sort();
        const found = offlineIds(q).sort();
        phrases += 1;
        if (found.includes(id)) findTheirPaper += 1;
        if (found.join() !== expected.join()) differ.push(`${q}: offline ${found.join(',')}, Pagefind ${expected.join(',')}`);
      }
    }
    expect(phrases, 'the papers have no phrases to search for').toBeGreaterThan(OUR_SURVEY ? 100 : 0);
    expect(differ).toEqual([]);
    // A phrase made of symbols ("(<1M parameters), exclusively") may find nothing on either engine;
    // nearly every phrase finds the paper it was taken from.
    expect(findTheirPaper).toBeGreaterThanOrEqual(phrases * 0.9);
  }, 120_000);
});

// Papers that go by a short name their title does not give: VAR, BiLD, FAR…
const named = builtSurvey().papers.filter((p): p is typeof p & { name: string } => !!p.name);

describe.runIf(named.length > 0)('a paper’s short name', () => {
  // "var" also begins "variational" and "various", rarer words that weigh more: Pagefind ranked the
  // VAR paper 8th. Both searches list a paper going by the query's name first
  // (tests/e2e/search.test.ts checks the hosted search page).
  it.each(named.map((p) => [p.name, p.id]))('"%s" finds %s first offline, among the papers Pagefind finds', async (name, id) => {
    expect(offlineIds(name)[0]).toBe(id);
    await sameAsPagefind(name);
  });
});

describe.runIf(OUR_SURVEY)('a phrase’s papers, by relevance', () => {
  // Pagefind scores every paper a phrase matches alike (1.0) and lists them in the order its index
  // holds the pages, which follows the files it was given, not relevance. The offline edition ranks
  // them by how well they match the phrase's words, as Pagefind ranks those words unquoted.
  it.each(['speculative decoding', 'flow matching', 'language model'])('"%s" come first where Pagefind ranks its words first', async (words) => {
    const phrase = offlineIds(`"${words}"`);
    const ranked = (await pagefindIds(words)).filter((id) => phrase.includes(id));
    expect(phrase.length).toBeGreaterThan(3);
    expect(phrase.slice(0, 3).sort()).toEqual(ranked.slice(0, 3).sort());
  });
});

describe('results sorted by year', () => {
  // Several papers of a year, which a sort by year alone leaves in each engine's own order.
  const { papers } = builtSurvey();
  const ties = papers.length - new Set(papers.map((p) => p.year)).size;
  it.runIf(ties > 0).each([
    ['newest', ''],
    ['oldest', ''],
    ['newest', 'model'],
    ['oldest', 'model'],
  ] as const)('come in the same order on both editions, a year’s papers by title (sort=%s, q=“%s”)', async (sort, q) => {
    const hosted = (await pagefind.search(q || null, { filters: PAPERS_ONLY, sort: pagefindSort(sort) })).results.map((r) => paperOf.get(r.id)!);
    const found = offline.search({ ...emptyState(), q, sort }).docs.map((d) => idOf(d.path));
    expect(hosted.length).toBeGreaterThan(1);
    expect(found).toEqual(hosted);
  });
});
