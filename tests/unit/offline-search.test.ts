import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { buildOfflineData, decodePostings, encodePostings, loadOfflineSearch, makeExcerpt, PAPER_INDEX_OPTIONS, parseQuery, processTerm, tokenizeText, type OfflineDoc } from '../../src/lib/offline-search';
import type { CountedPostings } from '../../src/lib/search-index';
import { phraseMatcher, phraseText, tokenizeQuery, wordPositions } from '../../src/lib/search-terms';
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
  tagLabels: [],
  tldr: '',
  text: '',
  ...extra,
});

const docs = [
  doc(0, 'Speculative Decoding with Big Little Decoder', { venueName: 'NeurIPS', topics: ['speculative', 'decoding'], tags: ['draft-model'], tagLabels: ['draft model'] }),
  doc(1, 'Next-Scale Prediction for Images', { topics: ['visual'], text: 'We generate images coarse to fine.' }),
  doc(2, 'Decodes Faster: Parallel Decoding', { venueName: 'ICLR', text: 'Parallel decoders emit many tokens.' }),
  doc(3, 'Time Series Forecasting', { topics: ['time-series'], authors: 'Alan Turing' }),
  doc(4, 'Small Mixers', { venue: 'ICLR 2025', venueName: 'ICLR', topics: ['mixers'], text: 'A 1.3B TSMixer-based forecaster samples quickly.' }),
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
    // The venue and year, which Pagefind indexes from the page's metadata.
    ['iclr', [4]],
    ['iclr 2025', [4]],
    ['"ICLR 2025"', [4]],
    ['preprint', [0, 1, 2, 3]],
    ['2023', [3]],
    ['small 2025', [4]],
    ['small 2024', [4]],
    ['small 2023', []],
    // Phrases match stemmed whole words in a row, within the text or within the venue.
    ['"parallel decoders"', [2]],
    ['"parallel decod"', [2]],
    ['"parallel deco"', []],
    ['"speculative decoding"', [0]],
    ['"speculative decoder"', [0]],
    ['"decoding ICLR"', []],
    // Quotes that do not open and close the query are punctuation, as on Pagefind.
    ['"decoding parallel" faster', [2]],
    // Punctuation is dropped from query words and indexed words, which are also indexed in parts.
    ['1.3B', [4]],
    ['13b', [4]],
    ['mixer', [4]],
    ['"forecaster samples"', [4]],
    ['"based forecaster"', [4]],
    ['"tsmixer based"', []],
    ['"1.3B TSMixer-based"', [4]],
    // Tags as their badges read.
    ['draft model', [0]],
  ])('%s finds %j', (q, expected) => {
    expect(ids({ q }).sort()).toEqual(expected);
  });

  it('ranks a title match first', () => {
    expect(ids({ q: 'Time Series Forecasting' })[0]).toBe(3);
  });

  it('ranks a phrase’s papers by how well they match its words, not in the index’s order', () => {
    expect(ids({ q: '"decoding"' })).toEqual([2, 0]);
    expect(ids({ q: 'decoding' })).toEqual([2, 0]);
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
    expect(ids({})).toEqual([4, 3, 2, 1, 0]);
    expect(ids({ sort: 'oldest' })).toEqual([0, 1, 2, 3, 4]);
    expect(ids({ q: 'decoding', sort: 'oldest' })).toEqual([0, 2]);
  });

  it('finds topic pages', () => {
    expect(search.searchTopics('decod').map((t) => t.title)).toEqual(['Decoding']);
  });
});

