/**
 * Files a reader downloads from a list of papers (the search view, the reading list), built from
 * records prepared at build time. This module runs in the browser too, so it imports no
 * citation library: the BibTeX of each paper is formatted once at build time by citation-js
 * (`toExportRecord` in citation.ts) and only joined here.
 */

/** One paper, ready to export. Every field is always present; absent values are ''. */
export interface ExportRecord {
  id: string;
  /** The citation key, as on the paper's page. */
  key: string;
  title: string;
  authors: string[];
  year: number;
  venue: string;
  arxiv: string;
  doi: string;
  /** Where to read the paper: its arXiv page, DOI or landing page. */
  link: string;
  code: string;
  topics: string[];
  tags: string[];
  /** The day the paper entered the survey, `YYYY-MM-DD`. */
  added: string;
  /** The paper's BibTeX entry, formatted by citation-js. */
  bibtex: string;
}

/** The columns of every CSV the survey writes, in order; lists are joined with "; ". */
export const CSV_COLUMNS = ['id', 'key', 'title', 'authors', 'year', 'venue', 'arxiv', 'doi', 'link', 'code', 'topics', 'tags', 'added'] as const;

/** A row of the CSV: a record without its BibTeX. */
export type CsvRow = Pick<ExportRecord, (typeof CSV_COLUMNS)[number]>;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or edge spaces.
 * Text starting with `=`, `+`, `-` or `@` gets a leading `'`, so a spreadsheet shows it instead of
 * running it as a formula.
 */
