import { describe, expect, it } from 'vitest';
import { buildOfflineData, loadOfflineSearch, makeExcerpt, parseQuery, tokenizeText, type OfflineDoc } from '../../src/lib/offline-search';
import { emptyState, type SearchState } from '../../src/lib/search-state';

const doc = (id: number, title: string, extra: Partial<OfflineDoc> = {}): OfflineDoc => ({
  id,
  path: `papers/p${id}/`,
  title,
  authors: 'Ada Lovelace',
  year: 2020 + id,
  venue: 'Preprint',
  venueName: 'Preprint',
  topics: ['decoding'],
  topicTitles: '',
  tags: [],
  tldr: '',
  text: '',
  ...extra,
});

const docs = [
  doc(0, 'Speculative Decoding with Big Little Decoder', { venueName: 'NeurIPS', topics: ['speculative', 'decoding'], tags: ['draft-model'] }),
  doc(1, 'Next-Scale Prediction for Images', { topics: ['visual'], text: 'We generate images coarse to fine.' }),
  doc(2, 'Decodes Faster: Parallel Decoding', { venueName: 'ICLR', text: 'Parallel decoders emit many tokens.' }),
  doc(3, 'Time Series Forecasting', { topics: ['time-series'], authors: 'Alan Turing' }),
];
const built = buildOfflineData(docs, [{ id: 0, path: 'topics/decoding/', title: 'Decoding', text: 'Faster decoding.' }]);
const search = loadOfflineSearch(built.data, built.shards);
search.addTexts(built.texts);
const ids = (state: Partial<SearchState>) => search.search({ ...emptyState(), ...state }).docs.map((d) => d.id);

describe('offline search follows Pagefind’s query rules', () => {
  it.each([
    ['speculative decoding', [0]],
    ['decoding speculative', [0]],
    ['specul', [0]],
    ['decodes', [0, 2]],
    ['speculative zzzz', [0]],
    ['zzzz', []],
    ['next-scale', [1]],
    ['nextscale', [1]],
    ['"parallel decoding"', [2]],
    ['"decoding parallel"', []],
    ['turing', [3]],
  ])('%s finds %j', (q, expected) => {
    expect(ids({ q }).sort()).toEqual(expected);
  });

  it('ranks a title match first', () => {
    expect(ids({ q: 'Time Series Forecasting' })[0]).toBe(3);
  });

  it('combines values of one facet with OR and facets with AND', () => {
    expect(ids({ topic: ['speculative', 'visual'] }).sort()).toEqual([0, 1]);
    expect(ids({ topic: ['decoding'], venue: ['ICLR'] })).toEqual([2]);
    expect(ids({ from: 2021, to: 2022 }).sort()).toEqual([1, 2]);
  });

  it('counts each facet without its own filter', () => {
    const { facets } = search.search({ ...emptyState(), topic: ['visual'] });
    expect(facets.topic).toMatchObject({ visual: 1, decoding: 2, speculative: 1, 'time-series': 1 });
    expect(facets.venue).toEqual({ Preprint: 1 });
  });

  it('browses newest first with an empty query and sorts on request', () => {
    expect(ids({})).toEqual([3, 2, 1, 0]);
    expect(ids({ sort: 'oldest' })).toEqual([0, 1, 2, 3]);
    expect(ids({ q: 'decoding', sort: 'oldest' })).toEqual([0, 2]);
  });

  it('finds topic pages', () => {
    expect(search.searchTopics('decod').map((t) => t.title)).toEqual(['Decoding']);
  });
});

it('ships the texts and the details apart from the data, and checks phrases only once it has the texts', () => {
  expect(JSON.stringify(built.data)).not.toContain('Parallel decoders emit');
  expect(JSON.stringify(built.data)).not.toContain('Ada Lovelace');
  expect(built.texts[2]).toEqual(['Ada Lovelace ', 'Parallel decoders emit many tokens.']);
  expect(built.details['0']![3]).toEqual(['Alan Turing', 'Preprint', '']);
  const bare = loadOfflineSearch(built.data, built.shards);
  expect(bare.search({ ...emptyState(), q: 'parallel decoders' }).docs.map((d) => d.id)).toEqual([2]);
  expect(bare.search({ ...emptyState(), q: '"parallel decoders"' }).docs).toEqual([]);
  bare.addTexts(built.texts);
  expect(bare.search({ ...emptyState(), q: '"parallel decoders"' }).docs.map((d) => d.id)).toEqual([2]);
});

describe('the index in shards and the details in chunks', () => {
  it('gives a result’s details once its chunk is given', () => {
    const fresh = loadOfflineSearch(built.data, built.shards);
    const [first] = fresh.search({ ...emptyState(), q: 'time series' }).docs;
    expect(fresh.missingDetails([first!])).toEqual(['0']);
    expect(() => fresh.detailsOf(first!)).toThrow(/not loaded/);
    fresh.addDetails(built.details);
    expect(fresh.missingDetails([first!])).toEqual([]);
    expect(fresh.detailsOf(first!)).toEqual({ authors: 'Alan Turing', venue: 'Preprint', tldr: '', topicTitles: 'time-series' });
  });

  it('names the shards a query needs, which hold its words as prefixes', () => {
    const fresh = loadOfflineSearch(built.data);
    // "decoding" is stemmed to "decod", "ne" holds "next" and "nextscal", a one-letter word needs every shard of its letter.
    expect(fresh.missingShards('decoding next')).toEqual(['de', 'ne']);
    expect(fresh.missingShards('t').sort()).toEqual(built.data.shards.filter((k) => k.startsWith('t')).sort());
    expect(fresh.missingShards('"next scale"')).toEqual([]);
    expect(fresh.missingShards('')).toEqual([]);
  });

  it('refuses a search before its shards are given, then finds what the whole index finds', () => {
    const fresh = loadOfflineSearch(built.data);
    const state = { ...emptyState(), q: 'parallel decoders' };
    expect(() => fresh.search(state)).toThrow(/de, pa/);
    fresh.addShards(Object.fromEntries(fresh.missingShards(state.q).map((key) => [key, built.shards[key]!])));
    expect(fresh.missingShards(state.q)).toEqual([]);
    expect(fresh.search(state).docs).toEqual(search.search(state).docs);
    // Browsing by facets needs no shard.
    expect(fresh.search({ ...emptyState(), topic: ['visual'] }).docs.map((d) => d.id)).toEqual([1]);
  });
});

describe('query parsing and excerpts', () => {
  it('indexes hyphenated words whole and in parts', () => {
    expect(tokenizeText('Next-Scale prédiction')).toEqual(['nextscale', 'next', 'scale', 'prediction']);
  });
  it('separates phrases from words', () => {
    expect(parseQuery('vq "next scale" GAN')).toEqual({ words: ['vq', 'gan'], phrases: ['next scale'] });
  });
  it('highlights matching words and escapes the rest', () => {
    expect(makeExcerpt('A <b> decoder that decodes fast.', 'decoding')).toBe('A &lt;b&gt; <mark>decoder</mark> that <mark>decodes</mark> fast.');
  });
});
