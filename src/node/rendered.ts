import { compareText } from '../lib/collate';

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

/** An entry as the pages list it: its id, and the digest of its data and HTML that Astro has too. */
export interface ListedEntry {
  id: string;
  digest: string;
}

interface Listed {
  /** Each collection's entries as the loaders last handed them to Astro's data store. */
  handed: Map<'papers' | 'topics', ListedEntry[]>;
  /** The entries the pages show, in `astro dev`: those handed when Astro last said its store changed. */
  served?: Map<'papers' | 'topics', ListedEntry[]>;
}

const LISTED = Symbol.for('survey-press.listed');

function listed(): Listed {
  return ((globalThis as Record<symbol, unknown>)[LISTED] ??= { handed: new Map() }) as Listed;
}

/**
 * Records the entries a loader hands to Astro, ordered by id as Astro's getCollection() gives them.
 * The pages list the survey from here rather than through getCollection(): in `astro dev` the copy
 * of the data store that getCollection() reads is refreshed by a watch on the store's file, and once
 * (CI, 2026-12-02) it missed a paper added while the server ran, for good.
 */
export function setListed(collection: 'papers' | 'topics', entries: ListedEntry[]): void {
  listed().handed.set(collection, [...entries].sort((a, b) => compareText(a.id, b.id)));
}

/** The entries of a collection that the pages list. */
export function listedEntries(collection: 'papers' | 'topics'): ListedEntry[] {
  const { handed, served } = listed();
  const entries = (served ?? handed).get(collection);
  if (!entries) throw new Error(`No ${collection} listed: the content loader did not run in this process.`);
  return entries;
}

/**
 * In `astro dev`, moves the pages on to the entries handed last. Called when Astro says its data
 * store changed (`astro:content-changed`, which also clears its cache of each route's paths), so a
 * listing and the pages it links change together, as they would through getCollection().
 */
export function serveListed(): void {
  const state = listed();
  state.served = new Map(state.handed);
}
