import MiniSearch, { type Options } from 'minisearch';
import { escapeHtml } from './html';
import { isPhraseQuery, nameKey, phraseMatcher, phraseText, processTerm, putFirst, queryName, stemmedTerms, tokenizeQuery, tokenizeText } from './search-terms';
import { FACETS, yearsInRange, type Facet, type SearchState } from './search-state';
import { compareOrderKeys, orderKey, type DateOrder } from './search-order';
import { countTerms, type CountedPostings } from './search-index';

export { processTerm, tokenizeText };

/**
 * The offline edition's search: MiniSearch over an index built at build time and loaded by a
 * classic `<script>` under file://, where Pagefind cannot run. It indexes the words Pagefind indexes
 * on a paper's page (its text, and its venue and year, which Pagefind takes from the page's
 * metadata) and follows Pagefind's query rules, so both editions find the same papers: every word
 * must match (as a prefix, after stemming), words found nowhere are ignored, punctuation is dropped
 * (`next-scale` is `nextscale`), and a query in quotes is a phrase, whose words must follow one
 * another in a paper's text, its venue or its year, each as a whole word after stemming.
 */

/** One paper as the offline search sees it. */
export interface OfflineDoc {
  id: number;
  /** Path from the site root, without a leading slash: `papers/var/`. */
  path: string;
  title: string;
  /** The short name the paper goes by (`VAR`), when its front matter gives one. */
  name?: string;
  authors: string;
  year: number;
  /** The venue as the paper page shows it: `NeurIPS 2024`, `Preprint`. */
  venue: string;
  venueName: string;
  /** Topic ids, with the parents of sub-topics. */
  topics: string[];
  topicTitles: string;
  tags: string[];
  /** The tags as their badges read (`KV cache` for `kv-cache`). */
  tagLabels: string[];
  tldr: string;
  /** Abstract and notes as plain text, without math. */
  text: string;
  /**
   * `text` already cut into stemmed terms, joined by spaces; computed with the entry (on worker
   * threads, and cached), so indexing ten thousand abstracts does not stem them again. Build time only.
   */
  terms?: string;
}

/** One topic page as the offline search sees it. */
export interface OfflineTopic {
  id: number;
  path: string;
  title: string;
  text: string;
}

/**
 * A paper's row in the data file: what matching and facets need. `slug` is its path without
 * `papers/` and the final slash.
 */
type DocRow = [slug: string, year: number, venue: number, topics: number[], tags: number[]];

/**
 * What the offline search data file holds: a row per paper (its venue, topics and tags as numbers
 * into `values`), each paper's place in the results sorted by date, the topic index, and the papers'
 * index without its terms, which come in shards (`OfflineShards`), and without what the rows give
 * (its document ids). What a result shows comes in chunks (`OfflineDetailChunks`), its title too:
 * the first search waits for this file, and titles were half of it.
 */
export interface OfflineData {
  docs: DocRow[];
  values: { venue: string[]; topic: string[]; tag: string[] };
  topicTitles: Record<string, string>;
  /** The papers (row numbers) by the key of their short name (`nameKey`): `{ var: [61] }`. */
  names: Record<string, number[]>;
  /** Per order, each paper's place when sorted by `orderKey`. */
  ranks: Record<DateOrder, number[]>;
  /** MiniSearch's serialized index with an empty term list, without `documentIds`, and `fieldLength` as a list. */
  index: Record<string, unknown> & { fieldLength: number[][] };
  /** The keys of the shards that exist (see `shardKey`). */
  shards: string[];
  topics: OfflineTopic[];
  topicIndex: unknown;
}

/** The papers' index terms by shard key, each with its postings in the form `encodePostings` writes. */
export type OfflineShards = Record<string, [term: string, postings: string][]>;

/** A term's postings as MiniSearch serializes them: by field number, each paper's count by paper number. */
type Postings = Record<string, Record<string, number>>;

