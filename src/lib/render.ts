import { toHtml } from 'hast-util-to-html';
import type { Element as HastElement, Nodes as HastNodes } from 'hast';
import type { Heading, Link, Nodes, Paragraph, Root, RootContent } from 'mdast';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { toHast } from 'mdast-util-to-hast';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { SKIP, visit } from 'unist-util-visit';
import { ALLOWED_ELEMENTS, BLOCK_ELEMENTS, isCommentOnly, isExternal, isSafeUrl } from './mdx';
import { mathText, renderTex, texText } from './tex';

/** `focusableDisplay` for the pages Astro renders itself (`src/pages/*.mdx`): a rehype plugin to run after rehype-katex. */
export function rehypeFocusableDisplayMath() {
  return (tree: import('hast').Root) => {
    visit(tree, 'element', (node) => {
      const classes = node.properties['className'];
      if (Array.isArray(classes) && classes.includes('katex-display')) node.properties['tabIndex'] = 0;
    });
  };
}

/** Parses an MDX body (Markdown + JSX + GFM + math). Parsing runs nothing. */
const mdxParser = unified().use(remarkParse).use(remarkMdx).use(remarkGfm).use(remarkMath).freeze();

/** Parses a front-matter string such as an abstract: Markdown with math, raw HTML kept as text. */
const textParser = unified()
  .use(remarkParse)
  .use(remarkGfm, { singleTilde: false })
  .use(remarkMath)
  .freeze();

/** Parses an MDX body; throws the parser's positioned message on a syntax error. */
export function parseMdx(body: string): Root {
  return mdxParser.parse(body);
}

/**
 * How deep a text's Markdown may nest: quotations, lists and elements inside one another. No page
 * needs a tenth of it; far more (3,000 `>`) would overflow the stack of every walk of the tree
 * after the parser's own.
 */
export const MAX_DEPTH = 100;

/**
 * The first node of `tree` nested deeper than `MAX_DEPTH`, or undefined. Walked with a list of its
 * own, not by recursion, so that a tree of any depth is measured.
 */
export function tooDeep(tree: Root): Nodes | undefined {
  const pending: [Nodes, number][] = [[tree, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, depth] = next;
    if (depth > MAX_DEPTH) return node;
    if ('children' in node) for (const child of node.children) pending.push([child, depth + 1]);
  }
  return undefined;
}

/** Whether `error` is the JavaScript engine running out of stack, as a parser does on a deep enough text. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** Block-level node types: their text is kept apart from the text around them. */
const BLOCKS = new Set(['root', 'paragraph', 'heading', 'blockquote', 'list', 'listItem', 'table', 'tableRow', 'tableCell', 'code', 'math', 'mdxJsxFlowElement', 'thematicBreak']);
/** Nodes whose content is not prose: MDX code (which the check rejects anyway). */
const NOT_TEXT = new Set(['mdxjsEsm', 'mdxFlowExpression', 'mdxTextExpression']);

/**
 * The words of a tree as plain text: what a full-text index should see. A formula reads as the
 * characters of its MathML run together (`O(CΦ/m+CΨ/n)`), as Pagefind reads it on the page, so both
 * search engines index and quote the same words; one KaTeX cannot render reads as nothing.
 */
export function plainText(tree: Root): string {
  const text = (node: Nodes): string => {
    if (NOT_TEXT.has(node.type)) return ' ';
    if (node.type === 'math' || node.type === 'inlineMath') return renderTex(node.value, node.type === 'math').error ? ' ' : mathText(node.value);
    if ('value' in node) return node.value;
    if (!('children' in node)) return '';
    return node.children.map((child) => (BLOCKS.has(child.type) ? ` ${text(child)} ` : text(child))).join('');
  };
  return text(tree).replace(/\s+/g, ' ').trim();
}

/** Every math problem of a tree, without rendering anything else: for a body refused as unsafe. */
export function checkMath(tree: Root): MathProblem[] {
  const problems: MathProblem[] = [];
  visit(tree, (node) => {
    if (node.type === 'math' || node.type === 'inlineMath') {
      const { error } = renderTex(node.value, node.type === 'math');
      if (error) problems.push({ ...startOf(node), message: error });
    }
  });
  return problems;
}

/**
 * Inline formulas that read as dollar amounts: "costs $5 and $10" parses as the formula "5 and "
 * followed by "10". Pandoc's rule tells most apart: a formula neither starts nor ends with a space,
 * and no digit follows its closing dollar; the last part only for a formula that starts with a digit
 * here, since abstracts write "$\sim$0.1". Returns each such formula's place in `source`, the text
 * the tree was parsed from.
 */