it('ships the texts and the details, titles included, apart from the data, and looks for a phrase in the texts of the papers its words find', () => {
  expect(JSON.stringify(built.data)).not.toContain('Parallel decoders emit');
  expect(JSON.stringify(built.data)).not.toContain('Ada Lovelace');
  expect(JSON.stringify(built.data)).not.toContain('Time Series Forecasting');
  expect(built.texts['0']![2]).toEqual(['Decodes Faster: Parallel Decoding. Ada Lovelace.', 'Parallel decoders emit many tokens.', 'Preprint']);
  expect(built.texts['0']![0]![0]).toBe('Speculative Decoding with Big Little Decoder. Ada Lovelace. draft model');
  expect(built.details['0']![3]).toEqual(['Time Series Forecasting', 'Alan Turing', 'Preprint', '']);
  const bare = loadOfflineSearch(built.data, built.shards);
  expect(bare.search({ ...emptyState(), q: 'parallel decoders' }).docs.map((d) => d.id)).toEqual([2]);
  expect(bare.textOf(bare.search({ ...emptyState(), q: 'parallel' }).docs[0]!)).toBe('');
  const candidates = bare.phraseCandidates('"parallel decoders"');
  expect(candidates.map((d) => d.id)).toEqual([2]);
  expect(bare.phraseCandidates('parallel decoders')).toEqual([]);
  expect(() => bare.search({ ...emptyState(), q: '"parallel decoders"' })).toThrow(/text of paper 2 .*not loaded/);
  expect(bare.missingTexts(candidates)).toEqual(['0']);
  bare.addTexts(built.texts);
  expect(bare.missingTexts(candidates)).toEqual([]);
  expect(bare.search({ ...emptyState(), q: '"parallel decoders"' }).docs.map((d) => d.id)).toEqual([2]);
  expect(bare.textOf(candidates[0]!)).toBe('Parallel decoders emit many tokens.');
});

