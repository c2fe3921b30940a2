/**
 * The survey for machines: Atom feeds of added papers, `papers.json`, `topics.json` and
 * `robots.txt`. Every function takes plain data and an `absolute(path)` that turns a site path
 * (`papers/var/`) into the hosted address, and returns the file's text.
 */
import { Feed } from 'feed';
import { SaxesParser } from 'saxes';
import type { Paper, Result } from '../schemas/paper';
import type { Topic } from '../schemas/topic';
import { paperUrl } from './citation';
import { renderText } from './render';
import { MAX_CACHED } from './tex';
import { renderTitle } from './title';
import { newestAdditions } from './papers';

/** How many of the most recently added papers a feed lists. */
export const FEED_SIZE = 100;

/** Turns a site path (`papers/var/`) into an absolute URL on the hosted site. */
export type Absolute = (path: string) => string;

type FeedPaper = Pick<Paper, 'id' | 'title' | 'authors' | 'year' | 'venue' | 'tldr' | 'abstract' | 'topics' | 'added'>;

/** What a feed is about and where it lives. */
export interface FeedOptions {
  /** Site path of the feed itself: `feeds/papers.xml`. */
  self: string;
  /** Site path of the page the feed follows: `''` (home) or `topics/x/`. */
  page: string;
  title: string;
  subtitle: string;
  /** The survey's maintainers, the feed's authors. */
  authors: readonly string[];
  /** Licence statement of the content. */
  rights: string;
  /** The `added` date to state when the feed has no entries (`YYYY-MM-DD`). */
  emptyUpdated: string;
  absolute: Absolute;
  /** A topic's title for an entry's categories. */
  topicTitle: (id: string) => string;
}

/**
 * An Atom feed of the `FEED_SIZE` papers most recently added (by `added`), newest first. Each entry's
 * id is its page's address, its date the day it was added, its summary the one-sentence summary.
 */
export function atomFeed(papers: readonly FeedPaper[], options: FeedOptions): string {
  const entries = newestAdditions(papers, FEED_SIZE);
  const updated = entries.reduce((max, p) => (p.added > max ? p.added : max), entries[0]?.added ?? options.emptyUpdated);
  const feed = new Feed({
    id: options.absolute(options.self),
    title: xmlText(options.title),
    description: xmlText(options.subtitle),
    link: options.absolute(options.page),
    feedLinks: { atom: options.absolute(options.self) },
    updated: day(updated),
    copyright: xmlText(options.rights),
    generator: 'Survey Press',
    ...(options.authors[0] ? { author: { name: xmlText(options.authors.join(', ')) } } : {}),
  });
  for (const paper of entries) {
    const link = options.absolute(`papers/${paper.id}/`);
    feed.addItem({
      id: link,
      link,
      title: cdataHtml(escapeHtml(renderTitle(paper.title).text)),
      date: day(paper.added),
      published: day(paper.added),
      description: cdataHtml(escapeHtml(paper.tldr)),
      content: cdataHtml(`<p>${escapeHtml(paper.authors.join(', '))} (${paper.year}${paper.venue ? `, ${escapeHtml(paper.venue)}` : ''})</p>\n${feedAbstract(paper.abstract, options.absolute(''))}`),
      author: paper.authors.map((name) => ({ name: xmlText(name) })),
      category: paper.topics.map((id) => ({ term: id, name: xmlText(options.topicTitle(id)).replace(/</g, LABEL_LT) })),
    });
  }
  return feed.atom1().replaceAll(LABEL_LT, '&lt;');
}

/**
 * `xml`, the feed at site path `self`, once it is well-formed; else an error naming the place that
 * is not and the paper whose entry holds it. A feed reader refuses a whole feed for one such place,
 * so the build stops rather than publish it.
 */
