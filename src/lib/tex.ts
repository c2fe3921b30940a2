import type { ElementContent, Root as HastRoot } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import katex from 'katex';
import { escapeHtml } from './html';

/**
 * The largest length, in em, a formula may size or move anything by. KaTeX caps larger ones
 * (`maxSize`), but not negative ones (`\kern-40em` moves text over its neighbours), so the check
 * refuses any length beyond it (`lengthBeyondLimit`), and `\rule{100em}{100em}` in a title cannot
 * fill the pages that list it.
 */
export const MAX_SIZE_EM = 5;

/**
 * KaTeX settings shared by the build and the check: errors on, strict, no `\href` and friends,
 * sizes capped, and macros expanded at most KaTeX's default 1,000 times (which stops `\def` bombs).
 */
export const KATEX_OPTIONS = { strict: 'error', trust: false, output: 'htmlAndMathml', maxSize: MAX_SIZE_EM, maxExpand: 1000 } as const;

/**
 * KaTeX's display-mode HTML, made focusable. Display math scrolls sideways when it is wider than
 * the screen (a phone's, often), and a region that scrolls must take keyboard focus to be scrolled
 * without a mouse (WCAG 2.1.1): each display formula is a stop of the Tab key.
 */
function focusableDisplay(html: string): string {
  return html.replace(/^<span class="katex-display">/, '<span class="katex-display" tabindex="0">');
}

const rendered = new Map<string, { html: string; error?: string }>();
export const MAX_CACHED = 50_000;

/**
 * KaTeX's HTML for `tex`, or the reason it cannot be rendered in strict mode. Formulas repeat
 * across papers ($\mathcal{O}(n)$, $p(x_t \mid x_{<t})$), so results are kept for the process.
 */
export function renderTex(tex: string, display: boolean): { html: string; error?: string } {
  const key = `${display ? 'D' : 'I'}${tex}`;
  let result = rendered.get(key);
  if (!result) {
    try {
      // With `trust` off, KaTeX draws `\href`, `\includegraphics` or `\htmlClass` as red source
      // text without an error: note each, to refuse it as a formula that cannot be rendered.
      const refused: string[] = [];
      const trust = ({ command }: { command: string }) => (refused.push(command), false);
      const html = katex.renderToString(tex, { ...KATEX_OPTIONS, trust, displayMode: display, throwOnError: true });
      if (refused.length > 0) throw new Error(`${[...new Set(refused)].join(', ')} cannot be used: the survey's math shows no links, images or HTML`);
      const beyond = lengthBeyondLimit(tex, display);
      if (beyond) throw new Error(`${beyond.number}${beyond.unit} is a length beyond ±${MAX_SIZE_EM}em, the most a formula may size or move anything by (\\rule, \\kern, \\hspace, \\raisebox, a row's gap)`);
      result = { html: display ? focusableDisplay(html) : html };
    } catch (error) {
      const reason = katexReason(error);
      result = { html: `<span class="math-error" title="${escapeHtml(reason)}">${escapeHtml(tex)}</span>`, error: reason };
    }
    if (rendered.size >= MAX_CACHED) rendered.clear();
    rendered.set(key, result);
  }
  return result;
}

/** A length as KaTeX's parse tree holds it: `\kern-40em` is `{ number: -40, unit: 'em' }`. */
type Measurement = { number: number; unit: string };

/** TeX points in one of each absolute unit, as KaTeX has them (katex/src/units.ts). */
const PT_PER_UNIT: Readonly<Record<string, number>> = {
  pt: 1, mm: 7227 / 2540, cm: 7227 / 254, in: 72.27, bp: 803 / 800, pc: 12, dd: 1238 / 1157, cc: 14856 / 1157, nd: 685 / 642, nc: 1370 / 107, sp: 1 / 65536, px: 803 / 800,
};

/** A length in em at the normal size: KaTeX has 10 pt to the em, 18 mu, and an x-height of 0.431 em. */
function inEm({ number, unit }: Measurement): number {
  if (unit === 'em') return number;
  if (unit === 'mu') return number / 18;
  if (unit === 'ex') return number * 0.431;
  return (number * (PT_PER_UNIT[unit] ?? 1)) / 10;
}

/**
 * The first length `tex` writes beyond `MAX_SIZE_EM` either way, or undefined. Read from KaTeX's
 * parse tree, whatever the command or macro (`\def\k{\kern-40em}`) that wrote it: KaTeX exports
 * its parser as `__parse` for tools such as this one.
 */
function lengthBeyondLimit(tex: string, display: boolean): Measurement | undefined {
  const parse = (katex as unknown as { __parse: (tex: string, settings: object) => unknown }).__parse;
  const pending: unknown[] = [parse(tex, { ...KATEX_OPTIONS, displayMode: display })];
  while (pending.length > 0) {
    const node = pending.pop();
    if (!node || typeof node !== 'object') continue;
    const { number, unit } = node as Partial<Measurement>;
    if (typeof number === 'number' && typeof unit === 'string' && Math.abs(inEm({ number, unit })) > MAX_SIZE_EM) return { number, unit };
    // `loc` points back into the source, not at more of the formula.
    for (const [key, value] of Object.entries(node)) if (key !== 'loc') pending.push(value);
  }
  return undefined;
}

function katexReason(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  return text.replace(/^KaTeX parse error:\s*/, '').replace(/\u0332/g, '').split('\n')[0]!;
}

/** What a formula reads as in plain text: the characters of its MathML, `n^2` and `x_t` for its scripts. */
export function texText(tex: string): string {
  return cachedRead(texTexts, tex, true);
}

/**
 * The characters of a formula's MathML run together, `n2` and `xt` for its scripts: the words
 * Pagefind reads in the formula on a page, which the offline edition indexes and quotes the same.
 */
export function mathText(tex: string): string {
  return cachedRead(mathTexts, tex, false);
}

// Titles, feeds and pages read the same formulas again and again.
const texTexts = new Map<string, string>();
const mathTexts = new Map<string, string>();

function cachedRead(cache: Map<string, string>, tex: string, scripts: boolean): string {
  let text = cache.get(tex);
  if (text === undefined) {
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(tex, (text = readTex(tex, scripts)));
  }
  return text;
}

/** A formula's MathML as text; `scripts` marks sub- and superscripts, fractions and roots. */
function readTex(tex: string, scripts: boolean): string {
  const group = (text: string) => (text.length > 1 ? `(${text})` : text);
  const read = (node: ElementContent | HastRoot): string => {
    if (node.type === 'text') return node.value;
    if ((node.type !== 'element' && node.type !== 'root') || (node.type === 'element' && node.tagName === 'annotation')) return '';
    const parts = node.children.map((child) => read(child as ElementContent));
    switch (scripts && node.type === 'element' ? node.tagName : '') {
      case 'msup':
        return `${parts[0]}^${group(parts[1] ?? '')}`;
      case 'msub':
        return `${parts[0]}_${group(parts[1] ?? '')}`;
      case 'msubsup':
        return `${parts[0]}_${group(parts[1] ?? '')}^${group(parts[2] ?? '')}`;
      case 'mfrac':
        return `${group(parts[0] ?? '')}/${group(parts[1] ?? '')}`;
      case 'msqrt':
        return `√${group(parts.join(''))}`;
      default:
        return parts.join('');
    }
  };
  return read(fromHtml(katex.renderToString(tex, { ...KATEX_OPTIONS, output: 'mathml', throwOnError: true }), { fragment: true }));
}