export function dollarAmounts(tree: Root, source: string): MathProblem[] {
  const found: MathProblem[] = [];
  visit(tree, 'inlineMath', (node) => {
    const after = source.charAt(node.position?.end.offset ?? -1);
    if (/^\s|\s$/.test(node.value) || (/^\d/.test(node.value) && /\d/.test(after))) {
      const end = node.position?.end.offset ?? 0;
      const word = /^[\p{L}\p{N}]*/u.exec(source.slice(end))![0];
      found.push({ ...startOf(node), message: `${source.slice(node.position?.start.offset ?? 0, end)}${word}`.replace(/\s+/g, ' ') });
    }
  });
  return found;
}

/** A math problem found while rendering, at a line and column of the rendered text. */
export interface MathProblem {
  line: number;
  column: number;
  message: string;
}

/** What rendering needs to know about the site. */
export interface RenderOptions {
  /** Astro's `base`, with a trailing slash: `/` or `/survey/`. */
  base: string;
  /** Added to every heading level: notes under a page's own h2 start at h3. */
  headingOffset?: number;
  /** Math as the text its MathML reads (`256×256`, `O(n^2)`), for feed readers, which show no KaTeX. */
  mathAsText?: boolean;
  /**
   * Put before the ids the HTML gets (footnotes' and their label's), for a text shown on the page
   * of another (an abstract above the notes): two sets of footnotes would share ids.
   */
  idPrefix?: string;
}

/**
 * Renders a checked MDX tree to HTML: allowed elements become plain HTML, survey links get the
 * site's base, external links safe `rel` values, math KaTeX. Returns the math that failed.
 */
export function renderMdx(tree: Root, options: RenderOptions) {
  const math = prepareTree(tree, options);
  return { html: toHtmlString(tree), math };
}

/** An inline formula with nothing but text around it: `$...$`, no `$` or backslash outside. */
const INLINE_MATH = /\$((?:[^$\\]|\\.)+?)\$/g;

/** A formula as the text its MathML reads, or as written when KaTeX cannot read it. */
function readTex(tex: string): string {
  return renderTex(tex, false).error ? tex : texText(tex);
}

