import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import { parse as parseName } from '@citation-js/name';
import type { Paper } from '../schemas/paper';

/** Venues published as journals; anything else with a venue is cited as a conference paper. */
const JOURNAL = /journal|transactions|letters|review|TPAMI|TACL|TMLR|JMLR|Neurocomputing|Neural Computation|Knowledge Discovery|Nature|Science/i;

/** The minimum a citation needs. */
export type Citable = Pick<Paper, 'id' | 'title' | 'authors' | 'year' | 'arxiv' | 'doi' | 'url' | 'venue' | 'note'>;

const STOPWORDS = new Set(['a', 'an', 'the', 'on', 'of', 'for', 'to', 'in', 'is', 'are', 'and', 'with', 'via', 'towards', 'toward', 'beyond', 'do', 'does', 'shall', 'we', 'be']);

/** `tian2024visual`: first author's family name, year, first significant word of the title. */
export function citationKeyBase(paper: Pick<Paper, 'authors' | 'year' | 'title'>): string {
  const family = parseName(paper.authors[0] ?? '')?.family ?? paper.authors[0] ?? 'anon';
  const word = paper.title
    .split(/[^\p{L}\p{N}]+/u)
    .find((w) => w.length > 1 && !STOPWORDS.has(w.toLowerCase())) ?? '';
  return `${ascii(family)}${paper.year}${ascii(word)}`;
}

/**
 * A stable, unique citation key per paper id. Papers that would share a key get `a`, `b`, ... in
 * the order of their ids, so adding a paper never renames an existing unrelated key.
 */
export function assignCitationKeys(papers: readonly Pick<Paper, 'id' | 'authors' | 'year' | 'title'>[]): Map<string, string> {
  const groups = new Map<string, string[]>();
  for (const paper of papers) {
    const base = citationKeyBase(paper);
    groups.set(base, [...(groups.get(base) ?? []), paper.id]);
  }
  const keys = new Map<string, string>();
  for (const [base, ids] of groups) {
    const sorted = [...ids].sort();
    sorted.forEach((id, i) => keys.set(id, sorted.length === 1 ? base : `${base}${String.fromCharCode(97 + i)}`));
  }
  return keys;
}

/** The paper as CSL-JSON, the interchange format of reference managers. */
export function toCsl(paper: Citable, key: string): Record<string, unknown> {
  const isJournal = paper.venue !== undefined && JOURNAL.test(paper.venue);
  const csl: Record<string, unknown> = {
    id: key,
    'citation-key': key,
    type: paper.venue && !isJournal ? 'paper-conference' : 'article-journal',
    title: paper.title,
    author: paper.authors.map((name) => parseName(name) ?? { literal: name }),
    issued: { 'date-parts': [[paper.year]] },
    'container-title': paper.venue ?? (paper.arxiv ? `arXiv preprint arXiv:${paper.arxiv}` : undefined),
    DOI: paper.doi,
    URL: paperUrl(paper),
    note: paper.note,
  };
  return Object.fromEntries(Object.entries(csl).filter(([, v]) => v !== undefined));
}

/** A BibTeX entry for one paper; `key` from `assignCitationKeys`. */
export function toBibtex(paper: Citable, key: string): string {
  return formatBibtex([toCsl(paper, key)]);
}

/** BibTeX for many CSL items, one entry after another. */
export function formatBibtex(items: readonly Record<string, unknown>[]): string {
  const text = new Cite(items as object[]).format('bibtex') as string;
  // citation-js repeats the URL as howpublished, which styles then print twice.
  return `${text.replace(/^\s*howpublished = \{[^\n]*\},\n/gm, '').trim()}\n`;
}

/** The page a reader should land on: arXiv abstract, else DOI, else the given URL. */
export function paperUrl(paper: Pick<Paper, 'arxiv' | 'doi' | 'url'>): string | undefined {
  if (paper.arxiv) return `https://arxiv.org/abs/${paper.arxiv}`;
  if (paper.doi) return `https://doi.org/${paper.doi}`;
  return paper.url;
}

function ascii(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
