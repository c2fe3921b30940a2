import MiniSearch, { type Options } from 'minisearch';
import { processTerm, stemmedTerms, tokenizeQuery, tokenizeText } from './search-terms';
import { FACETS, yearsInRange, type Facet, type SearchState } from './search-state';

export { processTerm, tokenizeQuery, tokenizeText };

/**
 * The offline edition's search: MiniSearch over an index built at build time and loaded by a
 * classic `<script>` under file://, where Pagefind cannot run. It follows Pagefind's query rules so
 * both editions find the same papers: every word must match (as a prefix, after stemming), words
 * found nowhere are ignored, hyphenated words match as one, and "quoted phrases" match exactly.
 */

/** One paper as the offline search sees it. */
export interface OfflineDoc {
  id: number;
  /** Path from the site root, without a leading slash: `papers/var/`. */
  path: string;
  title: string;
  authors: string;
  year: number;
  venue: string;
  venueName: string;
  /** Topic ids, with the parents of sub-topics. */
  topics: string[];
  topicTitles: string;
  tags: string[];
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

/** What the offline search data file holds: the papers without their text, and both indexes. */
export interface OfflineData {
  docs: Omit<OfflineDoc, 'text' | 'terms'>[];
  index: unknown;
  topics: OfflineTopic[];
  topicIndex: unknown;
}

/**
 * The files the offline edition loads with classic `<script>` tags, and the globals they set. The
 * papers' text (for "quoted phrases" and excerpts) is a second file, loaded only when needed: it is
 * the larger half, and most searches do without it.
 */
export const OFFLINE_FILES = {
  data: { file: 'search-data.js', global: '__SURVEY_SEARCH__' },
  texts: { file: 'search-text.js', global: '__SURVEY_SEARCH_TEXT__' },
} as const;

/**
 * A classic script that sets `window[global]` to `value`. The value is a JSON string handed to
 * `JSON.parse`, which browsers read several times faster than the same data as a JavaScript literal.
 */
export function assignmentScript(global: string, value: unknown): string {
  return `window.${global}=JSON.parse(${JSON.stringify(JSON.stringify(value))});\n`;
}

/** Splits a query into its free words and its "quoted phrases". */
export function parseQuery(query: string): { words: string[]; phrases: string[] } {
  const phrases: string[] = [];
  const rest = query.replace(/"([^"]*)"/g, (_, phrase: string) => {
    const folded = tokenizeQuery(phrase).join(' ');
    if (folded) phrases.push(folded);
    return ' ';
  });
  return { words: tokenizeQuery(rest), phrases };
}

const FIELDS = ['title', 'authors', 'tldr', 'text', 'tagText', 'topicTitles'];

/** MiniSearch options shared by the build (which indexes) and the browser (which loads). */
export const PAPER_INDEX_OPTIONS: Options<OfflineDoc> = {
  fields: FIELDS,
  idField: 'id',
  // The long `text` field arrives as stemmed terms (`terms`); the short fields are cut here.
  tokenize: (text, field) => (field === 'text' ? text.split(' ') : tokenizeText(text)),
  processTerm: (term, field) => (field === 'text' ? term : processTerm(term)),
  extractField: (doc, field) =>
    field === 'tagText'
      ? doc.tags.join(' ')
      : field === 'text'
        ? (doc.terms ?? stemmedTerms(doc.text))
        : String((doc as unknown as Record<string, unknown>)[field] ?? ''),
  searchOptions: {
    boost: { title: 5, authors: 2, tldr: 1.5, topicTitles: 1.5, tagText: 1.5 },
    prefix: true,
    combineWith: 'AND',
    tokenize: (text) => text.split(' '),
    processTerm,
  },
};

/** MiniSearch options for topic pages. */
export const TOPIC_INDEX_OPTIONS: Options<OfflineTopic> = {
  fields: ['title', 'text'],
  idField: 'id',
  tokenize: tokenizeText,
  processTerm,
  searchOptions: { boost: { title: 5 }, prefix: true, combineWith: 'AND', tokenize: (text) => text.split(' '), processTerm },
};

/** Builds both indexes; returns the data file's content and the papers' texts, by doc id. */
export function buildOfflineData(docs: OfflineDoc[], topics: OfflineTopic[]): { data: OfflineData; texts: string[] } {
  const index = new MiniSearch(PAPER_INDEX_OPTIONS);
  index.addAll(docs);
  const topicIndex = new MiniSearch(TOPIC_INDEX_OPTIONS);
  topicIndex.addAll(topics);
  // The terms are in the index already; the text goes to its own file.
  const shipped = docs.map(({ terms: _terms, text: _text, ...doc }) => doc);
  return { data: { docs: shipped, index: index.toJSON(), topics, topicIndex: topicIndex.toJSON() }, texts: docs.map((d) => d.text) };
}

/** Counts per value of each facet and of years. */
export type Counts = Record<Facet | 'year', Record<string, number>>;

