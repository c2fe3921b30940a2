import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import { memo } from '../node/memo';
import { CITATION_BREAKERS, type Paper } from '../schemas/paper';
import { toCsv, type ExportRecord } from './exports';
import { maskTitleMath, renderTitle } from './title';
import { tagLabel } from './tags';

/** Venues published as journals; anything else with a venue is cited as a conference paper. */
const JOURNAL = /journal|transactions|letters|review|TPAMI|TACL|TMLR|JMLR|Neurocomputing|Neural Computation|Knowledge Discovery|Nature|Science/i;

/** The minimum a citation needs. */
export type Citable = Pick<Paper, 'id' | 'title' | 'authors' | 'year' | 'arxiv' | 'doi' | 'url' | 'venue'>;
/** What the download files need: a citation plus the survey's own fields (topics, tags, added). */
export type Exportable = Citable & Pick<Paper, 'code' | 'topics' | 'tags' | 'added'>;

const STOPWORDS = new Set(['a', 'an', 'the', 'on', 'of', 'for', 'to', 'in', 'is', 'are', 'and', 'with', 'via', 'towards', 'toward', 'beyond', 'do', 'does', 'shall', 'we', 'be']);

/** `tian2024visual`: first author's family name, year, first significant word of the title. */
export function citationKeyBase(paper: Pick<Paper, 'authors' | 'year' | 'title'>): string {
  const first = splitName(paper.authors[0] ?? 'anon');
  const family = first.family ?? first.literal ?? 'anon';
  const word = paper.title
    .split(/[^\p{L}\p{N}]+/u)
    .find((w) => w.length > 1 && !STOPWORDS.has(w.toLowerCase())) ?? '';
  // A name in a script without Latin letters (王小明) leaves nothing: such a key starts with "anon",
  // not with the year, which some reference managers refuse as a key's first character.
  return `${ascii(family) || 'anon'}${paper.year}${ascii(word)}`;
}

/**
 * A stable, unique citation key per paper id. Of papers that would share a key, the first added
 * (then the first by id) keeps it and the others get `b`, `c`, ... in that order, so adding a paper
 * never renames a key a reader may already cite.
 */
export function assignCitationKeys(papers: readonly Pick<Paper, 'id' | 'authors' | 'year' | 'title' | 'added'>[]): Map<string, string> {
  const groups = new Map<string, Pick<Paper, 'id' | 'added'>[]>();
  for (const paper of papers) {
    const base = citationKeyBase(paper);
    groups.set(base, [...(groups.get(base) ?? []), paper]);
  }
  const keys = new Map<string, string>();
  for (const [base, group] of groups) {
    const sorted = [...group].sort((a, b) => (a.added === b.added ? (a.id < b.id ? -1 : 1) : a.added < b.added ? -1 : 1));
    sorted.forEach((paper, i) => keys.set(paper.id, i === 0 ? base : `${base}${suffix(i)}`));
  }
  return keys;
}

/** `b` for the second paper of a key, `z` for the 26th, then `ba`, `bb`, ... */
function suffix(i: number): string {
  return i < 26 ? String.fromCharCode(97 + i) : `${suffix(Math.floor(i / 26))}${String.fromCharCode(97 + (i % 26))}`;
}

/** A name as CSL-JSON has it. */
export interface CslName {
  given?: string;
  family?: string;
  'non-dropping-particle'?: string;
  suffix?: string;
  literal?: string;
}

const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'des', 'di', 'da', 'das', 'do', 'dos', 'du', 'la', 'le', 'ter', 'ten', 'bin', 'ibn', 'al', 'el']);
const SUFFIX = /^(?:Jr\.?|Sr\.?|II|III|IV)$/;

/**
 * Splits a name written as the paper writes it, given names first ("Keyu Tian", "Sercan O. Arik",
 * "Jan van der Berg", "Luciano Del Corro"), or "Family, Given". The family name is the last word,
 * or everything from a particle on; a lowercase particle stays a particle ("van der"), a capitalised
 * one belongs to the family name ("Del Corro"). A single word is kept whole (a mononym).
 * Written here rather than left to @citation-js/name, which reads "Ma" as a suffix and drops it.
 */
