import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ARXIV_ID, DOI } from '../schemas/paper';
import { latexToUnicode, normalizeAbstract } from './abstract';
import { arxivYear } from './normalize';
import { knownVenue } from './venue';
import type { PaperMetadata } from './new-paper';

/** The arXiv API endpoint `new-paper` queries. */
const ARXIV_API = 'https://export.arxiv.org/api/query';

/** A problem with an arXiv id or an arXiv API response, with how to get past it. */
export class ArxivError extends Error {
  /** How to fix it, as a full sentence. */
  readonly fix: string | undefined;
  constructor(message: string, fix?: string) {
    super(message);
    this.name = 'ArxivError';
    this.fix = fix;
  }
}

/** One paper as the arXiv API describes it, text already cleaned. */
export interface ArxivEntry {
  /** Identifier without version: `2404.02905`. */
  arxiv: string;
  /** The version the response describes: `2404.02905v2`. */
  versioned: string;
  title: string;
  authors: string[];
  abstract: string;
  /** Day version 1 was submitted, `YYYY-MM-DD`. */
  published: string | undefined;
  doi: string | undefined;
  /** The journal reference the authors added, e.g. `Neural Computation 31(11) (2019)`. */
  journalRef: string | undefined;
}

const NEW_STYLE = /(\d{4}\.\d{4,5})(v\d+)?/;
const OLD_STYLE = /([a-z-]+(?:\.[A-Z]{2})?\/\d{7})(v\d+)?/;

/**
 * The arXiv id (without version) named by a bare id or an arXiv URL, or undefined:
 * `2406.06525`, `arXiv:2406.06525v2`, `https://arxiv.org/abs/2406.06525v2`,
 * `https://arxiv.org/pdf/2406.06525v1.pdf`, `hep-th/9901001`.
 */
export function arxivIdFrom(source: string): string | undefined {
  const text = source.trim();
  const url = /^(?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html)\/(.+?)(?:\.pdf)?\/?(?:[?#].*)?$/i.exec(text);
  const bare = url ? url[1]! : text.replace(/^arxiv:/i, '');
  for (const style of [NEW_STYLE, OLD_STYLE]) {
    const match = new RegExp(`^${style.source}$`).exec(bare);
    if (match && ARXIV_ID.test(match[1]!)) return match[1]!;
  }
  return undefined;
}

/** The API query that returns the Atom entry of one paper. */
export function arxivQueryUrl(id: string): string {
  return `${ARXIV_API}?id_list=${encodeURIComponent(id)}`;
}

/**
 * What to do without a network: the two offline forms `new-paper` accepts, each with `args`, the
 * rest of the command as the contributor typed it (`--topic speculative-decoding`).
 */
function offlineHint(id: string, args = '--topic <id>'): string {
  return (
    `Work offline instead: open ${arxivQueryUrl(id)} in a browser, save the page as ${id.replace('/', '-')}.xml, ` +
    `and run npm run new-paper -- ${id.replace('/', '-')}.xml ${args}; or export the paper's BibTeX ` +
    `entry to a .bib file and run npm run new-paper -- paper.bib ${args}.`
  );
}

/** The `fetch` that `fetchArxivResponse` calls; tests pass their own. */
export type Fetch = (url: string, init: { signal: AbortSignal; headers: Record<string, string> }) => Promise<{
  ok: boolean;
  status: number;
  statusText: string;
  text(): Promise<string>;
}>;

/**
 * Downloads the arXiv API response for one id. Throws an `ArxivError` that suggests the offline
 * forms when the network fails, times out, or arXiv answers with an HTTP error.
 */
export async function fetchArxivResponse(
  id: string,
  { fetch = globalThis.fetch as unknown as Fetch, timeoutMs = 20_000, args }: { fetch?: Fetch; timeoutMs?: number; args?: string } = {},
): Promise<string> {
  const url = arxivQueryUrl(id);
  let response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { 'user-agent': 'survey-press new-paper' },
    });
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    const code = e.cause?.code ?? '';
    const reason =
      e.name === 'TimeoutError' || /TIMEOUT/.test(code)
        ? `no answer within ${timeoutMs / 1000} s`
        : /ENOTFOUND|EAI_AGAIN/.test(code)
          ? `${new URL(url).host} could not be resolved: is this machine offline?`
          : code || e.cause?.message || e.message;
    throw new ArxivError(`Could not reach arXiv to look up ${id} (${reason}).`, offlineHint(id, args));
  }
  if (!response.ok) {
    throw new ArxivError(
      `arXiv answered ${response.status} ${response.statusText} when asked for ${id}.`,
      `Wait a minute and try again. ${offlineHint(id, args)}`,
    );
  }
  return response.text();
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => ['entry', 'author', 'link', 'category'].includes(name),
});