/**
 * A term's postings as a short string, a quarter the size of MiniSearch's JSON: each field's number,
 * `:`, and its papers as the difference from the previous paper's number, in base 36, with `*` and
 * the count where it is not one; fields apart by `;`. MiniSearch's `{"4":{"139":1,"316":2}}`, counted
 * as `[, , , , [139, 1, 316, 2]]`, becomes `4:3v,4x*2`. A query's first search waits for the shards
 * of its words, and the browser's time to load a script grows with its bytes; only the terms a query
 * matches are ever decoded.
 */
export function encodePostings(postings: CountedPostings): string {
  const fields: string[] = [];
  postings.forEach((pairs, field) => {
    const items: string[] = [];
    for (let i = 0, previous = 0; i < pairs!.length; i += 2) {
      const [paper, count] = [pairs![i]!, pairs![i + 1]!];
      items.push((paper - previous).toString(36) + (count === 1 ? '' : `*${count.toString(36)}`));
      previous = paper;
    }
    fields.push(`${field}:${items.join(',')}`);
  });
  return fields.join(';');
}

/** The postings `encodePostings` wrote. */
export function decodePostings(encoded: string): Postings {
  const postings: Postings = {};
  for (const part of encoded ? encoded.split(';') : []) {
    const colon = part.indexOf(':');
    const papers: Record<string, number> = {};
    let paper = 0;
    for (const item of part.slice(colon + 1).split(',')) {
      const star = item.indexOf('*');
      paper += parseInt(star < 0 ? item : item.slice(0, star), 36);
      papers[paper] = star < 0 ? 1 : parseInt(item.slice(star + 1), 36);
    }
    postings[part.slice(0, colon)] = papers;
  }
  return postings;
}

/** What a result shows besides its year and topics: title, authors, venue and one-line summary. */
export type OfflineDetails = [title: string, authors: string, venue: string, tldr: string];

/** Details by chunk number: chunk n holds papers n × DETAILS_CHUNK to (n + 1) × DETAILS_CHUNK − 1. */
export type OfflineDetailChunks = Record<string, OfflineDetails[]>;

/**
 * A paper's text of its page before the abstract (title, authors, topics, tags, one-line summary),
 * its abstract and notes, and its venue: for phrases and excerpts.
 */
export type OfflineText = [head: string, text: string, venue: string];

/** Texts by chunk number: chunk n holds papers n × TEXTS_CHUNK to (n + 1) × TEXTS_CHUNK − 1. */
export type OfflineTextChunks = Record<string, OfflineText[]>;

/** Papers per chunk of details. */
export const DETAILS_CHUNK = 25;

/**
 * Papers per chunk of texts: a phrase of common words needs the texts of most papers, and under
 * `file://` a browser loads a few dozen scripts of a few hundred kilobytes faster than hundreds of
 * small ones or one large one (26 MB at 10,000 papers: 400 scripts took 5 s, one 9.6 s).
 */
export const TEXTS_CHUNK = 100;

/**
 * The files the offline edition loads with classic `<script>` tags, and the globals they set. A
 * first search loads the data file (a row per paper), the shards of the index its words can match
 * (terms split by their first two letters) and the details and texts of the results it shows; a
 * "quoted phrase" also loads the texts of the papers its words find. At ten thousand papers the whole
 * index is tens of megabytes, which took seconds to load before a first result, and the texts 26 MB,
 * which as one script took 11 s to load under `file://` (in chunks, a phrase matching half the
 * papers loads them in about 3 s).
 */
export const OFFLINE_FILES = {
  data: { file: 'search-data.js', global: '__SURVEY_SEARCH__' },
  texts: { dir: 'search-text', global: '__SURVEY_SEARCH_TEXT__' },
  shards: { dir: 'search-index', global: '__SURVEY_SEARCH_SHARDS__' },
  details: { dir: 'search-docs', global: '__SURVEY_SEARCH_DOCS__' },
} as const;

/** How many leading characters of a term name its shard. */
const SHARD_KEY_LENGTH = 2;