export function splitName(name: string): CslName {
  const text = name.trim().replace(/\s+/g, ' ');
  if (text.includes(',')) {
    const [family = '', ...rest] = text.split(',').map((part) => part.trim());
    const given = rest.filter((part) => !SUFFIX.test(part)).join(' ');
    const suffix = rest.find((part) => SUFFIX.test(part));
    return { ...(given ? { given } : {}), family, ...(suffix ? { suffix } : {}) };
  }
  const words = text.split(' ');
  const suffix = words.length > 2 && SUFFIX.test(words.at(-1)!) ? words.pop() : undefined;
  if (words.length < 2) return { literal: text };
  const start = words.findIndex((w, i) => i > 0 && i < words.length - 1 && PARTICLES.has(w.toLowerCase()));
  const from = start === -1 ? words.length - 1 : start;
  const given = words.slice(0, from).join(' ');
  const rest = words.slice(from);
  const lower = rest.findIndex((w) => !PARTICLES.has(w));
  const particle = rest.slice(0, lower).join(' ');
  const out: CslName =
    particle && particle === particle.toLowerCase()
      ? { given, family: rest.slice(lower).join(' '), 'non-dropping-particle': particle }
      : { given, family: rest.join(' ') };
  return suffix ? { ...out, suffix } : out;
}

// A paper's CSL item is needed for its own files, the survey's and each of its topics'; a build's
// papers do not change while it runs, so each paper's item is made once per key.
const cslItems = new WeakMap<Citable, Map<string, Readonly<Record<string, unknown>>>>();

/** The paper as CSL-JSON, the interchange format of reference managers (the same object for the same paper and key: do not change it). */
export function toCsl(paper: Citable, key: string): Readonly<Record<string, unknown>> {
  let byKey = cslItems.get(paper);
  if (!byKey) cslItems.set(paper, (byKey = new Map()));
  let item = byKey.get(key);
  if (!item) byKey.set(key, (item = makeCsl(paper, key)));
  return item;
}

/**
 * Where and when a paper was published, as a citation gives them: a venue that names its year
 * (`ICLR 2024`) is cited by its name in that year (`ICLR`, 2024), even when the paper's `year` is
 * its preprint's (2023), so that no citation reads "In ICLR 2024, 2023"; else the venue and `year`.
 */
export function publication(paper: Pick<Paper, 'venue' | 'year'>): { venue: string | undefined; year: number } {
  const named = paper.venue === undefined ? null : /^(.+?)\s+((?:19|20)\d{2})$/.exec(paper.venue);
  return named ? { venue: named[1]!, year: Number(named[2]) } : { venue: paper.venue, year: paper.year };
}

function makeCsl(paper: Citable, key: string): Record<string, unknown> {
  const journal = paper.venue !== undefined && isJournal(paper.venue);
  const published = publication(paper);
  const csl: Record<string, unknown> = {
    id: key,
    'citation-key': key,
    type: paper.venue && !journal ? 'paper-conference' : 'article-journal',
    title: paper.title,
    author: paper.authors.map(splitName),
    issued: { 'date-parts': [[published.year]] },
    'container-title': published.venue ?? (paper.arxiv ? `arXiv preprint arXiv:${paper.arxiv}` : undefined),
    DOI: paper.doi,
    URL: paperUrl(paper),
    // A paper's `note` stays on its page: it can be the curators' remark ("the venue is left unset
    // until confirmed"), which a bibliography style would print.
  };
  return Object.fromEntries(Object.entries(csl).filter(([, v]) => v !== undefined));
}

/** A BibTeX entry for one paper; `key` from `assignCitationKeys`. */
export function toBibtex(paper: Citable, key: string): string {
  return formatOne('bib', toCsl(paper, key));
}

// One paper's entry appears on its page, in its own file, in the survey's file and in each of its
// topics' files: format it once per build, and in a build, take it from the previous one when the
// same code formatted the same item. Keyed by the CSL item itself, so edits are never stale.
const formatted = new Map<string, string>();

const formattedItems = new WeakMap<object, { bib?: string; ris?: string }>();

/** One CSL item as BibTeX or RIS, formatted once and remembered. */
function formatOne(format: 'bib' | 'ris', item: Readonly<Record<string, unknown>>): string {
  let done = formattedItems.get(item);
  if (!done) formattedItems.set(item, (done = {}));
  return (done[format] ??= formatNew(format, item));
}