/** Characters that make a string more than plain text for Markdown, math or autolinks. */
const MARKUP = /[$*_`[\]<>&\\~|#!]|https?:|www\.|^\s*([-+]|\d+[.)])\s|\n\s*\n/;

/** A front-matter string rendered, with what the check needs to know about it. */
export interface RenderedText {
  html: string;
  math: MathProblem[];
  /** The text without math, for the search index. */
  text: string;
  urls: TextUrl[];
  dollars: MathProblem[];
  /** The types of its top-level Markdown blocks (`paragraph`, `list`). */
  blocks: string[];
  /** Where the text nests deeper than `MAX_DEPTH`, if it does: it is then shown as plain text. */
  deep?: { line: number; column: number } | undefined;
}

/**
 * Renders a front-matter string (an abstract, a one-line summary) with its math. Any HTML in it is
 * shown as text, never interpreted.
 */
export function renderText(text: string, options: RenderOptions & { inline?: boolean }): RenderedText {
  const asText = (value: string) => {
    const escaped = toHtml({ type: 'text', value });
    return { html: options.inline ? escaped : `<p>${escaped}</p>`, math: [], text: value.replace(/\s+/g, ' '), urls: [], dollars: [], blocks: ['paragraph'] };
  };
  // Prose with formulas, the usual abstract, read by a feed: the formulas as text, and no parser
  // (a Markdown parse per abstract cost seconds for the feeds of a 10,000-paper survey).
  if (options.mathAsText && !MARKUP.test(text.replace(INLINE_MATH, ' '))) {
    return asText(text.replace(INLINE_MATH, (_, tex: string) => readTex(tex)).trim());
  }
  // Plain prose, the usual one-line summary, needs no parser.
  if (!MARKUP.test(text)) return asText(text.trim());
  const tree = parseDeepText(text);
  const deep = tree && tooDeep(tree);
  // Too deep to walk: shown as text, and reported by the check.
  if (!tree || deep) return { ...asText(text.trim()), deep: startOf(deep ?? {}) };
  // What Markdown made of the text, block by block: a one-line summary must stay one paragraph.
  const blocks = tree.children.map((node) => node.type);
  const plain = plainText(tree);
  const dollars = dollarAmounts(tree, text);
  const urls: TextUrl[] = [];
  visit(tree, (node) => {
    if (node.type === 'link' || node.type === 'definition' || node.type === 'image') {
      urls.push({ url: node.url, what: node.type === 'image' ? 'image' : 'link', ...startOf(node) });
    }
  });
  visit(tree, 'html', (node, index, parent) => {
    parent!.children.splice(index!, 1, { type: 'text', value: node.value });
  });
  const math = prepareTree(tree, options);
  let html = toHtmlString(tree, options.idPrefix);
  if (options.inline) html = html.replace(/^<p>([\s\S]*)<\/p>$/, '$1');
  return { html, math, text: plain, urls, dollars, blocks };
}

/** A front-matter string as Markdown; undefined when it nests so deep that the parser ran out of stack. */
function parseDeepText(text: string): Root | undefined {
  try {
    return textParser.parse(text);
  } catch (error) {
    if (isStackOverflow(error)) return undefined;
    throw error;
  }
}

/** A URL in a front-matter string, at a line and column of the string, for the check's URL rules. */
export interface TextUrl {
  url: string;
  what: 'link' | 'image';
  line: number;
  column: number;
}

// KaTeX output replaces each math node as raw HTML: parsing it back into a tree (what rehype-katex
// does) costs more than rendering it. Only math nodes become raw: an MDX body has no HTML nodes, and
// a front-matter string's HTML was turned into text above.
function toHtmlString(tree: Root, idPrefix = ''): string {
  const hast = toHast(tree, { allowDangerousHtml: true, clobberPrefix: `user-content-${idPrefix}` });
  // mdast-util-to-hast names the footnotes' heading `footnote-label` whatever the prefix.
  if (idPrefix) {
    visit(hast, 'element', (node) => {
      if (node.properties['id'] === 'footnote-label') node.properties['id'] = `${idPrefix}footnote-label`;
      const described = node.properties['ariaDescribedBy'];
      if (Array.isArray(described)) node.properties['ariaDescribedBy'] = described.map((id) => (id === 'footnote-label' ? `${idPrefix}footnote-label` : id));
    });
  }
  frameBlocks(hast);
  return toHtml(hast, { allowDangerousHtml: true });
}

/**
 * A table or a code block wider than a phone scrolls sideways in a box of its own instead of
 * widening the page (WCAG 1.4.10 allows it for both). The box takes keyboard focus, so it scrolls
 * without a mouse; a table's frame is named by its column headings, as the results tables' frames
 * are named by their heading (TableScroll.astro), and styled as they are (global.css).
 */
function frameBlocks(tree: HastNodes): void {
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName === 'pre') {
      node.properties['tabIndex'] = 0;
      return SKIP;
    }
    // A column's alignment (`| ---: |`) as a class: HTML has deprecated the align attribute, which
    // the site's HTML check refuses, and the stylesheet's text-align overrode it anyway.
    if ((node.tagName === 'th' || node.tagName === 'td') && typeof node.properties['align'] === 'string') {
      node.properties['className'] = [`align-${node.properties['align']}`];
      delete node.properties['align'];
      return undefined;
    }
    if (node.tagName !== 'table' || !parent || index === undefined) return undefined;
    const headings = node.children.find((child): child is HastElement => child.type === 'element' && child.tagName === 'thead');
    const names = headings ? textOf(headings).split('\t').map((name) => name.trim()).filter(Boolean) : [];
    parent.children[index] = {
      type: 'element',
      tagName: 'div',
      properties: { className: ['table-wrap', 'table-scroll', 'prose-table'], role: 'group', tabIndex: 0, ariaLabel: names.length ? `Table: ${names.join(', ')}` : 'Table' },
      children: [node],
    };
    // On into the table's cells; the frame, which took its place, is not visited.
    return undefined;
  });
}

/** The text of a table's head, its cells apart by tabs. */
function textOf(node: HastNodes): string {
  if (node.type === 'text') return node.value;
  if (node.type !== 'element') return '';
  const text = node.children.map((child) => textOf(child)).join('');
  return node.tagName === 'th' || node.tagName === 'td' ? `${text}\t` : text;
}

function startOf(node: { position?: { start: { line: number; column: number } } | undefined }) {
  return { line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
}

function prepareTree(tree: Root, { base, headingOffset = 0, mathAsText = false }: RenderOptions): MathProblem[] {
  const math: MathProblem[] = [];
  visit(tree, (node: Nodes, index, parent) => {
    switch (node.type) {
      case 'math':
      case 'inlineMath': {
        const { html, error } = renderTex((node as { value: string }).value, node.type === 'math');
        if (error) math.push({ ...startOf(node), message: error });
        const rendered = mathAsText ? { type: 'text', value: readTex(node.value) } : { type: 'html', value: html };
        if (parent && index !== undefined) parent.children.splice(index, 1, rendered as never);
        return SKIP;
      }
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        if (parent && index !== undefined && isCommentOnly(node)) {
          parent.children.splice(index, 1);
          return [SKIP, index];
        }
        return undefined;
      case 'paragraph': {
        // `<Aside title="…">Text.</Aside>` on a line of its own parses as a paragraph holding the
        // element: HTML allows no box in a paragraph, so the element takes the paragraph's place.
        const block = loneBlockElement(node);
        if (!block || !parent || index === undefined) return undefined;
        parent.children.splice(index, 1, asBlock(block) as never);
        return [SKIP, index];
      }
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement': {
        const allowed = node.name ? ALLOWED_ELEMENTS[node.name] : undefined;
        if (!allowed) return undefined;
        const attributes = Object.fromEntries(
          node.attributes.flatMap((a) =>
            a.type === 'mdxJsxAttribute' && typeof a.value !== 'object' ? [[a.name, a.value ?? '']] : [],
          ),
        );
        node.data = { ...node.data, ...elementData(node.name!, allowed.tag, attributes) };
        if (node.name === 'Aside' && attributes['title']) {
          (node.children as RootContent[]).unshift({
            type: 'paragraph',
            data: { hProperties: { className: ['callout-title'] } },
            children: [{ type: 'strong', children: [{ type: 'text', value: attributes['title'] }] }],
          });
        }
        return undefined;
      }
      case 'heading':
        (node as Heading).depth = Math.min(6, node.depth + headingOffset) as Heading['depth'];
        return undefined;
      case 'link':
      case 'image':
      case 'definition':
        // The check refuses these URLs; should one get here all the same, it is not rendered.
        if (!isSafeUrl(node.url)) {
          if (node.type === 'definition') node.url = '#';
          else if (parent && index !== undefined) {
            parent.children.splice(index, 1, ...(node.type === 'link' ? node.children : [{ type: 'text', value: node.alt ?? '' }]) as never[]);
            return index;
          }
          return undefined;
        }
        if (node.type === 'link') rewriteLink(node, base);
        // An image (a file of public/) and a reference's target are written from the root too.
        else if (isRootPath(node.url)) node.url = base.replace(/\/$/, '') + node.url;
        return undefined;
      default:
        return undefined;
    }
  });
  return math;
}

const blank = (node: RootContent) => node.type === 'text' && !node.value.trim();

/** The Aside, details or summary a paragraph holds alone, if it does. */
function loneBlockElement(paragraph: Paragraph): MdxJsxTextElement | undefined {
  const content = paragraph.children.filter((child) => !blank(child));
  const [only] = content;
  return content.length === 1 && only?.type === 'mdxJsxTextElement' && BLOCK_ELEMENTS.has(only.name ?? '') ? only : undefined;
}

/**
 * An element written in a line as a block: an Aside's or a details' text goes into paragraphs (a
 * details' summary stays first, on its own); a summary holds its text as it is.
 */
function asBlock(element: MdxJsxTextElement): MdxJsxFlowElement {
  if (element.name === 'summary') return { ...element, type: 'mdxJsxFlowElement', children: element.children as never };
  const children: RootContent[] = [];
  for (const child of element.children) {
    const last = children.at(-1);
    if (child.type === 'mdxJsxTextElement' && BLOCK_ELEMENTS.has(child.name ?? '')) children.push(asBlock(child));
    else if (last?.type === 'paragraph') last.children.push(child);
    else if (!blank(child)) children.push({ type: 'paragraph', children: [child] });
  }
  return { ...element, type: 'mdxJsxFlowElement', children: children as never };
}

function elementData(name: string, tag: string, attributes: Record<string, string>) {
  if (name === 'Aside') {
    const type = attributes['type'] ?? 'note';
    return { hName: 'div', hProperties: { className: ['callout', `callout-${type}`], role: 'note' } };
  }
  return { hName: tag, hProperties: attributes };
}

const isRootPath = (url: string) => url.startsWith('/') && !url.startsWith('//');

function rewriteLink(link: Link, base: string) {
  if (isRootPath(link.url)) {
    link.url = base.replace(/\/$/, '') + link.url;
  } else if (isExternal(link)) {
    link.data = { ...link.data, hProperties: { rel: ['noopener', 'noreferrer'] } };
  }
}
