/**
 * The checked front matter and rendered HTML of every entry, kept in the build's process instead of
 * Astro's data store, which holds only each entry's id and digest. Astro serialises its data store
 * (after every sync in dev, and into the build as a JavaScript module); with thousands of papers of
 * KaTeX-rendered notes the HTML alone cost seconds of bundling and hundreds of megabytes, and at
 * 10,000 papers the metadata still cost the dev server seconds before its first page. The content
 * loaders fill this registry and the pages read it; both run in the process that runs `astro build`
 * or `astro dev`, and they are bundled separately, so it lives on `globalThis`.
 */
export interface RenderedEntry {
  /** The entry's checked front matter. */
  data: unknown;
  html: string;
  abstractHtml?: string;
  tldrHtml?: string;
}

const REGISTRY = Symbol.for('survey-press.rendered');

function registry(): Map<string, RenderedEntry> {
  return ((globalThis as Record<symbol, unknown>)[REGISTRY] ??= new Map()) as Map<string, RenderedEntry>;
}

/** Records an entry's HTML; called by the content loaders. */
export function setRendered(collection: 'papers' | 'topics', id: string, entry: RenderedEntry): void {
  registry().set(`${collection}/${id}`, entry);
}

/** An entry's HTML; throws if the loaders did not record it, which would be a bug. */
export function getRendered(collection: 'papers' | 'topics', id: string): RenderedEntry {
  const entry = registry().get(`${collection}/${id}`);
  if (!entry) throw new Error(`No rendered HTML for ${collection}/${id}: the content loader did not run in this process.`);
  return entry;
}