function formatNew(format: 'bib' | 'ris', item: Readonly<Record<string, unknown>>): string {
  const key = `${format}\0${JSON.stringify(item)}`;
  let text = formatted.get(key);
  if (text === undefined) {
    const kept = memo('citations');
    text = kept?.get(key);
    if (text === undefined) {
      text = format === 'bib' ? formatBibtex([item]) : formatRis([structuredClone(item)]);
    }
    kept?.set(key, text);
    formatted.set(key, text);
  }
  return text;
}

/** BibTeX for many CSL items, one entry after another. */
export function formatBibtex(items: readonly Record<string, unknown>[]): string {
  // One entry at a time: what is added to an entry (its eprint) goes to its own item, whatever a
  // field holds (a line of a venue starting with "@" would pass for the next entry).
  return items.map((item) => `${formatEntry(item)}\n`).join('');
}

function formatEntry(item: Readonly<Record<string, unknown>>): string {
  // citation-js escapes a title's formulas as text (`\textdollar{}k\textdollar{}-ary`): each goes
  // through it as a word of lowercase letters and digits and comes back as TeX, `{$k$}-ary`. The
  // word's prefix is one no field has, so that no text of the item is taken for a formula.
  const fields = JSON.stringify(item).toLowerCase();
  let prefix = 'zzmath';
  while (fields.includes(prefix)) prefix += 'q';
  const formulas: string[] = [];
  const masked: Record<string, unknown> =
    typeof item['title'] === 'string' && item['title'].includes('$')
      ? { ...structuredClone(item), title: maskTitleMath(item['title'], (tex) => `${prefix}${formulas.push(tex) - 1}zz`) }
      : structuredClone(item);
  for (const field of ['URL', 'DOI']) if (typeof masked[field] === 'string') masked[field] = bibtexVerbatim(masked[field]);
  let text = (new Cite([masked]).format('bibtex') as string)
    // Styles that set titles in sentence case keep only a title's first letter and the one after a
    // colon: citation-js braces the other capitalised words, and this the words it leaves with a
    // capital past their first letter ("EAR", "mGPT", "ViT"), which would print as "Ear", "Mgpt", "Vit".
    .replace(/^(\s*title = \{)(.*)(\},)$/gm, (_, open: string, title: string, close: string) => open + protectCapitals(title) + close);
  if (formulas.length > 0) text = text.replace(new RegExp(`${prefix}(\\d+)zz`, 'g'), (_, i: string) => `{$${formulas[Number(i)]}$}`);
  // citation-js repeats the URL as howpublished, which styles then print twice.
  text = text.replace(/^\s*howpublished = \{[^\n]*\},\n/gm, '').trim();
  // An arXiv paper's identifier, as arXiv's own BibTeX gives it, for styles and tools that link it.
  return withEprint(text, arxivId(item['URL']));
}

const BREAKERS = new RegExp(CITATION_BREAKERS.source, 'g');

/**
 * A URL or DOI as a BibTeX field can hold it. citation-js writes these two fields as they are, so a
 * brace or a backslash in one would end the field and start another (`url = {…}}@misc{fake,…`).
 * The check refuses such characters; should one get here all the same, it is percent-encoded, which
 * leads a browser to the same address.
 */
function bibtexVerbatim(value: string): string {
  return value.replace(BREAKERS, (c) => encodeURIComponent(c));
}

/** Braces each word outside braces with a capital past its first letter, and no TeX command's name. */
function protectCapitals(title: string): string {
  let depth = 0;
  let out = '';
  for (const [token] of title.matchAll(/\\[A-Za-z]+|[\p{L}\p{N}]+|[^]/gu)) {
    if (token === '{') depth += 1;
    else if (token === '}') depth -= 1;
    out += depth === 0 && /^[\p{L}\p{N}]./u.test(token) && /\p{Lu}/u.test(token.slice(1)) ? `{${token}}` : token;
  }
  return out;
}

function arxivId(url: unknown): string | undefined {
  return typeof url === 'string' ? /^https:\/\/arxiv\.org\/abs\/(.+)$/.exec(url)?.[1] : undefined;
}

function withEprint(entry: string, arxiv: string | undefined): string {
  return arxiv ? entry.replace(/\n\}$/, `\n\teprint = {${arxiv}},\n\tarchivePrefix = {arXiv},\n}`) : entry;
}

