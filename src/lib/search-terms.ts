import { stemEnglish } from './stem-english';

/**
 * How the offline search cuts text into terms, shared by the build (which indexes) and the browser
 * (which queries). It follows what Pagefind 1.6 does, so that both editions find the same papers:
 *
 * - Indexed text is cut at whitespace; each word is kept whole, without its punctuation and
 *   symbols (`next-scale` → `nextscale`, `1.3B` → `13b`). A word holding punctuation or symbols, or
 *   a capital after its first letter, is also indexed in parts: split at ASCII punctuation, changes
 *   of case and changes between letters and digits (`TSMixer-based` → `ts`, `mixer`, `based`), and
 *   what follows each full stop (`1.3B` → `3b`), keeping parts of two characters or more. The parts
 *   take the word's place, so a "quoted phrase" can match through them.
 * - A query drops its punctuation (`1.3B` → `13b`, `next-scale` → `nextscale`) and is cut at spaces.
 * - Words are lowercased without accents and stemmed with Porter2 as Pagefind 1.6 stems them.
 */

/** Lowercase, without accents (as Pagefind normalizes diacritics). */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** What a query loses before it is cut into words: Pagefind drops these punctuation classes. */
const QUERY_PUNCTUATION = /[\p{Pd}\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu;
/** What a word keeps in the index: letters, digits, and connector punctuation such as `_`. */
const NOT_WORD = /[^\p{Alphabetic}\p{N}\p{Pc}]/gu;
const NOT_ALPHANUMERIC = /[^\p{Alphabetic}\p{N}]/u;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;
const UPPER = 1;
const LOWER = 2;
const DIGIT = 3;
/** Whether a character is a capital, a lowercase letter, an ASCII digit, or none of these. */
function kind(c: string): number {
  const code = c.charCodeAt(0);
  if (code < 128) return code >= 65 && code <= 90 ? UPPER : code >= 97 && code <= 122 ? LOWER : code >= 48 && code <= 57 ? DIGIT : 0;
  return /\p{Lu}/u.test(c) ? UPPER : /\p{Ll}/u.test(c) ? LOWER : 0;
}
/**
 * Where what follows a full stop splits in parts, for Pagefind: at ASCII punctuation, around other
 * symbols (`×`), before a capital after a lowercase letter or a digit, and before the last capital
 * of an acronym followed by lowercase; not between lowercase letters and digits.
 */
const COARSE_BOUNDARIES =
  /[\p{Alphabetic}\p{N}][^\p{Alphabetic}\p{N}\0-\x7f]|[^\p{Alphabetic}\p{N}\0-\x7f][\p{Alphabetic}\p{N}]|[\p{Alphabetic}\p{N}][!-/:-@[-`{-~]+[\p{Alphabetic}\p{N}]|[\p{Ll}0-9]\p{Lu}|\p{Lu}\p{Lu}\p{Ll}/u;
/**
 * A word that is its letters or digits alone: ASCII letters and digits with no capital after the
 * first, or letters alone or digits alone between ASCII brackets, quotes and punctuation.
 */
const PLAIN_WORD = /^(?:([A-Za-z0-9][a-z0-9]*|[A-Z]+)|[("'[]*([A-Za-z][a-z]*|[A-Z]+|[0-9]+)[)\]"',.;:!?]*)$/;
/** A word of lowercase letters joined by hyphens (a capital first), maybe in brackets or before a comma. */
const HYPHENATED_WORD = /^[("'[]*([A-Za-z][a-z]*(?:-[a-z]+)+)[)\]"',.;:!?]*$/;
/** A capital after a word's first letter: `TSMixer`, `mGPT`, `LLMs` are split in parts, `Mamba2` is not. */
const INNER_CAPITAL = /(?<=.)\p{Lu}/u;
/** Whether a term is more than one byte long in UTF-8, as Pagefind requires of a word's parts. */
const longEnough = (s: string) => s.length > 1 || s.charCodeAt(0) > 0x7f;

/**
 * A compound word's parts as Pagefind finds them: ASCII punctuation becomes a space, then the text
 * is split where a lowercase letter meets an uppercase one, a letter meets a digit, and before the
 * last capital of an acronym followed by lowercase (`TSMixer` → `TS Mixer`), as the `convert_case`
 * crate (0.6) splits words for Pagefind.
 */
function caseParts(word: string): string[] {
  const chars = [...word.replace(ASCII_PUNCTUATION, ' ')];
  const kinds = chars.map(kind);
  const parts: string[] = [];
  let part = '';
  chars.forEach((c, i) => {
    if (c === ' ' || /\s/.test(c)) {
      parts.push(part);
      part = '';
      return;
    }
    const [before, here, after] = [kinds[i - 1], kinds[i], kinds[i + 1]];
    if (
      (before === LOWER && here === UPPER) ||
      (before === UPPER && here === DIGIT) ||
      (before === DIGIT && (here === UPPER || here === LOWER)) ||
      (before === LOWER && here === DIGIT) ||
      (before === UPPER && here === UPPER && after === LOWER)
    ) {
      parts.push(part);
      part = '';
    }
    part += c;
  });
  parts.push(part);
  return parts.filter(Boolean).map((p) => p.toLowerCase());
}

/**
 * Index-time words, by place: for each whitespace-separated word of `text`, the word without its
 * punctuation first, then its parts if it is compound (see `caseParts`). A word that is only
 * punctuation keeps its place, with no terms, so a phrase cannot match across it.
 */
export function wordPositions(text: string): string[][] {
  const clean = text.replace(/\u200b/g, '').trim();
  if (!clean) return [];
  // Folding keeps whitespace where it is, so the folded words line up with the written ones.
  const raws = clean.split(/\s+/);
  const foldeds = fold(clean).split(/\s+/);
  return foldeds.map((folded, i) => {
    // Most words are plain: letters or digits, maybe in brackets or before a comma. They are one term.
    const raw = raws[i]!;
    const plain = PLAIN_WORD.exec(raw);
    if (plain) return [(plain[1] ?? plain[2])!.toLowerCase()];
    const hyphenated = HYPHENATED_WORD.exec(raw)?.[1]!.toLowerCase();
    const whole = hyphenated?.replace(/-/g, '') ?? folded.replace(NOT_WORD, '');
    if (!whole) return [];
    const terms = [whole];
    const add = (term: string) => {
      if (longEnough(term) && !terms.includes(term)) terms.push(term);
    };
    if (hyphenated) {
      hyphenated.split('-').forEach(add);
      return terms;
    }
    if (NOT_ALPHANUMERIC.test(folded) || INNER_CAPITAL.test(raw)) {
      const parts = caseParts(raw).map(fold);
      if (parts.length > 1 || (parts[0] !== undefined && !whole.startsWith(parts[0]))) parts.forEach(add);
      // What follows a full stop is a word too when it has parts of its own: `1.3B` gives `3b` and
      // `github.com/a-b` gives `comab`, but `1.7x` gives no `7x`.
      for (let dot = raw.indexOf('.'); dot >= 0; dot = raw.indexOf('.', dot + 1)) {
        const rest = raw.slice(dot + 1, dot + 65); // Pagefind reads 64 characters of it.
        if (COARSE_BOUNDARIES.test(rest)) add(fold(rest).replace(NOT_WORD, ''));
      }
    }
    return terms;
  });
}

/** Index-time words of `text`, in order: each word whole, then its parts (see `wordPositions`). */
export function tokenizeText(text: string): string[] {
  return wordPositions(text).flat();
}

/** Query-time words: punctuation dropped, so `next-scale` is searched as `nextscale`. */
export function tokenizeQuery(text: string): string[] {
  return fold(text.replace(QUERY_PUNCTUATION, '')).split(/\s+/).filter(Boolean);
}

/** Whether a query is a "quoted phrase": Pagefind searches exactly only when quotes open and close the query. */
export function isPhraseQuery(text: string): boolean {
  return /^\s*".+"\s*$/.test(text);
}

// Stemming is most of the cost of indexing ten thousand papers, and words repeat.
const stems = new Map<string, string>();

/** Stems a word (Porter2, in the version Pagefind uses), so "decodes" finds "decoding". */
export function processTerm(term: string): string {
  let stemmed = stems.get(term);
  if (stemmed === undefined) stems.set(term, (stemmed = stemEnglish(term)));
  return stemmed;
}

/** The stemmed terms of `text`, joined by spaces: what the index stores for long fields. */
export function stemmedTerms(text: string): string {
  return tokenizeText(text).map(processTerm).join(' ');
}

/**
 * The beginning of a stem that the words stemmed to it hold: without a final e (added to "hop" from
 * "hoping"), i or y (from y, as "tri" from "try"), and the l of a final bl ("stabl" from "stability").
 */
function stemBeginning(stem: string): string {
  const root = stem.replace(/e$/, '').replace(/[iy]$/, '').replace(/bl$/, 'b');
  return (root || stem.slice(0, 1)).replace(NOT_WORD, '');
}

/**
 * A text as `phraseMatcher` looks for phrases in it: folded, each word without its punctuation and
 * symbols (U+0002 for a word that is nothing else), words apart by single spaces. Kept per paper.
 */
export function phraseText(text: string): string {
  return fold(text.trim())
    .replace(/(?<!\S)[^\s\p{Alphabetic}\p{N}\p{Pc}]+(?!\S)/gu, '\u0002')
    .replace(/[^\s\p{Alphabetic}\p{N}\p{Pc}\u0002]+/gu, '')
    .replace(/\s+/g, ' ');
}

/**
 * A test for a "quoted phrase", given as its stemmed words, in a text and its `phraseText`: true
 * when words of the text in a row have the phrase's words among their terms, in order (see
 * `wordPositions`). Words in a row holding the beginnings of the phrase's stems are found in the
 * phrase text first, and only those words are cut into terms: a text's words need not all be stemmed.
 */
export function phraseMatcher(phrase: readonly string[]): (text: string, squashed: string) => boolean {
  if (phrase.length === 0) return () => false;
  const beginnings = phrase.map(stemBeginning);
  return (text, squashed) => {
    // The text's words are found as far as needed: `place` words of it are before `rawWords.lastIndex`.
    const rawWords = /\S+/g;
    let place = 0;
    let counted = 0;
    let read = 0;
    const wordsAt = (from: number, count: number) => {
      for (; read < from; read++) rawWords.exec(text);
      const found: string[] = [];
      const { lastIndex } = rawWords;
      for (let k = 0; k < count; k++) found.push(rawWords.exec(text)?.[0] ?? '');
      rawWords.lastIndex = lastIndex;
      return found.join(' ');
    };
    const wordEnd = (from: number) => {
      const end = squashed.indexOf(' ', from);
      return end < 0 ? squashed.length : end;
    };
    for (let at = squashed.indexOf(beginnings[0]!); at >= 0; ) {
      const start = squashed.lastIndexOf(' ', at) + 1;
      let end = wordEnd(at);
      const next = end + 1;
      let inRow = true;
      for (let k = 1; k < phrase.length && inRow; k++) {
        const from = end + 1;
        end = from > squashed.length ? -1 : wordEnd(from);
        inRow = end >= 0 && squashed.slice(from, end).includes(beginnings[k]!);
      }
      if (inRow) {
        // The place of the word at `start`: the spaces before it.
        for (let space = squashed.indexOf(' ', counted); space >= 0 && space < start; space = squashed.indexOf(' ', space + 1)) place++;
        counted = start;
        const places = wordPositions(wordsAt(place, phrase.length));
        if (places.length === phrase.length && places.every((terms, i) => terms.some((term) => processTerm(term) === phrase[i]))) return true;
      }
      at = next > squashed.length ? -1 : squashed.indexOf(beginnings[0]!, next);
    }
    return false;
  };
}

/**
 * A paper's short name as both searches compare it: folded, its letters and digits alone
 * (`S-Mamba` → `smamba`). Empty for a name of punctuation alone.
 */
export function nameKey(name: string): string {
  return fold(name).replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * The short name a query asks for, if it is one: a query of one word, not in quotes (`VAR`,
 * `s-mamba`). A paper going by that name comes first among its results, which ranking alone does
 * not ensure: "var" also begins "variational" and "various", rarer words that weigh more.
 */
export function queryName(query: string): string | undefined {
  const word = query.trim();
  if (!word || /\s/.test(word) || isPhraseQuery(word)) return undefined;
  return nameKey(word) || undefined;
}

/** `hits` with those `first` picks moved to the front, each group in its order. */
export function putFirst<T>(hits: readonly T[], first: (hit: T) => boolean): T[] {
  const picked = hits.filter(first);
  return picked.length ? [...picked, ...hits.filter((hit) => !first(hit))] : [...hits];
}
