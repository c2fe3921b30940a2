import { stemmer } from 'stemmer';

/**
 * How the offline search cuts text into terms, shared by the build (which indexes) and the browser
 * (which queries). It follows Pagefind: words are folded to lowercase without accents, stemmed, and
 * a hyphenated word counts whole and in parts.
 */

const WORD = /[^\p{L}\p{N}-]+/u;

/** Lowercase, without accents. */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** Index-time words: `next-scale` gives `nextscale`, `next` and `scale`, like Pagefind. */
export function tokenizeText(text: string): string[] {
  const out: string[] = [];
  for (const word of fold(text).split(WORD)) {
    const parts = word.split('-').filter(Boolean);
    if (parts.length === 0) continue;
    if (parts.length > 1) out.push(parts.join(''));
    out.push(...parts);
  }
  return out;
}

/** Query-time words: a hyphenated word is searched as one. */
export function tokenizeQuery(text: string): string[] {
  return fold(text)
    .split(WORD)
    .map((word) => word.replace(/-/g, ''))
    .filter(Boolean);
}

// Stemming is most of the cost of indexing ten thousand papers, and words repeat.
const stems = new Map<string, string>();

/** Stems a word (Porter), so "decodes" finds "decoding". */
export function processTerm(term: string): string {
  let stem = stems.get(term);
  if (stem === undefined) stems.set(term, (stem = stemmer(term)));
  return stem;
}

/** The stemmed terms of `text`, joined by spaces: what the index stores for long fields. */
export function stemmedTerms(text: string): string {
  return tokenizeText(text).map(processTerm).join(' ');
}
