/**
 * Cleans the LaTeX debris that arXiv abstracts and BibTeX fields carry, so the text reads well and
 * renders as Markdown with `$...$` math. Math itself is left exactly as written.
 */

/** Combining marks of LaTeX's accent commands: `\"u` → ü, `\c{c}` → ç. */
const ACCENTS: Readonly<Record<string, string>> = {
  '"': '\u0308',
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  u: '\u0306',
  v: '\u030c',
  H: '\u030b',
  c: '\u0327',
  k: '\u0328',
  r: '\u030a',
  d: '\u0323',
  b: '\u0331',
};

/** Letters LaTeX writes as commands: `\ss` → ß, `\o` → ø. */
const LETTERS: Readonly<Record<string, string>> = {
  ss: 'ß',
  o: 'ø',
  O: 'Ø',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  aa: 'å',
  AA: 'Å',
  l: 'ł',
  L: 'Ł',
  i: 'ı',
  j: 'ȷ',
};

/** Abbreviation macros that papers define for themselves: `\eg` → e.g. */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  eg: 'e.g.',
  ie: 'i.e.',
  etal: 'et al.',
  cf: 'cf.',
  vs: 'vs.',
  wrt: 'w.r.t.',
  etc: 'etc.',
};

// One accented letter: a plain letter, or a dotless \i / \j (which takes the accent as i / j).
const BASE = String.raw`(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij])(?![A-Za-z])|([A-Za-z]))`;
const SYMBOL_ACCENT = new RegExp(String.raw`\\(["'\x60^~=.])\s*${BASE}`, 'g');
const LETTER_ACCENT = new RegExp(String.raw`\\([uvHckrdb])(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|\s+([A-Za-z]))`, 'g');
const LETTER_COMMAND = /\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])(?:\{\}|\s(?=[A-Za-z]))?/g;
const ABBREVIATION = /\\(eg|ie|etal|cf|vs|wrt|etc)(?![A-Za-z])(?:\{\}|\\xspace)?(\.)?/g;
const FORMATTING = /\\(?:emph|textit|textbf|texttt|textsc|textrm|textsf|text|mbox|url)\{([^{}]*)\}/g;
const OLD_FORMATTING = /\{\\(?:em|it|bf|sc|tt|rm|sf|sl)\s+([^{}]*)\}/g;
const THIS_URL = /\s*\{?this (?:https?|ftp) URL\}?/g;
const HREF = /\\href\{([^{}\s]+)\}\{([^{}]*)\}/g;
// A citation means nothing outside the paper's reference list: `decoding~\cite{foo}` → decoding.
const CITE = /\s*~?\\(?:[Cc]ite[a-z]*|parencite|autocite|textcite|footcite)\*?(?:\[[^\]]*\])*\{[^{}]*\}/g;

/**
 * Cleans an abstract for the front-matter: `\%` → `%`, accents (`na\"{\i}ve` → naïve), `\eg` → e.g.,
 * `\emph{x}` → x, `\href{url}{text}` → `[text](url)`, `\cite{key}` removed, ``` ``quotes'' ``` → "quotes", `{this https URL}` removed, `\(x\)` → `$x$`, and
 * all whitespace folded to single spaces. Text between `$` signs is math and is kept as it is.
 */
export function normalizeAbstract(text: string): string {
  const withDollars = text
    .replace(/\\\((.*?)\\\)/gs, (_, tex: string) => `$${tex}$`)
    .replace(/\\\[(.*?)\\\]/gs, (_, tex: string) => `$$${tex}$$`);
  return splitMath(withDollars)
    .map((part) => (part.math ? part.text : cleanProse(part.text)))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Turns LaTeX accents and letter commands into Unicode, then removes the braces that only group:
 * `M{\"u}ller` → Müller, `Bj\"{o}rn` → Björn, `{\o}` → ø. Used for titles and names as well.
 */
export function latexToUnicode(text: string): string {
  const letter = (braced?: string, dotless?: string, plain?: string) => {
    const base = braced ?? dotless ?? plain ?? '';
    return base === '\\i' ? 'i' : base === '\\j' ? 'j' : base;
  };
  let out = text
    .replace(SYMBOL_ACCENT, (_, accent: string, braced?: string, dotless?: string, plain?: string) =>
      `${letter(braced, dotless, plain)}${ACCENTS[accent]}`,
    )
    .replace(LETTER_ACCENT, (_, accent: string, braced?: string, plain?: string) =>
      `${letter(braced, undefined, plain)}${ACCENTS[accent]}`,
    )
    .replace(LETTER_COMMAND, (_, name: string) => LETTERS[name] ?? name);
  // Grouping braces nest (`{{Judge Decoding}}`): peel them from the inside out.
  for (let previous = ''; previous !== out; ) {
    previous = out;
    out = out.replace(/\{([^{}\\$]*)\}/g, '$1');
  }
  return out.normalize('NFC');
}

function cleanProse(text: string): string {
  return latexToUnicode(
    text
      .replace(THIS_URL, '')
      .replace(CITE, '')
      .replace(FORMATTING, '$1')
      .replace(OLD_FORMATTING, '$1')
      // After the formatting, which a link's text may hold (`\href{url}{the \textbf{code}}`).
      .replace(HREF, (_, url: string, label: string) => `[${label.trim() || url}](${url})`)
      .replace(ABBREVIATION, (_, name: string) => ABBREVIATIONS[name] ?? name),
  )
    .replace(/\\([%&#])/g, '$1')
    .replace(/``|''/g, '"')
    .replace(/\\(?:ldots|dots)(?![A-Za-z])(?:\{\})?/g, '…')
    .replace(/(?<!\\)~/g, ' ')
    .replace(/\\ /g, ' ')
    .replace(/\\@/g, '')
    // What a removed URL leaves behind: "available at ." → "available at."
    .replace(/\s+([.,;:])(?=\s|$)/g, '$1');
}

/** Cuts text into prose and `$...$` / `$$...$$` math; `\$` is a literal dollar, not a delimiter. */
function splitMath(text: string): { text: string; math: boolean }[] {
  const parts: { text: string; math: boolean }[] = [];
  const math = /(?<!\\)(\$\$?)(?:\\.|(?!\1)[^\\])+?(?<!\\)\1/gs;
  let last = 0;
  for (const match of text.matchAll(math)) {
    parts.push({ text: text.slice(last, match.index), math: false });
    parts.push({ text: match[0], math: true });
    last = match.index + match[0].length;
  }
  parts.push({ text: text.slice(last), math: false });
  return parts;
}