export function csvField(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV file with a header row and one row per paper, lines ending in CRLF as RFC 4180 asks. */
export function toCsv(rows: readonly CsvRow[]): string {
  const cell = (row: CsvRow, column: (typeof CSV_COLUMNS)[number]) => {
    const value = row[column];
    return csvField(Array.isArray(value) ? value.join('; ') : value);
  };
  const lines = [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((c) => cell(row, c)).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** The BibTeX entries of `records` as one file, a blank line between entries. */
export function joinBibtex(records: readonly Pick<ExportRecord, 'bibtex'>[]): string {
  return records.map((r) => r.bibtex.trim()).filter(Boolean).join('\n\n') + (records.length ? '\n' : '');
}

/** A file for the browser to offer as a download. */
export interface ExportFile {
  /** File name, e.g. `search-speculative-decoding.bib`. */
  name: string;
  /** MIME type. */
  type: string;
  text: string;
}

/** The formats a list of papers can be exported in from the browser. */
export type BrowserFormat = 'bib' | 'csv';

const TYPES: Record<BrowserFormat, string> = {
  bib: 'application/x-bibtex;charset=utf-8',
  csv: 'text/csv;charset=utf-8',
};

/**
 * The papers `ids` (in that order) as a BibTeX or CSV file named after `name`. Ids that `lookup`
 * does not know are skipped and returned in `missing`, so the caller can say so.
 */
export function exportFile(
  ids: readonly string[],
  format: BrowserFormat,
  lookup: (id: string) => ExportRecord | undefined,
  name: string,
): ExportFile & { count: number; missing: string[] } {
  const records: ExportRecord[] = [];
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    const record = lookup(id);
    if (record) records.push(record);
    else missing.push(id);
  }
  const text = format === 'bib' ? joinBibtex(records) : toCsv(records);
  return { name: `${fileStem(name)}.${format}`, type: TYPES[format], text, count: records.length, missing };
}

/** A safe, readable file name stem: `Search: “VQ” 2024` → `search-vq-2024`. */
export function fileStem(text: string): string {
  const stem = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return stem || 'papers';
}

/**
 * The paper id in a page URL: `/survey/papers/var/`, `../papers/var/index.html` and
 * `papers/var.html` all give `var`; undefined for any other page.
 */
export function paperIdFromUrl(url: string): string | undefined {
  return /(?:^|\/)papers\/([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.html|\/(?:index\.html)?)?(?:[?#].*)?$/.exec(url)?.[1];
}

/** The file at the root of the site that carries every paper's record, loaded on demand. */
export const RECORDS_FILE = 'paper-records.js';

/** The global `paper-records.js` assigns; read by `loadPaperRecords` (src/scripts/paper-records.ts). */
export const RECORDS_GLOBAL = '__SURVEY_RECORDS__';

/** Where a paper's page is, from the site root; `{id}` stands for the paper id. */
const PAPER_PAGE = 'papers/{id}/';

/** A paper as the browser lists and exports it: its export record and where its page is. */
export interface PaperRecord extends ExportRecord {
  /** The paper's page from the site root, without a leading slash: `papers/var/`. */
  path: string;
}

/** The fields of a packed record, in order. The id is not among them: it is the record's key. */
const RECORD_FIELDS = ['key', 'title', 'authors', 'year', 'venue', 'arxiv', 'doi', 'link', 'code', 'topics', 'tags', 'added', 'bibtex'] as const;

/** One paper in `paper-records.js`: the values of `RECORD_FIELDS`, in that order. */
export type PackedRecord = { -readonly [I in keyof typeof RECORD_FIELDS]: ExportRecord[(typeof RECORD_FIELDS)[I] & keyof ExportRecord] };

/**
 * What `paper-records.js` assigns to `window.__SURVEY_RECORDS__`. Field names are written once, not
 * once per paper, which keeps the file small at 10,000 papers:
 *
 *     { "version": 1, "page": "papers/{id}/", "fields": ["key", "title", …, "bibtex"],
 *       "papers": { "var": ["tian2024visual", "Visual Autoregressive Modeling: …", …] } }
 */
export interface PackedRecords {
  /** Bumped when `fields` change meaning, so an old page never misreads a new file. */
  version: 1;
  /** Where each paper's page is, from the site root: `{id}` is replaced by the paper id. */
  page: string;
  /** The names of the values of each paper, in order: `RECORD_FIELDS`. */
  fields: readonly string[];
  /** Every paper, by id, in the survey's order. */
  papers: Record<string, PackedRecord>;
}

/** The records in the compact form of `paper-records.js`. */
export function packRecords(records: readonly ExportRecord[], page = PAPER_PAGE): PackedRecords {
  const papers: Record<string, PackedRecord> = {};
  for (const record of records) papers[record.id] = RECORD_FIELDS.map((field) => record[field]) as unknown as PackedRecord;
  return { version: 1, page, fields: RECORD_FIELDS, papers };
}

/** The text of `paper-records.js`: a classic script, so it loads from disk (file://) too. */
export function recordsScript(records: readonly ExportRecord[]): string {
  // JSON is valid JavaScript (ES2019 allows U+2028 in strings), and this file is never inlined.
  return `window.${RECORDS_GLOBAL}=${JSON.stringify(packRecords(records))};\n`;
}

/**
 * The records of `paper-records.js` by paper id, with their page paths. Throws when `value` is not
 * what this version of the site writes (a cached file from an older build, say).
 */
export function unpackRecords(value: unknown): Map<string, PaperRecord> {
  const packed = value as Partial<PackedRecords> | undefined;
  if (
    packed?.version !== 1 ||
    typeof packed.page !== 'string' ||
    typeof packed.papers !== 'object' ||
    packed.papers === null ||
    packed.fields?.join() !== RECORD_FIELDS.join()
  ) {
    throw new Error(`${RECORDS_FILE} is not in the format this page reads (version 1, fields ${RECORD_FIELDS.join(', ')}). Reload the page; if it persists, rebuild the site.`);
  }
  const records = new Map<string, PaperRecord>();
  for (const [id, values] of Object.entries(packed.papers)) {
    const record = Object.fromEntries(RECORD_FIELDS.map((field, i) => [field, values[i]])) as Omit<ExportRecord, 'id'>;
    records.set(id, { id, ...record, path: packed.page.replaceAll('{id}', id) });
  }
  return records;
}

/** The names of the formats, as a reader sees them. */
export const FORMAT_NAMES: Record<BrowserFormat, string> = { bib: 'BibTeX', csv: 'CSV' };

/** What to tell a reader after an export: `Exported 12 papers as BibTeX.`, and what was left out. */
export function exportMessage(count: number, format: BrowserFormat, missing: readonly string[]): string {
  const papers = (n: number) => (n === 1 ? '1 paper' : `${n} papers`);
  const shown = missing.length > 5 ? `${missing.slice(0, 5).join(', ')} and ${missing.length - 5} more` : missing.join(', ');
  const left = missing.length ? ` ${papers(missing.length)} had no citation data and ${missing.length === 1 ? 'was' : 'were'} left out: ${shown}.` : '';
  if (count === 0) return `Nothing was exported: there are no papers with citation data in the results.${left}`;
  return `Exported ${papers(count)} as ${FORMAT_NAMES[format]}.${left}`;
}

/**
 * The name of a search view's export, from its query and filters: `search vq 2023-2024`, which
 * `exportFile` turns into `search-vq-2023-2024.bib`.
 */
export function searchExportName(state: { q: string; topic: readonly string[]; venue: readonly string[]; tag: readonly string[]; from: number | undefined; to: number | undefined }): string {
  const { from, to } = state;
  const years =
    from !== undefined && to !== undefined ? (from === to ? `${from}` : `${from}-${to}`) : from !== undefined ? `from ${from}` : to !== undefined ? `to ${to}` : '';
  return ['search', state.q, ...state.topic, ...state.venue, ...state.tag, years].filter(Boolean).join(' ');
}
