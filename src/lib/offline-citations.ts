/**
 * The citation downloads of the offline edition. Chromium ignores `download` on a link between
 * file:// pages (they are not same-origin), so a button there opened `papers/var.bib` as text
 * instead of saving `tian2024visual.bib`. The offline edition instead carries each paper's entry in
 * every format in classic scripts (which load from disk), taken from the hosted build's own files,
 * and a click joins the entries of the paper, topic or survey as the build joins them
 * (`formatCitations` in citation.ts) and saves the result from a Blob. This module runs in the
 * browser too: it imports nothing that formats citations.
 */
import { CSV_COLUMNS } from './exports';

/** The folder of the offline edition that holds the scripts, from its root. */
const CITATIONS_DIR = '_offline/citations';

/** The index: `{ version, chunks, survey: [ids], topics: { id: [positions in survey] } }`. */
export const CITATIONS_INDEX = `${CITATIONS_DIR}/index.js`;
export const CITATIONS_INDEX_GLOBAL = '__SURVEY_CITATIONS__';
/** The entries of a chunk of papers in one format, by part name (`bib-0`), then paper id. */
export const CITATION_PARTS_GLOBAL = '__SURVEY_CITATION_PARTS__';

/** The formats a button downloads, as the hosted files name them. */
export type DownloadFormat = 'bib' | 'ris' | 'csl.json' | 'csv';
export const DOWNLOAD_FORMATS: readonly DownloadFormat[] = ['bib', 'ris', 'csl.json', 'csv'];

/** One paper's entry: its BibTeX or RIS text, its CSL item, or its CSV row (without line end). */
export type CitationEntry = string | Record<string, unknown>;

/** What `index.js` assigns. */
export interface OfflineCitationIndex {
  version: 1;
  /** How many chunks the papers are spread over (`chunkOf`). */
  chunks: number;
  /** Every paper's id, in the order of `survey.*`. */
  survey: string[];
  /** Each topic's papers, in the order of `topics/<id>.*`, as positions in `survey`. */
  topics: Record<string, number[]>;
}

/** Papers per chunk, on average, at most: a paper's button loads one chunk of one format. */
const CHUNK_PAPERS = 256;

/**
 * How many chunks `papers` papers are spread over: a power of two, so that a paper moves to another
 * chunk only when the survey doubles.
 */
export function chunkCount(papers: number, perChunk = CHUNK_PAPERS): number {
  let chunks = 1;
  while (papers / chunks > perChunk) chunks *= 2;
  return chunks;
}

/** The chunk of a paper: a hash of its id (FNV-1a), so that adding a paper changes one chunk. */
export function chunkOf(id: string, chunks: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return hash % chunks;
}

/**
 * Which citation file a link's address names, and the edition's root: for
 * `file:///x/ar-survey-offline/papers/var.bib`, root `file:///x/ar-survey-offline/`, stem
 * `papers/var`, format `bib`. Undefined for any other address.
 */
export function citationLink(href: string): { root: string; stem: string; format: DownloadFormat } | undefined {
  const match = /\/((?:papers|topics)\/[a-z0-9]+(?:-[a-z0-9]+)*|survey)\.(bib|ris|csl\.json|csv)$/.exec(href);
  if (!match) return undefined;
  return { root: href.slice(0, match.index + 1), stem: match[1]!, format: match[2] as DownloadFormat };
}

/** The ids of the papers of `stem.*` (`papers/var`, `topics/x`, `survey`), in the file's order. */
export function idsOf(index: OfflineCitationIndex, stem: string): string[] {
  if (stem === 'survey') return index.survey;
  const [kind, id = ''] = stem.split('/');
  if (kind === 'papers' && index.survey.includes(id)) return [id];
  const topic = kind === 'topics' && Object.hasOwn(index.topics, id) ? index.topics[id] : undefined;
  if (!topic) throw new Error(`No citation file ${stem}.`);
  return topic.map((i) => index.survey[i]!);
}

/** The name of the part holding chunk `chunk` in `format`: `bib-0`, `csl-3`. */
export function partName(format: DownloadFormat, chunk: number): string {
  return `${format === 'csl.json' ? 'csl' : format}-${chunk}`;
}

/** The script file of a part, from the edition's root. */
export function partFile(part: string): string {
  return `${CITATIONS_DIR}/${part}.js`;
}

/**
 * The file of the papers whose entries are `entries`, in order, exactly as the build writes it:
 * BibTeX and RIS entries one after another, CSL items as an indented JSON array (`formatCslJson`),
 * CSV rows under the header, CRLF line ends (`toCsv`).
 */
export function joinEntries(format: DownloadFormat, entries: readonly CitationEntry[]): string {
  switch (format) {
    case 'bib':
    case 'ris':
      return entries.join('');
    case 'csl.json':
      return `${JSON.stringify(entries, null, 2)}\n`;
    case 'csv':
      return `${[CSV_COLUMNS.join(','), ...entries].join('\r\n')}\r\n`;
  }
}