describe('the index in shards and the details in chunks', () => {
  it('gives a result’s details once its chunk is given', () => {
    const fresh = loadOfflineSearch(built.data, built.shards);
    const [first] = fresh.search({ ...emptyState(), q: 'time series' }).docs;
    expect(fresh.missingDetails([first!])).toEqual(['0']);
    expect(() => fresh.detailsOf(first!)).toThrow(/not loaded/);
    fresh.addDetails(built.details);
    expect(fresh.missingDetails([first!])).toEqual([]);
    expect(fresh.detailsOf(first!)).toEqual({ title: 'Time Series Forecasting', authors: 'Alan Turing', venue: 'Preprint', tldr: '', topicTitles: 'time-series' });
  });

  it('names the shards a query needs, which hold its words as prefixes', () => {
    const fresh = loadOfflineSearch(built.data);
    // "decoding" is stemmed to "decod", "ne" holds "next" and "nextscal", a one-letter word needs every shard of its letter.
    expect(fresh.missingShards('decoding next')).toEqual(['de', 'ne']);
    expect(fresh.missingShards('t').sort()).toEqual(built.data.shards.filter((k) => k.startsWith('t')).sort());
    // A phrase's words must be in the index whole.
    expect(fresh.missingShards('"next scale"')).toEqual(['ne', 'sc']);
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
  it('ranks as one index of every term does, though a query loads only the terms its words begin', () => {
    // Words that share beginnings, in varied numbers per paper, so that prefix matches and their
    // weights decide the order.
    const words = ['decode', 'decoder', 'decoding', 'decodes', 'speculative', 'spectral', 'specific', 'sample', 'sampling', 'time', 'timestep', 'series', 'serial', 'token', 'tokens'];
    let seed = 7;
    const pick = (n: number) =>
      Array.from({ length: n }, () => words[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % words.length]!).join(' ');
    const many = Array.from({ length: 120 }, (_, id) => doc(id, pick(1 + (id % 4)), { text: pick(5 + (id % 13)), tldr: pick(id % 3) }));
    const built = buildOfflineData(many, []);
    const sharded = loadOfflineSearch(built.data, built.shards);
    const whole = new MiniSearch(PAPER_INDEX_OPTIONS);
    whole.addAll(many);
    for (const q of ['decod', 'decoding', 'spec', 'speculative decoding', 'sampl time', 'to', 's', 'series token', 'timestep de']) {
      const found = sharded.search({ ...emptyState(), q }).docs.map((d) => d.id);
      expect(found.length, q).toBeGreaterThan(1);
      expect(found, q).toEqual(whole.search(q).map((r) => Number(r.id)));
    }
  });
});

it('asks, for a phrase, for the texts of every paper its words find, 100 papers a chunk', () => {
  const many = Array.from({ length: 250 }, (_, id) => doc(id, id % 7 === 0 ? `Parallel decoders, part ${id}` : `Part ${id}`));
  const built = buildOfflineData(many, []);
  const fresh = loadOfflineSearch(built.data, built.shards);
  const candidates = fresh.phraseCandidates('"parallel decoders"');
  expect(candidates.map((d) => d.id).sort((a, b) => a - b)).toEqual(many.filter((d) => d.id % 7 === 0).map((d) => d.id));
  expect(fresh.missingTexts(candidates).sort()).toEqual(['0', '1', '2']);
  fresh.addTexts({ '1': built.texts['1']! });
  expect(fresh.missingTexts(candidates).sort()).toEqual(['0', '2']);
  fresh.addTexts(built.texts);
  expect(fresh.search({ ...emptyState(), q: '"parallel decoders"' }).docs).toHaveLength(candidates.length);
});

describe('the shards’ postings', () => {
  it('come back as MiniSearch wrote them, counts and fields included, in a quarter of the bytes', () => {
    // A common term's postings at ten thousand papers: most papers counted once, some more.
    const papers = (step: number, offset: number) => Array.from({ length: 2500 }, (_, i) => [offset + i * step, 1 + (i % 7 === 0 ? i % 5 : 0)]);
    const counted: CountedPostings = [];
    [counted[0], counted[4], counted[7]] = [papers(4, 3).flat(), papers(3, 0).flat(), [9999, 12]];
    // As MiniSearch serializes them, and as the browser needs them.
    const postings = { '0': Object.fromEntries(papers(4, 3)), '4': Object.fromEntries(papers(3, 0)), '7': { '9999': 12 } };
    const encoded = encodePostings(counted);
    expect(decodePostings(encoded)).toEqual(postings);
    // As a shard's script carries them: JSON in a string.
    expect(JSON.stringify(encoded).length).toBeLessThan(JSON.stringify(JSON.stringify(postings)).length / 4);
    const one: CountedPostings = [];
    one[2] = [5, 1, 40, 3];
    expect(encodePostings(one)).toBe('2:5,z*3');
  });
});

describe('query parsing and excerpts', () => {
  it('indexes words with punctuation whole and in parts, as Pagefind does', () => {
    expect(tokenizeText('Next-Scale prédiction')).toEqual(['nextscale', 'next', 'scale', 'prediction']);
    // As Pagefind 1.6 indexes them (checked with its indexer): a capital after the first letter
    // splits a word too, and what follows a full stop counts when it has parts of its own.
    expect(wordPositions('TSMixer-based (LLMs) 1.3B GPT-4o, LLMs decoding. — Mamba2 1.7x github.com/a-b')).toEqual([
      ['tsmixerbased', 'ts', 'mixer', 'based'],
      ['llms', 'll', 'ms'],
      ['13b', '3b'],
      ['gpt4o', 'gpt'],
      ['llms', 'll', 'ms'],
      ['decoding'],
      [],
      ['mamba2'],
      ['17x'],
      ['githubcomab', 'github', 'com', 'comab'],
    ]);
  });
  it('finds a phrase where its words follow one another, as stemmed words or their parts', () => {
    const has = (phrase: string, text: string) => phraseMatcher(tokenizeQuery(phrase).map(processTerm))(text, phraseText(text));
    expect(has('stabilities matter', 'Its stability matters.')).toBe(true);
    expect(has('tried again', 'We try again')).toBe(true);
    expect(has('mixer based', 'A TSMixer-based model')).toBe(false);
    expect(has('tsmixer-based model', 'A TSMixer-based model')).toBe(true);
    expect(has('models code', 'models — code')).toBe(false);
    expect(has('models code', 'models, code')).toBe(true);
    expect(has('data', 'metadata')).toBe(false);
  });
  it('stems with Porter2, as Pagefind does', () => {
    // Snowball 3's English stemmer, as Pagefind 1.6 has it; the npm stemmers give "gener", "llm", "ad", "emerg".
    expect(['generating', 'llms', 'try', 'was', 'general', 'added', 'emergence', 'dying', 'skies'].map(processTerm)).toEqual([
      'generat',
      'llms',
      'tri',
      'was',
      'general',
      'add',
      'emergenc',
      'die',
      'sky',
    ]);
  });
  it('takes a query in quotes as a phrase, and other quotes as punctuation', () => {
    expect(parseQuery('"next-scale prediction"')).toEqual({ words: ['nextscale', 'prediction'], phrase: true });
    expect(parseQuery('vq "next scale" GAN')).toEqual({ words: ['vq', 'next', 'scale', 'gan'], phrase: false });
    expect(parseQuery('"1.3B"')).toEqual({ words: ['13b'], phrase: true });
  });
  it('highlights matching words and escapes the rest', () => {
    expect(makeExcerpt('A <b> decoder that decodes fast.', 'decoding')).toBe('A &lt;b&gt; <mark>decoder</mark> that <mark>decodes</mark> fast.');
  });
});
