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
