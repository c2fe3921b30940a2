/**
 * The citation download buttons in the offline edition. Browsers ignore a link's `download` between
 * file:// pages, so a click there opened `papers/var.bib` as text instead of saving
 * `tian2024visual.bib`. Here a click loads the edition's citation scripts (classic scripts, which
 * load from disk), joins the entries of the paper, topic or survey as the build joins them, and saves
 * the file under the link's name from a Blob. On the hosted site the links work as they are and this
 * does nothing. Should anything fail, the link is followed as before.
 */
import {
  CITATION_PARTS_GLOBAL,
  CITATIONS_INDEX,
  CITATIONS_INDEX_GLOBAL,
  chunkOf,
  citationLink,
  idsOf,
  joinEntries,
  partFile,
  partName,
  type CitationEntry,
  type DownloadFormat,
  type OfflineCitationIndex,
} from '../lib/offline-citations';
import { downloadFile } from './download';
import { runScriptOnce, windowGlobal } from './classic-script';

export function initOfflineDownloads(): void {
  if (location.protocol !== 'file:') return;
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.<HTMLAnchorElement>('a[download][href]');
    const file = link && citationLink(link.href);
    if (!link || !file) return;
    event.preventDefault();
    citationFile(file.root, file.stem, file.format).then(
      (text) => downloadFile({ name: link.download, type: link.type, text }),
      () => {
        location.href = link.href;
      },
    );
  });
}

/** The file at `stem.format` (`papers/var`, `topics/x`, `survey`), as the hosted build has it. */
async function citationFile(root: string, stem: string, format: DownloadFormat): Promise<string> {
  const index = await load(`${root}${CITATIONS_INDEX}`, () => windowGlobal<OfflineCitationIndex>(CITATIONS_INDEX_GLOBAL));
  if (index?.version !== 1) throw new Error(`${CITATIONS_INDEX} is not in the format this page reads.`);
  const ids = idsOf(index, stem);
  const parts = [...new Set(ids.map((id) => partName(format, chunkOf(id, index.chunks))))];
  const loaded = await Promise.all(parts.map((part) => load(`${root}${partFile(part)}`, () => windowGlobal<Record<string, Record<string, CitationEntry>>>(CITATION_PARTS_GLOBAL)?.[part])));
  const entries = new Map<string, CitationEntry>();
  for (const part of loaded) for (const [id, entry] of Object.entries(part ?? {})) entries.set(id, entry);
  return joinEntries(
    format,
    ids.map((id) => {
      const entry = entries.get(id);
      if (entry === undefined) throw new Error(`No ${format} entry for ${id}.`);
      return entry;
    }),
  );
}

/** What `read` finds once the classic script at `src` has run; each script is added once. */
async function load<T>(src: string, read: () => T | undefined): Promise<T | undefined> {
  if (read() === undefined) await runScriptOnce(src);
  return read();
}