export function wellFormedFeed(xml: string, self: string): string {
  const problem = xmlProblem(xml);
  if (!problem) return xml;
  const before = xml.split('\n').slice(0, problem.line).join('\n');
  const entry = before.includes('<entry>') ? /<id>([^<]*)<\/id>/.exec(xml.slice(before.lastIndexOf('<entry>')))?.[1] : undefined;
  const paper = entry && /\/papers\/([^/]+)\/$/.exec(entry)?.[1];
  const where = paper ? `, in the entry of content/papers/${paper}.mdx` : '';
  throw new Error(
    `${self}:${problem.line}:${problem.column} is not well-formed XML: ${problem.message}${where}. ` +
      'Feed readers refuse a whole feed for one such place, so the build stops. The check should have refused what caused it: ' +
      'please report this to the maintainers of Survey Press, with the paper\'s file.',
  );
}

/** Characters XML 1.0 has no place for: C0 controls but tab and line breaks, U+FFFE, U+FFFF, a lone surrogate. */
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text as an XML file can hold it, with U+FFFD for what it cannot. The check refuses such
 * characters in content; one that got past it would make the whole feed unreadable.
 */
function xmlText(text: string): string {
  return text.replace(XML_INVALID, '\ufffd');
}

/** Where an XML file is not well-formed: its line and column, and why, as the end of a sentence. */
export interface XmlProblem {
  line: number;
  column: number;
  message: string;
}

/**
 * Where `xml` is not well-formed, if it is not, as a strict XML 1.0 parser (saxes) finds it: a
 * character XML has no place for (U+FFFF), a `<` in an attribute value, a `]]>` or an `&` that
 * starts no entity outside a CDATA section, elements that do not nest. (fast-xml-parser's validator
 * checks only the nesting and the quotes.)
 */
export function xmlProblem(xml: string): XmlProblem | undefined {
  const parser = new SaxesParser();
  let problem: XmlProblem | undefined;
  parser.on('error', (error) => {
    // saxes puts the place first: "1:18: disallowed character."
    const [, line, column, message] = /^(\d+):(\d+): ([\s\S]*?)\.?$/.exec(error.message) ?? [];
    problem ??= { line: Number(line ?? parser.line), column: Number(column ?? parser.column), message: message ?? error.message };
  });
  parser.write(xml).close();
  // "disallowed character" says which: the column is the character's own.
  const char = problem?.message === 'disallowed character' ? [...(xml.split('\n')[problem.line - 1] ?? '')][problem.column - 1] : undefined;
  if (problem && char) problem.message += /[\p{L}\p{N}\p{P}\p{S}]/u.test(char) ? ` "${char}"` : ` U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return problem;
}

/**
 * HTML for a CDATA section. `feed` splits only the first `]]>` of a section, and a second would end
 * it: as `]]&gt;` it is the same HTML.
 */
function cdataHtml(html: string): string {
  return xmlText(html).replace(/]]>/g, ']]&gt;');
}

/**
 * What a topic title's `<` is written as in a category label until the feed is made: `feed`
 * escapes only `&` and `"` in an attribute, and a raw `<` breaks the XML. No text of the feed holds
 * this character (`xmlText`), so each one is a label's `<`.
 */
const LABEL_LT = '\uffff';

// A paper is in the survey's feed and in each of its topics': render its abstract once.
const abstracts = new Map<string, string>();

/** An abstract as a feed shows it: its Markdown as HTML, its math as text, its links absolute from `root`. */
function feedAbstract(abstract: string, root: string): string {
  const key = `${root}\0${abstract}`;
  let html = abstracts.get(key);
  if (html === undefined) {
    // A dev server renders the feeds again after each edit: keep no more than a survey's worth.
    if (abstracts.size >= MAX_CACHED) abstracts.clear();
    abstracts.set(key, (html = renderText(abstract, { base: root, mathAsText: true }).html));
  }
  return html;
}

/** The field names of `papers.json`, version 1; documented in the README ("Data for machines"). */
export interface PaperJson {
  id: string;
  /** The paper's page on the survey. */
  page: string;
  citation_key: string;
  title: string;
  /** The short name the paper goes by, when its title does not give it. */
  name: string | null;
  authors: string[];
  year: number;
  venue: string | null;
  arxiv: string | null;
  doi: string | null;
  url: string | null;
  /** Where to read the paper: arXiv, else DOI, else `url`. */
  link: string | null;
  code: string | null;
  note: string | null;
  topics: string[];
  tags: string[];
  tldr: string;
  abstract: string;
  results: (Omit<Result, 'setting' | 'source'> & { setting: string | null; source: string | null })[];
  added: string;
  downloads: { bib: string; ris: string; csl_json: string };
}