type Node = Record<string, unknown>;

/**
 * Reads an arXiv API (Atom) response holding exactly one paper. Throws an `ArxivError` naming
 * `source` when the text is not XML, not an arXiv feed, holds no paper (an id arXiv does not
 * know), holds arXiv's error entry (a malformed id), or holds several papers.
 */
export function parseArxivResponse(xml: string, source = 'the arXiv response'): ArxivEntry {
  if (/^\s*Rate exceeded/i.test(xml)) {
    throw new ArxivError(`arXiv is limiting requests, so ${source} holds no paper.`, 'Wait a minute and try again.');
  }
  // A DOCTYPE can declare entities: their expansion (billions of "lol"s) or a file they name. The
  // parser refuses external ones and expands none, but the title would then read "&lol9;".
  if (/<!DOCTYPE(?!\s+html\s*>)/i.test(xml)) {
    throw new ArxivError(
      `${source} declares a DOCTYPE, which no arXiv API response has: what it declares could make the file say anything.`,
      'Save the arXiv API response again (https://export.arxiv.org/api/query?id_list=<id>), or use a .bib file instead.',
    );
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    // fast-xml-parser reports a truncated file as `Invalid '["feed","entry"]' found` at 1:1.
    const open = /^Invalid '\[(.*)\]' found/s.exec(msg)?.[1]?.match(/[\w:]+/g);
    throw new ArxivError(
      open
        ? `${source} is cut off: ${open.map((tag) => `<${tag}>`).join(', ')} never close.`
        : `${source}:${line}:${col} is not well-formed XML: ${msg.replace(/\s+/g, ' ')}`,
      'Save the arXiv API response again, completely, or use a .bib file instead.',
    );
  }
  let feed: Node | undefined;
  try {
    feed = (parser.parse(xml) as { feed?: Node }).feed;
  } catch (error) {
    throw new ArxivError(`${source} cannot be read as XML: ${(error as Error).message}.`, 'Save the arXiv API response again, completely, or use a .bib file instead.');
  }
  if (!feed || typeof feed !== 'object') {
    throw new ArxivError(
      `${source} is XML but not an arXiv API response (it has no <feed> element).`,
      'Save the page https://export.arxiv.org/api/query?id_list=<id> rather than the abstract page.',
    );
  }
  const entries = (feed['entry'] as Node[] | undefined) ?? [];
  const errorEntry = entries.find((e) => text(e['id']).includes('/api/errors') || text(e['title']) === 'Error');
  if (errorEntry) {
    throw new ArxivError(
      `arXiv refused the query in ${source}: ${text(errorEntry['summary']) || 'error'}.`,
      'Give the id as arXiv prints it, like 2404.02905 or hep-th/9901001.',
    );
  }
  const papers = entries.filter((e) => text(e['title']));
  if (papers.length === 0) {
    const query = /id_list=([^&<"]+)/.exec(text(feed['title']))?.[1];
    throw new ArxivError(
      `arXiv knows no paper${query ? ` with the id ${query}` : ''}: ${source} holds no entry.`,
      'Check the id on https://arxiv.org; a paper that is not on arXiv can be added from a .bib file.',
    );
  }
  if (papers.length > 1) {
    throw new ArxivError(
      `${source} holds ${papers.length} papers; new-paper adds one at a time.`,
      'Save the response for a single id: https://export.arxiv.org/api/query?id_list=<id>.',
    );
  }
  return readEntry(papers[0]!, source);
}

function readEntry(entry: Node, source: string): ArxivEntry {
  const idUrl = text(entry['id']);
  const arxiv = arxivIdFrom(idUrl);
  if (!arxiv) {
    throw new ArxivError(`${source}: the entry's id "${idUrl}" is not an arXiv abstract URL.`, 'Save the arXiv API response again.');
  }
  const authors = ((entry['author'] as Node[] | undefined) ?? []).map((a) => fold(latexToUnicode(text(a['name'])))).filter(Boolean);
  const published = /^\d{4}-\d{2}-\d{2}/.exec(text(entry['published']))?.[0];
  return {
    arxiv,
    versioned: /\/(?:abs|pdf)\/(.+)$/.exec(idUrl)?.[1] ?? arxiv,
    title: normalizeAbstract(text(entry['title'])),
    authors,
    abstract: normalizeAbstract(text(entry['summary'])),
    published,
    doi: text(entry['doi']).split(/\s+/)[0] || undefined,
    journalRef: fold(text(entry['journal_ref'])) || undefined,
  };
}

/** The paper's metadata as `new-paper` writes it: year from the journal reference, else the id. */
export function metadataFromArxiv(entry: ArxivEntry): PaperMetadata {
  const venue = entry.journalRef ? venueFromReference(entry.journalRef) : undefined;
  // The authors write arXiv's DOI field: one with a brace would end its field in the survey's
  // BibTeX and start another, so it is left out rather than written.
  const doi = entry.doi && DOI.test(entry.doi) ? entry.doi : undefined;
  const notes = [];
  if (entry.doi && !doi) {
    notes.push(`The DOI "${entry.doi}" that arXiv gives was left out: a DOI has no space, {, }, \\, ", < or >. If the paper has one, add doi: with the DOI its publisher's page gives.`);
  }
  if (entry.journalRef) notes.push(`The venue was read from arXiv's journal reference "${entry.journalRef}": check it, in the form "NeurIPS 2024".`);
  return {
    title: entry.title,
    authors: entry.authors,
    year: venue?.year ?? arxivYear(entry.arxiv),
    arxiv: entry.arxiv,
    doi,
    venue: venue?.venue,
    abstract: entry.abstract,
    notes,
  };
}

/**
 * A venue label and year from a free-form reference: `Proceedings of the 40th International
 * Conference on Machine Learning, PMLR 202, 2023` → `ICML 2023`; `Neural Comput. 2019;31:2025-2074`
 * → `Neural Comput. 2019`; `Proceedings of ... (CVPR), 2024` → `CVPR 2024`.
 */
export function venueFromReference(reference: string): { venue: string; year: number | undefined } {
  // Page numbers look like years (`2019;31:2025-2074`): prefer `(2019)`, else the first year.
  const yearIn = (pattern: RegExp) => Number(pattern.exec(reference)?.[1]) || undefined;
  const year = yearIn(/\((19[5-9]\d|20\d{2})\)/) ?? yearIn(/\b(19[5-9]\d|20\d{2})\b/);
  const known = knownVenue(reference);
  if (known) return { venue: year === undefined ? known : `${known} ${year}`, year };
  const acronym = /\(([A-Z][A-Za-z]*[A-Z][A-Za-z]*)(?:\s*'?\d{2,4})?\)/.exec(reference)?.[1];
  const name = (acronym ?? reference.split(/[,;(]|\s\d/)[0]!).replace(/[\s.:-]+$/, (s) => (s.startsWith('.') ? '.' : '')).trim();
  const label = name && year !== undefined && !name.includes(String(year)) ? `${name} ${year}` : name || String(year ?? '');
  return { venue: label, year };
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && '#text' in value) return String((value as Node)['#text']);
  return '';
}

function fold(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
