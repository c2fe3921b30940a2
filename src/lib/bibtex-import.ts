import { parse, type Creator, type Entry } from '@retorquere/bibtex-parser';
import { CITATION_BREAKERS, DOI, hasUserinfo } from '../schemas/paper';
import { normalizeAbstract } from './abstract';
import { arxivIdFrom } from './arxiv';
import { arxivYear } from './normalize';
import { shortVenue } from './venue';
import type { PaperMetadata } from './new-paper';

/** A problem with a `.bib` file, with how to fix it. */
export class BibtexError extends Error {
  /** How to fix it, as a full sentence. */
  readonly fix: string | undefined;
  constructor(message: string, fix?: string) {
    super(message);
    this.name = 'BibtexError';
    this.fix = fix;
  }
}

// Title, abstract and venue keep their TeX so that math survives; normalizeAbstract cleans them.
const VERBATIM = ['title', 'abstract', 'booktitle', 'journal', 'journaltitle'] as const;
const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/i;
const PREPRINT_VENUE = /^(?:arxiv|corr)\b/i;
/** What the check refuses in a text field, but for tabs and line breaks, which BibTeX reads as spaces. */
const NOT_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]/g;

/**
 * Reads the one entry of a `.bib` file with a BibTeX parser (braces, accents, `and`-separated
 * authors with prefixes and suffixes, `@string`s) and returns the paper's metadata. The arXiv id
 * comes from `eprint`, an arXiv `url` or an arXiv DOI; the year from `year` or `date`, else the id.
 * Throws a `BibtexError` naming `file` for malformed BibTeX, zero or several entries, or an entry
 * without a title or authors.
 */
export function parseBibtexEntry(source: string, file = 'the .bib file'): PaperMetadata {
  // A control character no reader sees (an escape sequence pasted from a terminal) would reach the
  // paper's file, which the check then refuses: each is a space, which BibTeX and the fields fold.
  const text = source.replace(NOT_TEXT, ' ');
  const library = parse(text, {
    english: false,
    caseProtection: false,
    fieldMode: Object.fromEntries(VERBATIM.map((f) => [f, 'verbatim' as const])),
  });
  const unclosed = unclosedBrace(text);
  if (unclosed) {
    throw new BibtexError(
      `${file}:${unclosed.line}:${unclosed.column} is not valid BibTeX: the { opened here is never closed.`,
      'End every field value with } before its comma, and the entry with a } of its own.',
    );
  }
  // An unknown macro in a name is not worth refusing the file for; broken syntax is.
  const errors = library.errors.filter((e) => !/^unhandled macro/i.test(e.error));
  if (errors.length > 0) {
    const first = errors[0]!;
    const at = /at line (\d+), column (\d+)/.exec(first.error);
    throw new BibtexError(
      `${file}${at ? `:${at[1]}:${at[2]}` : ''} is not valid BibTeX: ${first.error.replace(/ at line \d+, column \d+/, '')}.`,
      /math/i.test(first.error)
        ? 'A $ starts a formula in BibTeX: write \\$ for a dollar sign, or end the formula with a second $.'
        : 'Copy the entry again from the publisher or from arXiv ("Export BibTeX citation"); every { needs its }.',
    );
  }
  if (library.entries.length !== 1) {
    const keys = library.entries.map((e) => e.key);
    throw new BibtexError(
      library.entries.length === 0
        ? `${file} holds no BibTeX entry.`
        : `${file} holds ${keys.length} entries (${keys.join(', ')}); new-paper adds one paper at a time.`,
      library.entries.length === 0
        ? 'Paste the paper\'s entry, starting with @article{ or @inproceedings{, into the file.'
        : 'Keep only the entry of the paper to add, or run new-paper once per entry, each from its own file.',
    );
  }
  return metadataFromEntry(library.entries[0]!, file);
}

