import { escapeHtml } from './html';
import type { MathProblem } from './render';
import { MAX_CACHED, renderTex, texText } from './tex';

/**
 * The inline formulas of a title (`$k$-ary`, `$\infty$-former`), as arXiv writes them. As in the
 * abstract, a formula neither starts nor ends with a space, no digit follows its closing dollar,
 * and `\$` is a dollar sign, so "$5 and $10" stays text. A formula may end with an escaped
 * character (`$\{0,1\}$`, `$5\%$`).
 */
const TITLE_MATH = /(?<!\\)\$(?=[^\s$])((?:\\.|[^$\\])*?(?:\\\S|[^\s$\\]))\$(?!\d)/g;

/** A title as HTML with its math rendered, as plain text (the math as MathML reads it), and its math problems. */
export interface RenderedTitle {
  /** Undefined when the title has no formula: it is shown as the text it is. */
  html: string | undefined;
  /** For `<title>`, metadata and search: `$\infty$-former` is "∞-former". */
  text: string;
  /** Formulas KaTeX cannot render, with their column in the title. */
  math: MathProblem[];
}

const titles = new Map<string, RenderedTitle>();

/** Renders a paper's title; the results are kept for the process, as titles are shown on many pages. */
export function renderTitle(title: string): RenderedTitle {
  if (!title.includes('$')) return { html: undefined, text: title, math: [] };
  let result = titles.get(title);
  if (result) return result;
  const html: string[] = [];
  const text: string[] = [];
  const math: MathProblem[] = [];
  let last = 0;
  for (const match of title.matchAll(TITLE_MATH)) {
    const before = title.slice(last, match.index).replace(/\\\$/g, '$');
    const tex = match[1]!;
    const rendered = renderTex(tex, false);
    if (rendered.error) math.push({ line: 1, column: match.index + 1, message: rendered.error });
    html.push(escapeHtml(before), rendered.html);
    text.push(before, rendered.error ? tex : texText(tex));
    last = match.index + match[0].length;
  }
  const rest = title.slice(last).replace(/\\\$/g, '$');
  // A title with no formula but a `\$` is shown with its dollar sign.
  const unchanged = last === 0 && rest === title;
  result = { html: unchanged ? undefined : html.join('') + escapeHtml(rest), text: text.join('') + rest, math };
  if (titles.size >= MAX_CACHED) titles.clear();
  titles.set(title, result);
  return result;
}

/** A title as HTML: its formulas rendered by KaTeX, the rest escaped. */
export function titleHtml(title: string): string {
  return renderTitle(title).html ?? escapeHtml(title);
}

/**
 * The title with each formula replaced by what `mask` makes of its TeX, and `\$` by a dollar sign:
 * for formats that write math their own way, such as BibTeX's `{$k$}-ary`.
 */
export function maskTitleMath(title: string, mask: (tex: string) => string): string {
  return title.replace(TITLE_MATH, (_, tex: string) => mask(tex)).replace(/\\\$/g, '$');
}
