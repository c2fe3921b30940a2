/**
 * Loads `paper-records.js`, every paper's citation data and page, when a page first needs it. A
 * classic `<script src>` rather than fetch() or import(): browsers block those for pages opened from
 * disk (the offline edition) but still run classic scripts.
 */
import { RECORDS_FILE, RECORDS_GLOBAL, unpackRecords, type PaperRecord } from '../lib/exports';
import { runScript, windowGlobal } from './classic-script';

const loading = new Map<string, Promise<Map<string, PaperRecord>>>();

/**
 * Every paper's record by id. `base` leads to the site root: the `data-base` attribute a page
 * renders with `url()`, which the offline edition rewrites to `../`. The script is added once;
 * after a failure, the next call tries again.
 */
export function loadPaperRecords(base: string): Promise<Map<string, PaperRecord>> {
  const src = `${base}${RECORDS_FILE}`;
  let promise = loading.get(src);
  if (!promise) {
    promise = (windowGlobal(RECORDS_GLOBAL) ? Promise.resolve() : runScript(src)).then(() => unpackRecords(windowGlobal(RECORDS_GLOBAL)));
    loading.set(src, promise);
    promise.catch(() => loading.delete(src));
  }
  return promise;
}
