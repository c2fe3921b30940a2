/**
 * The reading list: paper ids a reader keeps in the browser (localStorage) and shares as a link
 * (`reading-list/?ids=var,flowar`). Pure functions over id arrays; the page script does the storage.
 */
import { shortAuthors, venueLabel } from './labels';

/** A paper id as file names allow it: lowercase kebab-case. */
const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The localStorage key of a survey's list; surveys on one host (or opened from disk) stay apart. */
export function storageKey(survey: string): string {
  return `survey-press:reading-list:${survey}`;
}

/** Ids in first-seen order, without duplicates or anything that cannot be a paper id. */
export function cleanIds(ids: readonly unknown[]): string[] {
  return [...new Set(ids.filter((id): id is string => typeof id === 'string' && ID.test(id)))];
}

/** The list stored under the key; a missing or damaged value is an empty list. */
export function parseStored(text: string | null): string[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? cleanIds(value) : [];
  } catch {
    return [];
  }
}

/** The text to store for a list. */
export function serializeIds(ids: readonly string[]): string {
  return JSON.stringify(cleanIds(ids));
}

/** The ids of a shared link (`?ids=var,flowar`), or undefined when the address shares no list. */
export function parseShared(search: string): string[] | undefined {
  const value = new URLSearchParams(search).get('ids');
  return value === null ? undefined : cleanIds(value.split(','));
}

/** The query string that shares `ids`: `?ids=var,flowar`; commas stay readable. */
export function shareQuery(ids: readonly string[]): string {
  return `?ids=${cleanIds(ids).join(',')}`;
}

/** The list with `id` added at the end (no change if it is there). */
export function addId(ids: readonly string[], id: string): string[] {
  return cleanIds([...ids, id]);
}

/** The list without `id`. */
export function removeId(ids: readonly string[], id: string): string[] {
  return ids.filter((x) => x !== id);
}

/** `ids` merged into `list`: the list's order first, new ids after. */
export function mergeIds(list: readonly string[], ids: readonly string[]): string[] {
  return cleanIds([...list, ...ids]);
}

/** Splits ids into those of papers the survey has and those it does not (any more). */
export function partitionKnown(ids: readonly string[], known: ReadonlySet<string>): { known: string[]; unknown: string[] } {
  return { known: ids.filter((id) => known.has(id)), unknown: ids.filter((id) => !known.has(id)) };
}

/**
 * The link to a paper's page from a script, `base` leading to the site root (`/`, `/survey/`, or
 * `../` in the offline edition). Opened from disk there is no server to find `index.html` in a
 * folder, so the offline link names the file.
 */
export function paperHref(base: string, path: string, offline: boolean): string {
  return `${base}${path}${offline && path.endsWith('/') ? 'index.html' : ''}`;
}

/** A card's byline, as on the survey's other paper lists: `Tian, Jiang, Yuan et al. · 2024 · NeurIPS 2024`. */
export function cardByline(paper: { authors: readonly string[]; year: number; venue: string }): string {
  return [shortAuthors(paper.authors), paper.year, venueLabel(paper.venue ? { venue: paper.venue } : {})].join(' · ');
}

/** The sentence above the list: how many papers, and whose list it is. */
export function describeList(count: number, shared: boolean): string {
  const papers = count === 1 ? '1 paper' : `${count} papers`;
  if (shared) return count ? `This shared list has ${papers}.` : 'This shared list has no papers of this survey.';
  return count ? `${papers} in your reading list, in the order you added them.` : 'Your reading list is empty. Use “Add to reading list” on any paper’s page.';
}