/**
 * The records of a CSV file as the build writes it (`toCsv`), without line ends. A field holding a
 * quote, comma or line break is quoted and its quotes doubled, and no other field holds a quote, so
 * a line end between an even number of quotes ends a record.
 */
export function csvRecords(text: string): string[] {
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  let quote = text.indexOf('"');
  for (let end = text.indexOf('\r\n'); end !== -1; end = text.indexOf('\r\n', end + 2)) {
    for (; quote !== -1 && quote < end; quote = text.indexOf('"', quote + 1)) quoted = !quoted;
    if (quoted) continue;
    records.push(text.slice(start, end));
    start = end + 2;
  }
  if (start < text.length) records.push(text.slice(start));
  return records;
}

/** The hosted files the offline data is made from. */
export interface HostedCitations {
  /** A file of the hosted build by its path (`survey.csv`, `papers/var.ris`). */
  read(path: string): string;
  /** The ids of the topics that have citation files (`topics/<id>.csv`). */
  topics: readonly string[];
  /** Papers per chunk at most, on average; `CHUNK_PAPERS` unless a test asks for more chunks. */
  perChunk?: number;
}

/** A classic script of the offline edition: its path from the root and its text. */
export interface OfflineCitationScript {
  file: string;
  script: string;
}

/**
 * The offline edition's citation scripts, from the hosted build's files: each paper's BibTeX, RIS
 * and CSL-JSON file gives its entry in that format, `survey.csv` each paper's row and the survey's
 * order, and `topics/<id>.csv` each topic's order. Throws when joining them does not give back the
 * hosted survey files and topic CSVs byte for byte, so a change to how the build joins entries cannot
 * leave the offline downloads different from the hosted ones unnoticed. (A topic's other files join
 * the same entries in the same order as its CSV; checking them too took a second at 10,000 papers.)
 */
export function offlineCitationScripts({ read, topics, perChunk }: HostedCitations): OfflineCitationScript[] {
  const surveyCsv = read('survey.csv');
  const [, ...rows] = csvRecords(surveyCsv);
  const rowOf = new Map<string, string>();
  const survey = rows.map((row) => {
    const id = row.slice(0, row.indexOf(','));
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) throw new Error(`survey.csv has a row whose id is not a paper id: ${row.slice(0, 80)}`);
    rowOf.set(id, row);
    return id;
  });
  const position = new Map(survey.map((id, i) => [id, i]));
  const chunks = chunkCount(survey.length, perChunk);
  const entries = (format: DownloadFormat, id: string): CitationEntry => {
    if (format === 'csv') return rowOf.get(id)!;
    const text = read(`papers/${id}.${format}`);
    if (format !== 'csl.json') return text;
    const items = JSON.parse(text) as Record<string, unknown>[];
    if (items.length !== 1) throw new Error(`papers/${id}.csl.json holds ${items.length} items, not one.`);
    return items[0]!;
  };

  const parts = new Map<string, Record<string, CitationEntry>>();
  const byFormat = new Map<DownloadFormat, Map<string, CitationEntry>>();
  for (const format of DOWNLOAD_FORMATS) {
    const all = new Map<string, CitationEntry>();
    byFormat.set(format, all);
    for (let chunk = 0; chunk < chunks; chunk++) parts.set(partName(format, chunk), {});
    for (const id of survey) {
      const entry = entries(format, id);
      all.set(id, entry);
      parts.get(partName(format, chunkOf(id, chunks)))![id] = entry;
    }
  }

  const index: OfflineCitationIndex = { version: 1, chunks, survey, topics: {} };
  const check = (path: string, ids: readonly string[], format: DownloadFormat, text = read(path)) => {
    const all = byFormat.get(format)!;
    if (joinEntries(format, ids.map((id) => all.get(id)!)) !== text) {
      throw new Error(`The offline edition's citation data does not give back ${path}: joinEntries (src/lib/offline-citations.ts) no longer joins entries as formatCitations (src/lib/citation.ts) does.`);
    }
  };
  for (const format of DOWNLOAD_FORMATS) check(`survey.${format}`, survey, format, format === 'csv' ? surveyCsv : undefined);
  for (const topic of [...topics].sort()) {
    const csv = read(`topics/${topic}.csv`);
    const ids = csvRecords(csv)
      .slice(1)
      .map((row) => row.slice(0, row.indexOf(',')));
    index.topics[topic] = ids.map((id) => {
      const at = position.get(id);
      if (at === undefined) throw new Error(`topics/${topic}.csv lists ${id}, which survey.csv does not.`);
      return at;
    });
    check(`topics/${topic}.csv`, ids, 'csv', csv);
  }

  // JavaScript literals rather than JSON in a string: fewer escapes, and these files are small.
  return [
    { file: CITATIONS_INDEX, script: `window.${CITATIONS_INDEX_GLOBAL}=${JSON.stringify(index)};\n` },
    ...[...parts].map(([part, value]) => ({
      file: partFile(part),
      script: `(window.${CITATION_PARTS_GLOBAL}=window.${CITATION_PARTS_GLOBAL}||{})[${JSON.stringify(part)}]=${JSON.stringify(value)};\n`,
    })),
  ];
}