/** RIS records (for EndNote, Zotero, Mendeley) for many CSL items, one after another. */
function formatRis(items: readonly Record<string, unknown>[]): string {
  const text = new Cite(items as object[]).format('ris') as string;
  // citation-js cuts a value into lines of 70 characters, mid-word; readers (Zotero, citation-js's own)
  // join an untagged line to the field before it with a space: "… Beyond Mode l Alignment". One line
  // a field, as RIS has it.
  return `${text.trim().replace(/\n(?![A-Z][A-Z0-9] {2}-( |$))/g, '')}\n`;
}

/** CSL-JSON text: an array of CSL items, as Zotero and pandoc read it. */
function formatCslJson(items: readonly Readonly<Record<string, unknown>>[]): string {
  return `${JSON.stringify(items, null, 2)}\n`;
}

/** The download formats of a list of papers: file extension → what the file holds. */
export const CITATION_FORMATS = {
  bib: { label: 'BibTeX', type: 'application/x-bibtex; charset=utf-8' },
  ris: { label: 'RIS', type: 'application/x-research-info-systems; charset=utf-8' },
  'csl.json': { label: 'CSL-JSON', type: 'application/vnd.citationstyles.csl+json; charset=utf-8' },
  csv: { label: 'CSV', type: 'text/csv; charset=utf-8' },
} as const;
/** A file extension of `CITATION_FORMATS`. */
export type CitationFormat = keyof typeof CITATION_FORMATS;

/**
 * The papers as one file in `format`, each under its key from `keyOf` (the model's `citationKey`),
 * in the order given.
 */
export function formatCitations(format: CitationFormat, papers: readonly Exportable[], keyOf: (id: string) => string): string {
  const items = () => papers.map((paper) => toCsl(paper, keyOf(paper.id)));
  switch (format) {
    // citation-js formats a list as its entries one after another, so each entry is formatted once.
    case 'bib':
    case 'ris':
      return items()
        .map((item) => formatOne(format, item))
        .join('');
    case 'csl.json':
      return formatCslJson(items());
    case 'csv':
      return toCsv(papers.map((paper) => toExportRecord(paper, keyOf(paper.id), '')));
  }
}

/** A `Response` holding the papers in `format`, for the download endpoints. */
export function citationResponse(format: CitationFormat, papers: readonly Exportable[], keyOf: (id: string) => string): Response {
  return new Response(formatCitations(format, papers, keyOf), { headers: { 'Content-Type': CITATION_FORMATS[format].type } });
}

/**
 * What a browser needs to export a paper without shipping citation-js: its BibTeX, formatted at
 * build time, and the fields of a CSV row. Pass `bibtex` to reuse (or skip, with '') the formatting.
 * The title is as it reads (`$k$-ary` is "k-ary"): the reading list shows it, and a spreadsheet has
 * no TeX; the BibTeX keeps the math.
 */
export function toExportRecord(paper: Exportable, key: string, bibtex = toBibtex(paper, key)): ExportRecord {
  return {
    id: paper.id,
    key,
    title: renderTitle(paper.title).text,
    authors: [...paper.authors],
    year: paper.year,
    venue: paper.venue ?? '',
    arxiv: paper.arxiv ?? '',
    doi: paper.doi ?? '',
    link: paperUrl(paper) ?? '',
    code: paper.code ?? '',
    topics: [...paper.topics],
    tags: [...paper.tags],
    added: paper.added,
    bibtex,
  };
}

/** How the survey cites itself; from `src/survey.config.ts`. */
export interface SurveyCitation {
  key: string;
  title: string;
  /** Names as written; a name that is not a person's ("The survey maintainers") is kept whole. */
  authors: readonly string[];
  year: number;
  /** The address of the hosted survey. */
  url: string;
  /** Its DOI, once one is registered. */
  doi?: string | undefined;
  note?: string;
}

/** The survey itself as a CSL item (a web resource), for its "cite this survey" block. */
export function surveyCsl(survey: SurveyCitation): Record<string, unknown> {
  return {
    id: survey.key,
    'citation-key': survey.key,
    type: 'webpage',
    title: survey.title,
    author: survey.authors.map(personOrLiteral),
    issued: { 'date-parts': [[survey.year]] },
    URL: survey.url,
    ...(survey.doi ? { DOI: survey.doi } : {}),
    ...(survey.note ? { note: survey.note } : {}),
  };
}

