/**
 * The English (Porter2) stemmer in the version Pagefind 1.6 uses, that of Snowball 3.1: written
 * here from the algorithm's description (https://snowballstem.org/algorithms/english/stemmer.html)
 * because the stemmers on npm follow older versions, which stem some words differently ("added"
 * to "ad" rather than "add", "emergence" to "emerg" rather than "emergenc"), and a word stemmed
 * differently from Pagefind finds other papers offline. Expects a lowercase word.
 */

const isVowel = (c: string | undefined) => c !== undefined && c !== '' && 'aeiouy'.includes(c);
const isVowelWXY = (c: string | undefined) => isVowel(c) || c === 'w' || c === 'x' || c === 'Y';

/** Words stemmed as a whole, or left as they are. */
const EXCEPTIONS = new Map([
  ['skis', 'ski'],
  ['skies', 'sky'],
  ['idly', 'idl'],
  ['gently', 'gentl'],
  ['ugly', 'ugli'],
  ['early', 'earli'],
  ['only', 'onli'],
  ['singly', 'singl'],
  ...['sky', 'news', 'howe', 'atlas', 'cosmos', 'bias', 'andes'].map((w) => [w, w] as const),
]);

/** Beginnings after which R1 starts, so that their words are not conflated with shorter ones. */
const R1_PREFIXES = ['gener', 'commun', 'arsen', 'past', 'univers', 'later', 'emerg', 'organ', 'inter'];

/** The longest of `suffixes` that `word` ends with, if any. */
function longestSuffix(word: string, suffixes: readonly string[]): string | undefined {
  let found: string | undefined;
  for (const suffix of suffixes) if (word.endsWith(suffix) && (found === undefined || suffix.length > found.length)) found = suffix;
  return found;
}

/**
 * Whether `word` has a short syllable ending at `end`: a non-vowel other than w, x and Y after a
 * vowel after a non-vowel; a non-vowel after a vowel that starts the word; or "past".
 */
function shortSyllable(word: string, end: number): boolean {
  return (
    (end >= 3 && !isVowelWXY(word[end - 1]) && isVowel(word[end - 2]) && !isVowel(word[end - 3])) ||
    (end === 2 && !isVowel(word[1]) && isVowel(word[0])) ||
    (end >= 4 && word.slice(end - 4, end) === 'past')
  );
}

/** Where the region after the first non-vowel following a vowel, from `start`, begins; the word's length if none. */
function regionAfter(word: string, start: number): number {
  let i = start;
  while (i < word.length && !isVowel(word[i])) i++;
  while (i < word.length && isVowel(word[i])) i++;
  return i < word.length ? i + 1 : word.length;
}

const STEP_1B = ['eed', 'eedly', 'ed', 'edly', 'ing', 'ingly'];
const DOUBLES = ['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt'];
const ING_KEPT = ['inn', 'out', 'cann', 'herr', 'earr', 'even'];

const STEP_2: Record<string, string> = {
  tional: 'tion',
  enci: 'ence',
  anci: 'ance',
  abli: 'able',
  entli: 'ent',
  izer: 'ize',
  ization: 'ize',
  ational: 'ate',
  ation: 'ate',
  ator: 'ate',
  alism: 'al',
  aliti: 'al',
  alli: 'al',
  fulness: 'ful',
  ousli: 'ous',
  ousness: 'ous',
  iveness: 'ive',
  iviti: 'ive',
  biliti: 'ble',
  bli: 'ble',
  ogist: 'og',
  ogi: 'og', // after l only
  fulli: 'ful',
  lessli: 'less',
  li: '', // after c, d, e, g, h, k, m, n, r or t only
};
const STEP_2_SUFFIXES = Object.keys(STEP_2);

const STEP_3: Record<string, string> = {
  tional: 'tion',
  ational: 'ate',
  alize: 'al',
  icate: 'ic',
  iciti: 'ic',
  ical: 'ic',
  ful: '',
  ness: '',
  ative: '', // in R2 only
};
const STEP_3_SUFFIXES = Object.keys(STEP_3);

const STEP_4 = ['al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize', 'ion'];