/** A paper as the loaded offline search returns it. */
export type FoundDoc = OfflineData['docs'][number];

/** A loaded offline index, ready to answer searches. */
export interface OfflineSearch {
  /** Results and facet counts; a "quoted phrase" is only checked once `addTexts` has been called. */
  search(state: SearchState): { docs: FoundDoc[]; facets: Counts };
  /** Gives the papers' texts, for phrases and excerpts. */
  addTexts(texts: readonly string[]): void;
  /** A paper's text, once given. */
  textOf(doc: FoundDoc): string;
  searchTopics(query: string): OfflineTopic[];
  allFacets(): Counts;
}

/** Loads the data written by `buildOfflineData`. */
export function loadOfflineSearch(data: OfflineData): OfflineSearch {
  const index = MiniSearch.loadJS(data.index as never, PAPER_INDEX_OPTIONS);
  const topicIndex = MiniSearch.loadJS(data.topicIndex as never, TOPIC_INDEX_OPTIONS);
  const years = [...new Set(data.docs.map((d) => d.year))].sort((a, b) => a - b);
  let texts: readonly string[] = [];
  const folded = new Map<number, string>();
  const haystack = (doc: FoundDoc) => {
    let text = folded.get(doc.id);
    if (text === undefined) {
      text = tokenizeQuery([doc.title, doc.authors, doc.tldr, texts[doc.id] ?? ''].join(' ')).join(' ');
      folded.set(doc.id, text);
    }
    return text;
  };

  // Words no document contains are dropped, as Pagefind does; the rest must all match.
  const matching = (query: string, target: MiniSearch<never>) => {
    const { words, phrases } = parseQuery(query);
    const known = words.filter((w) => target.search(w, { combineWith: 'AND' }).length > 0);
    return { known, phrases, empty: words.length + phrases.length === 0 };
  };

  const matchQuery = (state: SearchState): FoundDoc[] => {
    const { known, phrases, empty } = matching(state.q, index as MiniSearch<never>);
    if (empty) return sortDocs(data.docs, state.sort === 'oldest' ? 'oldest' : 'newest');
    let hits: FoundDoc[] = known.length
      ? index.search(known.join(' ')).map((r) => data.docs[r.id as number]!)
      : phrases.length
        ? [...data.docs]
        : [];
    if (phrases.length) hits = hits.filter((doc) => phrases.every((p) => ` ${haystack(doc)} `.includes(` ${p} `)));
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
    addTexts(given) {
      texts = given;
      folded.clear();
    },
    textOf: (doc) => texts[doc.id] ?? '',
    search(state) {
      const matched = matchQuery(state);
      const facets = emptyCounts();
      for (const facet of [...FACETS, 'year'] as const) {
        for (const doc of matched) if (passes(doc, state, facet)) count(facets[facet], facet, doc);
      }
      return { docs: matched.filter((doc) => passes(doc, state)), facets };
    },
    searchTopics(query) {
      const { known, phrases, empty } = matching(query, topicIndex as MiniSearch<never>);
      if (empty || known.length === 0) return [];
      const hits = topicIndex.search(known.join(' ')).map((r) => data.topics[r.id as number]!);
      return hits.filter((t) => phrases.every((p) => tokenizeQuery(`${t.title} ${t.text}`).join(' ').includes(p))).slice(0, 3);
    },
    allFacets() {
      const facets = emptyCounts();
      for (const doc of data.docs) for (const facet of [...FACETS, 'year'] as const) count(facets[facet], facet, doc);
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

function sortDocs(docs: readonly FoundDoc[], order: 'newest' | 'oldest'): FoundDoc[] {
  return [...docs].sort((a, b) => (order === 'newest' ? b.year - a.year : a.year - b.year) || a.title.localeCompare(b.title, 'en'));
}

/**
 * About `words` words of `text` around the first word matching the query, HTML-escaped, with
 * matching words in `<mark>`. Falls back to the start of the text.
 */
export function makeExcerpt(text: string, query: string, words = 24): string {
  const tokens = text.split(/\s+/).filter(Boolean);
  const { words: queryWords, phrases } = parseQuery(query);
  const stems = [...queryWords, ...phrases.flatMap((p) => p.split(' '))].map(processTerm);
  const matches = (token: string) => {
    const folded = tokenizeQuery(token);
    return folded.length > 0 && folded.some((w) => stems.some((s) => s && processTerm(w).startsWith(s)));
  };
  const first = Math.max(0, tokens.findIndex(matches));
  const start = Math.max(0, first - Math.floor(words / 3));
  const slice = tokens.slice(start, start + words);
  const html = slice.map((t) => (matches(t) ? `<mark>${escapeHtml(t)}</mark>` : escapeHtml(t))).join(' ');
  return `${start > 0 ? '… ' : ''}${html}${start + words < tokens.length ? ' …' : ''}`;
}

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
