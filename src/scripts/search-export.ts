/**
 * Exports the current search view (query and filters) as BibTeX or CSV, in the browser, with no
 * request: it works on the hosted site and in the offline edition opened from disk alike.
 *
 * How the search page uses it:
 *
 *   1. Put `<PaperRecords />` (src/components/PaperRecords.astro) on the page. It writes every
 *      paper's citation data, BibTeX already formatted by citation-js at build time, into a
 *      `<script type="application/json" data-paper-records>` block, keyed by paper id.
 *   2. Read it once: `const records = readPaperRecords();` (a Map from paper id to ExportRecord).
 *      Any other source of `ExportRecord`s (e.g. the offline search index) works the same way.
 *   3. On "Export BibTeX" / "Export CSV":
 *        exportSearchView(ids, 'bib', (id) => records.get(id), `search ${state.q}`);
 *      where `ids` are the paper ids of ALL results of the current query and filters, in the order
 *      shown (not only the results loaded so far). `paperIdFromUrl(hit.url)` turns a result's URL
 *      into its id. The file is named after the last argument (`search-vq.bib`).
 *   It returns `{ count, missing }`: how many papers were exported, and the ids `lookup` did not
 *   know (say so in a status message if any).
 */
import { exportFile, type BrowserFormat, type ExportRecord } from '../lib/exports';
export { paperIdFromUrl } from '../lib/exports';
import { downloadFile } from './download';

/** The records of the page's `<PaperRecords />` block, by paper id; empty when there is none. */
export function readPaperRecords(root: ParentNode = document): Map<string, ExportRecord> {
  const block = root.querySelector('script[data-paper-records]');
  if (!block?.textContent) return new Map();
  return new Map(Object.entries(JSON.parse(block.textContent) as Record<string, ExportRecord>));
}

/** Downloads the papers `ids`, in that order, as a `.bib` or `.csv` file named after `name`. */
export function exportSearchView(
  ids: readonly string[],
  format: BrowserFormat,
  lookup: (id: string) => ExportRecord | undefined,
  name = 'search results',
): { count: number; missing: string[] } {
  const file = exportFile(ids, format, lookup, name);
  if (file.count > 0) downloadFile(file);
  return { count: file.count, missing: file.missing };
}