/** The stem of a lowercase English word, as Snowball's English stemmer gives it. */
export function stemEnglish(input: string): string {
  const exception = EXCEPTIONS.get(input);
  if (exception !== undefined) return exception;
  if (input.length < 3) return input;

  // Initial apostrophe; y as a consonant (at the start, or after a vowel) becomes Y.
  let w = input.startsWith("'") ? input.slice(1) : input;
  let hasY = false;
  for (let i = 0; i < w.length; i++) {
    if (w[i] === 'y' && (i === 0 || isVowel(w[i - 1]))) {
      w = `${w.slice(0, i)}Y${w.slice(i + 1)}`;
      hasY = true;
    }
  }

  // R1 and R2, as the positions where they start.
  const prefix = R1_PREFIXES.find((p) => w.startsWith(p));
  const p1 = prefix ? prefix.length : regionAfter(w, 0);
  const p2 = p1 < w.length ? regionAfter(w, p1) : w.length;

  // Step 1a: possessives and plurals.
  const apostrophe = longestSuffix(w, ["'", "'s", "'s'"]);
  if (apostrophe) w = w.slice(0, -apostrophe.length);
  const plural = longestSuffix(w, ['sses', 'ied', 'ies', 's', 'us', 'ss']);
  if (plural === 'sses') w = w.slice(0, -2);
  else if (plural === 'ied' || plural === 'ies') w = w.length - 3 >= 2 ? `${w.slice(0, -3)}i` : `${w.slice(0, -3)}ie`;
  else if (plural === 's' && [...w.slice(0, -2)].some(isVowel)) w = w.slice(0, -1);

  // Step 1b: -eed, -ed, -ing and their -ly forms.
  const ending = longestSuffix(w, STEP_1B);
  if (ending) {
    const stem = w.slice(0, -ending.length);
    if (ending === 'eed' || ending === 'eedly') {
      if (stem.length >= p1 && !['proc', 'exc', 'succ'].includes(stem)) w = `${stem}ee`;
    } else if (ending === 'ing' && stem.length === 2 && stem[1] === 'y' && !isVowel(stem[0])) {
      w = `${stem[0]}ie`; // dying → die
    } else if (ending === 'ing' && ING_KEPT.includes(stem)) {
      // inning, outing, evening… stay as they are.
    } else if ([...stem].some(isVowel)) {
      w = stem;
      if (['at', 'bl', 'iz'].some((s) => w.endsWith(s))) w += 'e';
      else if (DOUBLES.some((s) => w.endsWith(s))) {
        if (!(w.length === 3 && 'aeo'.includes(w[0]!))) w = w.slice(0, -1);
      } else if (w.length === p1 && shortSyllable(w, w.length)) w += 'e';
    }
  }

  // Step 1c: y after a non-vowel that does not start the word becomes i.
  const last = w[w.length - 1];
  if ((last === 'y' || last === 'Y') && w.length >= 3 && !isVowel(w[w.length - 2])) w = `${w.slice(0, -1)}i`;

  // Step 2, in R1.
  const s2 = longestSuffix(w, STEP_2_SUFFIXES);
  if (s2 && w.length - s2.length >= p1) {
    const before = w[w.length - s2.length - 1];
    if (s2 === 'ogi' ? before === 'l' : s2 === 'li' ? before !== undefined && 'cdeghkmnrt'.includes(before) : true) {
      w = w.slice(0, -s2.length) + STEP_2[s2];
    }
  }

  // Step 3, in R1 (-ative in R2).
  const s3 = longestSuffix(w, STEP_3_SUFFIXES);
  if (s3 && w.length - s3.length >= (s3 === 'ative' ? Math.max(p1, p2) : p1)) w = w.slice(0, -s3.length) + STEP_3[s3];

  // Step 4, in R2 (-ion after s or t only).
  const s4 = longestSuffix(w, STEP_4);
  if (s4 && w.length - s4.length >= p2) {
    const before = w[w.length - s4.length - 1];
    if (s4 !== 'ion' || before === 's' || before === 't') w = w.slice(0, -s4.length);
  }

  // Step 5: a final e in R2, or in R1 after no short syllable; a final l after l, in R2.
  const end = w.length - 1;
  if (w[end] === 'e' && (end >= p2 || (end >= p1 && !shortSyllable(w, end)))) w = w.slice(0, -1);
  else if (w[end] === 'l' && end >= p2 && w[end - 1] === 'l') w = w.slice(0, -1);

  return hasY ? w.replace(/Y/g, 'y') : w;
}