/** The shard a stemmed term is in: its first two characters. */
function shardKey(term: string): string {
  return [...term].slice(0, SHARD_KEY_LENGTH).join('');
}

/** Path of a shard's script in the offline edition; the key's characters as hex code points. */
export function shardFile(key: string): string {
  return `${OFFLINE_FILES.shards.dir}/${[...key].map((c) => c.codePointAt(0)!.toString(16)).join('-')}.js`;
}

/** Path of a details chunk's script in the offline edition. */
export function detailsFile(chunk: string): string {
  return `${OFFLINE_FILES.details.dir}/${chunk}.js`;
}

/** Path of a texts chunk's script in the offline edition. */
export function textsFile(chunk: string): string {
  return `${OFFLINE_FILES.texts.dir}/${chunk}.js`;
}

/** A classic script that adds `value` under `key` to the object `window[global]`. */
export function partScript(global: string, key: string, value: unknown): string {
  const target = `window.${global}`;
  return `(${target}=${target}||{})[${JSON.stringify(key)}]=JSON.parse(${JSON.stringify(JSON.stringify(value))});\n`;
}

/**
 * A classic script that sets `window[global]` to `value`. The value is a JSON string handed to
 * `JSON.parse`, which browsers read several times faster than the same data as a JavaScript literal.
 */
export function assignmentScript(global: string, value: unknown): string {
  return `window.${global}=JSON.parse(${JSON.stringify(JSON.stringify(value))});\n`;
}

/**
 * A query's words, and whether they are a phrase. As on Pagefind, a query is a phrase when it
 * opens and closes with a double quote; other quotes are punctuation, which is dropped.
 */
export function parseQuery(query: string): { words: string[]; phrase: boolean } {
  const words = tokenizeQuery(query);
  return { words, phrase: words.length > 0 && isPhraseQuery(query) };
}