/** True for a venue cited as a journal (TPAMI, TMLR, ...); other venues are conferences. */
function isJournal(venue: string): boolean {
  return JOURNAL.test(venue);
}

/**
 * Google Scholar's `citation_*` meta tags (Highwire Press names) for a paper's page, as
 * `[name, content]` pairs in the order Scholar documents them; `page` is the page's address.
 */
export function scholarMeta(paper: Citable & Pick<Paper, 'tags'>, page: string): [string, string][] {
  const published = publication(paper);
  const meta: [string, string | undefined][] = [
    ['citation_title', renderTitle(paper.title).text],
    ...paper.authors.map((name): [string, string] => ['citation_author', name]),
    ['citation_publication_date', String(published.year)],
    paper.venue ? [isJournal(paper.venue) ? 'citation_journal_title' : 'citation_conference_title', published.venue] : ['', undefined],
    ['citation_doi', paper.doi],
    ['citation_arxiv_id', paper.arxiv],
    ['citation_pdf_url', paper.arxiv ? `https://arxiv.org/pdf/${paper.arxiv}` : undefined],
    ['citation_abstract_html_url', page],
    ['citation_keywords', paper.tags.length ? paper.tags.map((t) => tagLabel(t)).join('; ') : undefined],
  ];
  return meta.filter((m): m is [string, string] => Boolean(m[0] && m[1]));
}

/**
 * The paper as schema.org `ScholarlyArticle` JSON-LD; `page` is the address of its page here. The
 * abstract is on the page for every reader and in papers.json, not a second time here: it was a
 * kilobyte of each paper page, 4% of the median page at 10,000 papers.
 */
export function scholarlyArticle(paper: Citable & Pick<Paper, 'name' | 'tags' | 'tldr'>, page: string): Record<string, unknown> {
  const identifiers = [
    paper.arxiv && { '@type': 'PropertyValue', propertyID: 'arXiv', value: paper.arxiv },
    paper.doi && { '@type': 'PropertyValue', propertyID: 'DOI', value: paper.doi },
  ].filter(Boolean);
  const sameAs = [paper.arxiv && `https://arxiv.org/abs/${paper.arxiv}`, paper.doi && `https://doi.org/${paper.doi}`, paper.url].filter(Boolean);
  const published = publication(paper);
  return {
    '@context': 'https://schema.org',
    '@type': 'ScholarlyArticle',
    '@id': page,
    url: page,
    name: renderTitle(paper.title).text,
    headline: renderTitle(paper.title).text,
    ...(paper.name ? { alternateName: paper.name } : {}),
    author: paper.authors.map((name) => ({ '@type': 'Person', name })),
    datePublished: String(published.year),
    description: paper.tldr,
    ...(paper.tags.length ? { keywords: paper.tags.map((t) => tagLabel(t)) } : {}),
    ...(paper.venue ? { isPartOf: { '@type': isJournal(paper.venue) ? 'Periodical' : 'CreativeWork', name: published.venue } } : {}),
    ...(identifiers.length ? { identifier: identifiers } : {}),
    ...(sameAs.length ? { sameAs } : {}),
  };
}

/**
 * JSON for a `<script type="application/json">` or `application/ld+json` element: `<`, `>`, `&` and
 * the JavaScript line separators are escaped, so no value can close the element or start a comment.
 */
export function jsonScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The page a reader should land on: arXiv abstract, else DOI, else the given URL. */
export function paperUrl(paper: Pick<Paper, 'arxiv' | 'doi' | 'url'>): string | undefined {
  if (paper.arxiv) return `https://arxiv.org/abs/${paper.arxiv}`;
  if (paper.doi) return `https://doi.org/${paper.doi}`;
  return paper.url;
}

// A group name ("The survey maintainers") would be split into given and family names; keep it whole.
function personOrLiteral(name: string): CslName {
  const words = name.trim().split(/\s+/);
  const person = words.length <= 4 && words.every((w) => /^\p{Lu}/u.test(w) || PARTICLES.has(w));
  return person ? splitName(name) : { literal: name };
}

function ascii(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
