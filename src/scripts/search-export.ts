/**
 * Exports the current search view (query and filters) as BibTeX or CSV, in the browser, with no
 * server: it works on the hosted site and in the offline edition opened from disk alike.
 *
 * The search page calls `exportSearchResults()` (src/scripts/search/ui.ts imports this module only
 * when a reader clicks an export button), which does the following:
 *
 *   1. Gets the paper ids of ALL results of the current query and filters, in the order shown (not
 *      only the results loaded so far): `await result.ids()`.
 *   2. Loads the records: `await loadPaperRecords(base)` (src/scripts/paper-records.ts), a Map from
 *      paper id to its record, BibTeX already formatted by citation-js at build time.
 *   3. `exportSearchView(ids, format, (id) => records.get(id), searchExportName(state))` downloads the
 *      file, named after the query and filters (`search-vq.bib`), and returns `{ count, missing }`:
 *      how many papers were exported and the ids without a record, which `exportMessage()` (in
 *      src/lib/exports.ts) says in words.
 */
import { FORMAT_NAMES, exportFile, exportMessage, searchExportName, type BrowserFormat, type ExportRecord } from '../lib/exports';
import type { SearchState } from '../lib/search-state';
import { downloadFile } from './download';
import { loadPaperRecords } from './paper-records';
import type { SearchResult } from './search/engine';

/** Downloads the papers `ids`, in that order, as a `.bib` or `.csv` file named after `name`. */
function exportSearchView(
  ids: readonly string[],
  format: BrowserFormat,
  lookup: (id: string) => ExportRecord | undefined,
  name: string,
): { count: number; missing: string[] } {
  const file = exportFile(ids, format, lookup, name);
  if (file.count > 0) downloadFile(file);
  return { count: file.count, missing: file.missing };
}

/**
 * Downloads every result of a search (not only those shown), in the order shown, and tells the
 * reader how it went through `say`: `Exported 12 papers as BibTeX.`, or why it failed. `base` leads
 * to the site root, where paper-records.js is; `state` names the file.
 */
export async function exportSearchResults(
  result: Pick<SearchResult, 'total' | 'ids'>,
  format: BrowserFormat,
  { base, state, say }: { base: string; state: SearchState; say: (text: string) => void },
): Promise<void> {
  const papers = result.total === 1 ? '1 paper' : `${result.total} papers`;
  say(`Preparing ${papers} as ${FORMAT_NAMES[format]}…`);
  // Pagefind reads every result's data; say how far it got, but not so often that a screen reader
  // has to read out a stream of numbers.
  let said = Date.now();
  const progress = (done: number) => {
    if (Date.now() - said < 2000) return;
    said = Date.now();
    say(`Preparing ${done} of ${papers} as ${FORMAT_NAMES[format]}…`);
  };
  try {
    const [ids, records] = await Promise.all([result.ids(progress), loadPaperRecords(base)]);
    const { count, missing } = exportSearchView(ids, format, (id) => records.get(id), searchExportName(state));
    say(exportMessage(count, format, missing));
  } catch (error) {
    say('The export failed: the citation data could not be loaded. Try again.');
    console.warn(error);
  }
}