/** A block of a page's text as Pagefind reads it: a period ends it unless it ends with punctuation. */
const block = (text: string) => (/[\w'")$*]$/.test(text) ? `${text}.` : text);

/**
 * The text of a paper's page before its abstract, in the order Pagefind reads it: title, short
 * name, authors, topic badges, tag badges, one-line summary.
 */
function pageHead(doc: Pick<OfflineDoc, 'title' | 'name' | 'authors' | 'topicTitles' | 'tagLabels' | 'tldr'>): string {
  return [block(doc.title), doc.name && block(doc.name), block(doc.authors), doc.topicTitles.split(' · ').join(' '), doc.tagLabels.join(' '), block(doc.tldr)]
    .filter(Boolean)
    .join(' ');
}

/** `venue` holds the venue as shown, with the year, which Pagefind indexes from the page's metadata. */
const FIELDS = ['title', 'name', 'authors', 'tldr', 'text', 'tagText', 'topicTitles', 'venue'];

/** MiniSearch options shared by the build (which indexes) and the browser (which loads). */
export const PAPER_INDEX_OPTIONS: Options<OfflineDoc> = {
  fields: FIELDS,
  idField: 'id',
  // The long `text` field arrives as stemmed terms (`terms`); the short fields are cut here.
  tokenize: (text, field) => (field === 'text' ? text.split(' ') : tokenizeText(text)),
  processTerm: (term, field) => (field === 'text' ? term : processTerm(term)),
  extractField: (doc, field) =>
    field === 'tagText'
      ? doc.tagLabels.join(' ')
      : field === 'text'
        ? (doc.terms ?? stemmedTerms(doc.text))
        : field === 'venue'
          ? `${doc.venue} ${doc.year}`
          : String((doc as unknown as Record<string, unknown>)[field] ?? ''),
  searchOptions: {
    boost: { title: 5, name: 5, authors: 2, tldr: 1.5, topicTitles: 1.5, tagText: 1.5 },
    prefix: true,
    combineWith: 'AND',
    tokenize: (text) => text.split(' '),
    processTerm,
  },
};

/** MiniSearch options for topic pages. */
const TOPIC_INDEX_OPTIONS: Options<OfflineTopic> = {
  fields: ['title', 'text'],
  idField: 'id',
  tokenize: tokenizeText,
  processTerm,
  searchOptions: { boost: { title: 5 }, prefix: true, combineWith: 'AND', tokenize: (text) => text.split(' '), processTerm },
};

/** What `buildOfflineData` returns: the files' contents, before they become scripts. */
export interface OfflineBuild {
  data: OfflineData;
  texts: OfflineTextChunks;
  shards: OfflineShards;
  details: OfflineDetailChunks;
}

/**
 * Builds both indexes; returns the data file's content, the papers' index terms in shards, the
 * results' details and the papers' texts in chunks, all by doc id.
 */
export function buildOfflineData(docs: OfflineDoc[], topics: OfflineTopic[]): OfflineBuild {
  const topicIndex = new MiniSearch(TOPIC_INDEX_OPTIONS);
  topicIndex.addAll(topics);
  // The papers' index as MiniSearch would serialize it (`countTerms`); each term goes to its shard.
  const { header: indexHeader, terms } = countTerms(docs, PAPER_INDEX_OPTIONS);
  const { documentIds, fieldLength, ...header } = indexHeader;
  // Papers are numbered in the order given, and their ids are those numbers as text (`extractField`),
  // which the browser rebuilds `documentIds` from.
  if (!Object.entries(documentIds).every(([short, id]) => id === short)) throw new Error('The offline index numbered its papers out of order.');
  const shards: OfflineShards = {};
  for (const [term, postings] of terms) (shards[shardKey(term)] ??= []).push([term, encodePostings(postings)]);
  // Venues, topics and tags repeat across papers: each is written once and numbered.
  const values = { venue: [] as string[], topic: [] as string[], tag: [] as string[] };
  const numbers = { venue: new Map<string, number>(), topic: new Map<string, number>(), tag: new Map<string, number>() };
  const number = (kind: keyof typeof values, value: string) => {
    let n = numbers[kind].get(value);
    if (n === undefined) numbers[kind].set(value, (n = values[kind].push(value) - 1));
    return n;
  };
  const topicTitles: Record<string, string> = {};
  for (const doc of docs) {
    const titles = doc.topicTitles.split(' · ');
    doc.topics.forEach((topic, i) => (topicTitles[topic] ??= titles[i] || topic));
  }
  const rows = docs.map((doc, i): DocRow => {
    // The rows' order gives the document ids, and paper pages' paths their slugs.
    const slug = /^papers\/([^/]+)\/$/.exec(doc.path)?.[1];
    if (doc.id !== i || slug === undefined) throw new Error(`Paper ${doc.path} is not at papers/<id>/ or not numbered ${i}.`);
    return [slug, doc.year, number('venue', doc.venueName), doc.topics.map((t) => number('topic', t)), doc.tags.map((t) => number('tag', t))];
  });
  // The results' order by date, placed here once rather than by every browser.
  const ranks = { newest: [] as number[], oldest: [] as number[] };
  for (const order of ['newest', 'oldest'] as const) {
    const keys = docs.map((doc, i) => orderKey({ id: rows[i]![0], year: doc.year, title: doc.title }, order));
    keys
      .map((_, i) => i)
      .sort((a, b) => compareOrderKeys(keys[a]!, keys[b]!))
      .forEach((i, place) => (ranks[order][i] = place));
  }
  const names: Record<string, number[]> = {};
  docs.forEach((doc, i) => {
    const key = doc.name ? nameKey(doc.name) : '';
    if (key) (names[key] ??= []).push(i);
  });
  const details: OfflineDetailChunks = {};
  docs.forEach((doc, i) => (details[String(Math.floor(i / DETAILS_CHUNK))] ??= []).push([doc.title, doc.authors, doc.venue, doc.tldr]));
  const data: OfflineData = {
    docs: rows,
    values,
    topicTitles,
    names,
    ranks,
    index: { ...header, fieldLength: docs.map((_, i) => (fieldLength as Record<string, number[]>)[i]!), index: [] },
    shards: Object.keys(shards).sort(),
    topics,
    topicIndex: topicIndex.toJSON(),
  };
  const texts: OfflineTextChunks = {};
  docs.forEach((doc, i) => (texts[String(Math.floor(i / TEXTS_CHUNK))] ??= []).push([pageHead(doc), doc.text, doc.venue]));
  return { data, texts, shards, details };
}

/** Counts per value of each facet and of years. */
export type Counts = Record<Facet | 'year', Record<string, number>>;

/** A paper as the loaded offline search returns it. */
export interface FoundDoc {
  id: number;
  path: string;
  year: number;
  venueName: string;
  topics: string[];
  tags: string[];
}

/** What a result shows besides its year. */
export interface FoundDetails {
  title: string;
  authors: string;
  venue: string;
  tldr: string;
  topicTitles: string;
}

/** A loaded offline index, ready to answer searches. */
export interface OfflineSearch {
  /**
   * Results and facet counts. Throws if a shard the query needs has not been given
   * (`missingShards`), or for a "quoted phrase", the texts of a paper its words find (`phraseCandidates`).
   */
  search(state: SearchState): { docs: FoundDoc[]; facets: Counts };
  /** The papers whose texts a "quoted phrase" is looked for in (none for other queries); needs its shards. */
  phraseCandidates(query: string): FoundDoc[];
  /** The keys of the shards a query's words can match that have not been given yet. */
  missingShards(query: string): string[];
  /** Gives shards of the papers' index. */
  addShards(shards: OfflineShards): void;
  /** The chunks of details that showing `docs` needs and that have not been given yet. */
  missingDetails(docs: readonly FoundDoc[]): string[];
  /** Gives chunks of details. */
  addDetails(chunks: OfflineDetailChunks): void;
  /** A paper's details; throws if its chunk has not been given. */
  detailsOf(doc: FoundDoc): FoundDetails;
  /** The chunks of texts that `docs` need and that have not been given yet. */
  missingTexts(docs: readonly FoundDoc[]): string[];
  /** Gives chunks of the papers' texts, for phrases and excerpts. */
  addTexts(chunks: OfflineTextChunks): void;
  /** A paper's text (its abstract and notes), or '' until its chunk has been given. */
  textOf(doc: FoundDoc): string;
  searchTopics(query: string): OfflineTopic[];
  allFacets(): Counts;
}

/** Loads the data written by `buildOfflineData`, and the shards and details given so far, if any. */
export function loadOfflineSearch(data: OfflineData, shards: OfflineShards = {}, detailChunks: OfflineDetailChunks = {}): OfflineSearch {
  const docs: FoundDoc[] = data.docs.map(([slug, year, venue, topics, tags], id) => ({
    id,
    path: `papers/${slug}/`,
    year,
    venueName: data.values.venue[venue]!,
    topics: topics.map((t) => data.values.topic[t]!),
    tags: tags.map((t) => data.values.tag[t]!),
  }));
  const details = new Map<string, OfflineDetails[]>(Object.entries(detailChunks));
  const chunkOf = (doc: FoundDoc) => String(Math.floor(doc.id / DETAILS_CHUNK));
  // A query searches an index of only the terms its words can match (each word's term and the terms
  // it begins), taken from the shards those words need. Scores need nothing else: a term's weight
  // comes from its own postings and the papers' field lengths, which every index shares, so results
  // are those of the whole index, and making it costs the query's postings, not its shards'. The last
  // few such indexes are kept for the next keystrokes.
  const loaded = new Map<string, { entries: OfflineShards[string]; terms: string[]; order: number[] }>();
  const existing = new Set(data.shards);
  const indexes = new Map<string, MiniSearch<OfflineDoc>>();
  const header = {
    ...data.index,
    documentIds: Object.fromEntries(docs.map((d) => [d.id, String(d.id)])),
    fieldLength: Object.fromEntries(data.index.fieldLength.map((lengths, id) => [id, lengths])),
  };
  const paperIndex = (words: readonly string[]) => {
    // Each shard's matching terms, in the shard's order, which is the whole index's.
    const picked = new Map<string, Set<number>>();
    for (const term of new Set(words.map(processTerm))) {
      for (const key of shardsOf(term)) {
        const { terms, order } = loaded.get(key)!;
        const positions = picked.get(key) ?? picked.set(key, new Set()).get(key)!;
        for (let i = place(term, terms); i < terms.length && terms[i]!.startsWith(term); i++) positions.add(order[i]!);
      }
    }
    const entries = [...picked.keys()].sort().flatMap((key) => [...picked.get(key)!].sort((a, b) => a - b).map((i) => loaded.get(key)!.entries[i]!));
    const name = entries.map(([term]) => term).join(' ');
    let index = indexes.get(name);
    if (index) indexes.delete(name);
    else {
      const terms = entries.map(([term, postings]) => [term, decodePostings(postings)]);
      index = MiniSearch.loadJS({ ...header, index: terms } as never, PAPER_INDEX_OPTIONS);
    }
    indexes.set(name, index);
    if (indexes.size > 4) indexes.delete(indexes.keys().next().value!);
    return index;
  };
  const addShards = (given: OfflineShards) => {
    for (const [key, entries] of Object.entries(given)) {
      if (loaded.has(key)) continue;
      // The terms sorted, to find those a word begins, and whether there are any, without searching.
      const order = entries.map((_, i) => i).sort((a, b) => (entries[a]![0] < entries[b]![0] ? -1 : 1));
      loaded.set(key, { entries, order, terms: order.map((i) => entries[i]![0]) });
    }
  };
  addShards(shards);
  // A word of two letters or more matches terms in one shard (prefix search); a one-letter word,
  // in every shard starting with that letter.
  const shardsOf = (term: string) => {
    const key = shardKey(term);
    if (!key) return [];
    return [...key].length >= SHARD_KEY_LENGTH ? (existing.has(key) ? [key] : []) : data.shards.filter((k) => k.startsWith(key));
  };
  const shardsFor = (query: string) => [...new Set(parseQuery(query).words.flatMap((word) => shardsOf(processTerm(word))))].sort();
  const missingShards = (query: string) => shardsFor(query).filter((key) => !loaded.has(key));
  // Where a stemmed term is, or would be, among a shard's sorted terms.
  const place = (term: string, terms: readonly string[]) => {
    let low = 0;
    let high = terms.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (terms[middle]! < term) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  // Whether a word matches anything, as `search(word).length > 0` would tell, without scoring.
  const knownWord = (word: string) => {
    const term = processTerm(word);
    return (
      term !== '' &&
      shardsOf(term).some((key) => {
        const terms = loaded.get(key)!.terms;
        return terms[place(term, terms)]?.startsWith(term) ?? false;
      })
    );
  };
  // Whether a word is in the index as it is stemmed, not only as the beginning of longer terms.
  const wholeWord = (word: string) => {
    const term = processTerm(word);
    return term !== '' && shardsOf(term).some((key) => {
      const terms = loaded.get(key)!.terms;
      return terms[place(term, terms)] === term;
    });
  };
  // Sorted by year, the results come in the hosted search's order (src/lib/search-order.ts), whose
  // keys placed each paper when the edition was built.
  const sortDocs = (found: readonly FoundDoc[], order: DateOrder) => {
    const rank = data.ranks[order];
    return [...found].sort((a, b) => rank[a.id]! - rank[b.id]!);
  };
  const topicIndex = MiniSearch.loadJS(data.topicIndex as never, TOPIC_INDEX_OPTIONS);
  const years = [...new Set(docs.map((d) => d.year))].sort((a, b) => a - b);
  const texts = new Map<string, OfflineText[]>();
  const textsChunkOf = (doc: FoundDoc) => String(Math.floor(doc.id / TEXTS_CHUNK));
  const textRow = (doc: FoundDoc) => texts.get(textsChunkOf(doc))?.[doc.id % TEXTS_CHUNK];
  // Where a phrase is looked for in a paper: its page's text, then its venue and its year, each
  // apart, as Pagefind keeps the metadata it indexes apart from the text. Each with its `phraseText`,
  // kept for the next searches.
  const squashedCache = new Map<number, string[]>();
  const phraseIn = (doc: FoundDoc, matches: (text: string, squashed: string) => boolean) => {
    const row = textRow(doc);
    if (!row) throw new Error(`The text of paper ${doc.id} is needed for a phrase and not loaded.`);
    const [head, text, venue] = row;
    const parts = [`${head} ${text}`, venue, String(doc.year)];
    let squashed = squashedCache.get(doc.id);
    if (!squashed) squashedCache.set(doc.id, (squashed = parts.map(phraseText)));
    return parts.some((part, i) => matches(part, squashed[i]!));
  };

  // The papers a phrase's words find unquoted, best first, if they are all in the index whole; the
  // last phrase's are kept, as the engine asks for them before it searches.
  let lastCandidates: { key: string; docs: FoundDoc[] } | undefined;
  const candidatesOf = (words: readonly string[]) => {
    const key = words.join(' ');
    if (lastCandidates?.key !== key) {
      const docsFound = words.every(wholeWord) ? paperIndex(words).search(key).map((r) => docs[r.id as number]!) : [];
      lastCandidates = { key, docs: docsFound };
    }
    return lastCandidates.docs;
  };

  const needShards = (query: string) => {
    const missing = missingShards(query);
    if (missing.length) throw new Error(`The search index shards ${missing.join(', ')} are needed for "${query}" and not loaded.`);
  };

  const matchQuery = (state: SearchState): FoundDoc[] => {
    needShards(state.q);
    const { words, phrase } = parseQuery(state.q);
    // A query of punctuation alone finds nothing on Pagefind; an empty one lists every paper.
    if (words.length === 0) return state.q.trim() ? [] : sortDocs(docs, state.sort === 'oldest' ? 'oldest' : 'newest');
    let hits: FoundDoc[];
    if (phrase) {
      // A phrase's words must all be in the index whole. It is looked for in the papers its words
      // find unquoted, best first, so that its papers are ranked as Pagefind ranks its words (Pagefind
      // scores all of a phrase's papers alike and lists them in the order of its index).
      const matches = phraseMatcher(words.map(processTerm));
      hits = candidatesOf(words).filter((doc) => phraseIn(doc, matches));
    } else {
      // Words no document contains are dropped, as Pagefind does; the rest must all match.
      const known = words.filter(knownWord);
      hits = known.length ? paperIndex(known).search(known.join(' ')).map((r) => docs[r.id as number]!) : [];
      // A query that is a paper's short name ("VAR") finds that paper first, as on the hosted site.
      const name = queryName(state.q);
      const named = name !== undefined && Object.hasOwn(data.names, name) ? data.names[name]! : [];
      if (named.length) hits = putFirst(hits, (doc) => named.includes(doc.id));
    }
    return state.sort === 'relevance' ? hits : sortDocs(hits, state.sort);
  };

  const passes = (doc: FoundDoc, state: SearchState, without?: Facet | 'year') => {
    for (const facet of FACETS) {
      if (facet === without || state[facet].length === 0) continue;
      const values = facet === 'venue' ? [doc.venueName] : facet === 'topic' ? doc.topics : doc.tags;
      if (!state[facet].some((v) => values.includes(v))) return false;
    }
    if (without !== 'year' && (state.from !== undefined || state.to !== undefined)) {
      if (!yearsInRange(state, years).includes(doc.year)) return false;
    }
    return true;
  };

  return {
    missingShards,
    addShards,
    phraseCandidates(query) {
      needShards(query);
      const { words, phrase } = parseQuery(query);
      return phrase ? candidatesOf(words) : [];
    },
    missingTexts: (needed) => [...new Set(needed.map(textsChunkOf))].filter((chunk) => !texts.has(chunk)),
    addTexts(chunks) {
      for (const [chunk, rows] of Object.entries(chunks)) texts.set(chunk, rows);
    },
    textOf: (doc) => textRow(doc)?.[1] ?? '',
    missingDetails: (shown) => [...new Set(shown.map(chunkOf))].filter((chunk) => !details.has(chunk)),
    addDetails(chunks) {
      for (const [chunk, rows] of Object.entries(chunks)) details.set(chunk, rows);
    },
    detailsOf(doc) {
      const row = details.get(chunkOf(doc))?.[doc.id % DETAILS_CHUNK];
      if (!row) throw new Error(`The details of paper ${doc.id} are not loaded.`);
      const [title, authors, venue, tldr] = row;
      return { title, authors, venue, tldr, topicTitles: doc.topics.map((t) => data.topicTitles[t] ?? t).join(' · ') };
    },
    search(state) {
      const matched = matchQuery(state);
      // Counted when asked for: the search dialog shows no facets.
      let facets: Counts | undefined;
      const countFacets = () => {
        const counts = emptyCounts();
        for (const facet of [...FACETS, 'year'] as const) {
          for (const doc of matched) if (passes(doc, state, facet)) count(counts[facet], facet, doc);
        }
        return counts;
      };
      return {
        docs: matched.filter((doc) => passes(doc, state)),
        get facets() {
          return (facets ??= countFacets());
        },
      };
    },
    searchTopics(query) {
      const { words, phrase } = parseQuery(query);
      if (phrase) {
        const matches = phraseMatcher(words.map(processTerm));
        return topicIndex
          .search(words.join(' '), { prefix: false })
          .map((r) => data.topics[r.id as number]!)
          .filter((t) => {
            const text = `${t.title} ${t.text}`;
            return matches(text, phraseText(text));
          })
          .slice(0, 3);
      }
      const known = words.filter((word) => topicIndex.search(word).length > 0);
      if (known.length === 0) return [];
      return topicIndex.search(known.join(' ')).map((r) => data.topics[r.id as number]!).slice(0, 3);
    },
    allFacets() {
      const facets = emptyCounts();
      for (const doc of docs) for (const facet of [...FACETS, 'year'] as const) count(facets[facet], facet, doc);
      return facets;
    },
  };
}

function count(into: Record<string, number>, facet: Facet | 'year', doc: FoundDoc) {
  const values = facet === 'year' ? [String(doc.year)] : facet === 'venue' ? [doc.venueName] : facet === 'topic' ? doc.topics : doc.tags;
  for (const value of values) into[value] = (into[value] ?? 0) + 1;
}

function emptyCounts(): Counts {
  return { topic: {}, venue: {}, tag: {}, year: {} };
}

/**
 * About `words` words of `text` around the first word matching the query, HTML-escaped, with
 * matching words in `<mark>`. Falls back to the start of the text.
 */
export function makeExcerpt(text: string, query: string, words = 24): string {
  const tokens = text.split(/\s+/).filter(Boolean);
  const stems = parseQuery(query).words.map(processTerm);
  const matches = (token: string) => tokenizeText(token).some((w) => stems.some((s) => s && processTerm(w).startsWith(s)));
  const first = Math.max(0, tokens.findIndex(matches));
  const start = Math.max(0, first - Math.floor(words / 3));
  const slice = tokens.slice(start, start + words);
  const html = slice.map((t) => (matches(t) ? `<mark>${escapeHtml(t)}</mark>` : escapeHtml(t))).join(' ');
  return `${start > 0 ? '… ' : ''}${html}${start + words < tokens.length ? ' …' : ''}`;
}