function metadataFromEntry(entry: Entry, file: string): PaperMetadata {
  const field = (name: string) => {
    const value = (entry.fields as Record<string, unknown>)[name];
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  };
  const title = field('title');
  const authors = (entry.fields.author ?? []).map(creatorName).filter(Boolean);
  if (!title || authors.length === 0) {
    throw new BibtexError(
      `${file}: the entry ${entry.key} has no ${title ? 'author' : 'title'} field.`,
      `Add ${title ? 'author = {Last, First and Last, First}' : 'title = {...}'} to the entry.`,
    );
  }

  const doiField = field('doi')?.replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '');
  const urlField = field('url');
  const eprintType = (field('archiveprefix') ?? field('eprinttype') ?? 'arxiv').toLowerCase();
  const arxiv =
    (eprintType === 'arxiv' ? arxivIdFrom(field('eprint') ?? '') : undefined) ??
    arxivIdFrom(urlField ?? '') ??
    arxivIdFrom(ARXIV_DOI.exec(doiField ?? '')?.[1] ?? '') ??
    arxivIdFrom(/arXiv:(\S+?)[.,;]?$/i.exec(field('journal') ?? '')?.[1] ?? '');
  const notes: string[] = [];
  let doi = doiField && !ARXIV_DOI.test(doiField) ? doiField : undefined;
  // Written as it is, such a DOI would end its field in the survey's BibTeX and start another.
  if (doi && !DOI.test(doi)) {
    notes.push(`The DOI "${doi}" was left out: a DOI has no space, {, }, \\, ", < or >. If the paper has one, add doi: with the DOI its publisher's page gives.`);
    doi = undefined;
  }
  let url: string | undefined;
  let refusedUrl: PaperMetadata['refusedUrl'];
  // url is the landing page of a paper with neither an arXiv id nor a DOI.
  if (urlField && !arxiv && !doi && !/doi\.org\//i.test(urlField)) {
    const reason = urlRefusal(urlField);
    if (reason === undefined) url = urlField;
    else {
      refusedUrl = { url: urlField, reason };
      notes.push(`The url ${urlField} was left out: ${reason}.`);
    }
  }

  const stated = Number(/\d{4}/.exec(field('year') ?? field('date') ?? '')?.[0]) || undefined;
  const year = stated ?? (arxiv ? arxivYear(arxiv) : undefined);
  const where = field('booktitle') ?? field('journal') ?? field('journaltitle');
  let venue: string | undefined;
  if (where && !PREPRINT_VENUE.test(where)) {
    const cleaned = normalizeAbstract(where);
    venue = shortVenue(cleaned, stated);
    notes.push(`The venue was read from "${cleaned}": check it, in the form "NeurIPS 2024".`);
  }
  const abstract = field('abstract');
  return {
    // A title is shown as text, so a TeX escape is only noise there (\$ goes last: before, it would
    // start math); the abstract is Markdown with math, where \$ must stay and \_ is Markdown's own.
    title: normalizeAbstract(title.replace(/\\([&%_#])/g, '$1')).replace(/\\\$/g, '$'),
    authors,
    year,
    arxiv,
    doi,
    url,
    refusedUrl,
    venue,
    abstract: abstract ? normalizeAbstract(abstract) : undefined,
    notes,
  };
}

/** Why the survey cannot link to `url` as the paper's landing page, or undefined when it can: the check's rules for `url`. */
function urlRefusal(url: string): string | undefined {
  if (!/^https:\/\//i.test(url) || !URL.canParse(url)) return 'the survey links only to https:// addresses';
  if (CITATION_BREAKERS.test(url)) return 'it has a space, {, }, \\, ", < or >, which would break its citation';
  if (hasUserinfo(url)) return `it leads to ${new URL(url).host}, whatever comes before its "@"`;
  return undefined;
}

/** `{lastName: 'Berg', firstName: 'Jan', prefix: 'van der'}` → `Jan van der Berg`. */
function creatorName(creator: Creator): string {
  const parts = creator.name ? [creator.name] : [creator.firstName, creator.prefix, creator.lastName, creator.suffix];
  return parts
    .filter((p): p is string => Boolean(p))
    .join(' ')
    // The parser writes {\"\i} as a dotless ı plus a diaeresis; readers expect ï.
    .replace(/ı(?=[\u0300-\u036f])/g, 'i')
    .replace(/\s+/g, ' ')
    .normalize('NFC')
    .trim();
}

/** Where the outermost `{` that is never closed opens, ignoring `\{` and `%` comment lines; undefined when braces balance. */
function unclosedBrace(text: string): { line: number; column: number } | undefined {
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '%' && /(?:^|\n)[ \t]*$/.test(text.slice(0, i))) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (text[i] === '\\') i++;
    else if (text[i] === '{') open.push(i);
    else if (text[i] === '}') open.pop();
  }
  if (open.length === 0) return undefined;
  const before = text.slice(0, open[0]).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}