type JsonPaper = Omit<Paper, 'abstractHtml' | 'tldrHtml' | 'notesHtml'>;

/** `papers.json`: every paper's metadata under stable names; absent values are `null`. */
export function papersJson(papers: readonly JsonPaper[], keyOf: (id: string) => string, absolute: Absolute): string {
  const out = papers.map(
    (p): PaperJson => ({
      id: p.id,
      page: absolute(`papers/${p.id}/`),
      citation_key: keyOf(p.id),
      title: p.title,
      name: p.name ?? null,
      authors: p.authors,
      year: p.year,
      venue: p.venue ?? null,
      arxiv: p.arxiv ?? null,
      doi: p.doi ?? null,
      url: p.url ?? null,
      link: paperUrl(p) ?? null,
      code: p.code ?? null,
      note: p.note ?? null,
      topics: p.topics,
      tags: p.tags,
      tldr: p.tldr,
      abstract: p.abstract,
      results: p.results.map((r) => ({
        benchmark: r.benchmark,
        metric: r.metric,
        value: r.value,
        lower_is_better: r.lower_is_better,
        setting: r.setting ?? null,
        source: r.source ?? null,
      })),
      added: p.added,
      downloads: {
        bib: absolute(`papers/${p.id}.bib`),
        ris: absolute(`papers/${p.id}.ris`),
        csl_json: absolute(`papers/${p.id}.csl.json`),
      },
    }),
  );
  return `${JSON.stringify({ version: 1, count: out.length, papers: out }, null, 2)}\n`;
}

/** The field names of `topics.json`, version 1. */
export interface TopicJson {
  id: string;
  page: string;
  title: string;
  description: string;
  parent: string | null;
  order: number;
  children: string[];
  /** Papers filed under the topic or one of its sub-topics, newest first. */
  papers: string[];
  paper_count: number;
  feed: string;
  downloads: { bib: string; ris: string; csl_json: string; csv: string };
}

/** `topics.json`: every topic with its sub-topics and the ids of its papers. */
export function topicsJson(
  topics: readonly Pick<Topic, 'id' | 'title' | 'description' | 'parent' | 'order'>[],
  papersIn: (id: string) => readonly Pick<Paper, 'id'>[],
  absolute: Absolute,
): string {
  const out = topics.map((t): TopicJson => {
    const papers = papersIn(t.id).map((p) => p.id);
    return {
      id: t.id,
      page: absolute(`topics/${t.id}/`),
      title: t.title,
      description: t.description,
      parent: t.parent ?? null,
      order: t.order,
      children: topics.filter((c) => c.parent === t.id).map((c) => c.id),
      papers,
      paper_count: papers.length,
      feed: absolute(`feeds/topics/${t.id}.xml`),
      downloads: {
        bib: absolute(`topics/${t.id}.bib`),
        ris: absolute(`topics/${t.id}.ris`),
        csl_json: absolute(`topics/${t.id}.csl.json`),
        csv: absolute(`topics/${t.id}.csv`),
      },
    };
  });
  return `${JSON.stringify({ version: 1, count: out.length, topics: out }, null, 2)}\n`;
}

/** `robots.txt`: everything may be crawled; the sitemap is at `sitemap`. */
export function robotsTxt(sitemap: string): string {
  return `User-agent: *\nAllow: /\n\nSitemap: ${sitemap}\n`;
}

/** `absolute` for a site: `https://x.org/survey/` + `papers/var/`. */
export function absoluteIn(site: URL | string, base: string): Absolute {
  const root = new URL(base.replace(/\/?$/, '/'), site);
  return (path) => new URL(path.replace(/^\//, ''), root).href;
}

function day(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
