import type { Root as HastRoot } from 'hast';
import type { Heading, Link, Nodes, Root, RootContent } from 'mdast';
import rehypeKatex from 'rehype-katex';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { toString } from 'mdast-util-to-string';
import { unified } from 'unified';
import { SKIP, visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { ALLOWED_ELEMENTS, isCommentOnly, isExternal } from './mdx';

/** KaTeX settings shared by the build and the check: errors on, strict, no `\href` and friends. */
export const KATEX_OPTIONS = { strict: 'error', trust: false, output: 'htmlAndMathml' } as const;

/** Parses an MDX body (Markdown + JSX + GFM + math). Parsing runs nothing. */
const mdxParser = unified().use(remarkParse).use(remarkMdx).use(remarkGfm).use(remarkMath).freeze();

/** Parses a front-matter string such as an abstract: Markdown with math, raw HTML kept as text. */
const textParser = unified()
  .use(remarkParse)
  .use(remarkGfm, { singleTilde: false })
  .use(remarkMath)
  .freeze();

const toHtml = unified()
  .use(remarkRehype)
  .use(rehypeKatex, KATEX_OPTIONS)
  .use(rehypeStringify)
  .freeze();

/** Parses an MDX body; throws the parser's positioned message on a syntax error. */
export function parseMdx(body: string): Root {
  return mdxParser.parse(body);
}

/**
 * The words of a tree as plain text, without math: what a full-text index should see. Pagefind
 * skips KaTeX output too, so both search engines index the same words.
 */
export function plainText(tree: Root): string {
  const copy = structuredClone(tree);
  visit(copy, (node, index, parent) => {
    if ((node.type === 'math' || node.type === 'inlineMath') && parent && index !== undefined) {
      parent.children.splice(index, 1, { type: 'text', value: ' ' });
    }
  });
  return toString(copy, { includeImageAlt: false }).replace(/\s+/g, ' ').trim();
}

/** A tree holding only the math of `tree`, positions kept: enough to check the TeX of an unsafe body. */
export function mathOnly(tree: Root): Root {
  const math: Root = { type: 'root', children: [] };
  visit(tree, (node) => {
    if (node.type === 'math') math.children.push(node);
    if (node.type === 'inlineMath') math.children.push({ type: 'paragraph', children: [node] });
  });
  return math;
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
}

/**
 * Renders a checked MDX tree to HTML: allowed elements become plain HTML, survey links get the
 * site's base, external links safe `rel` values, math KaTeX. Returns the math that failed.
 */
export async function renderMdx(tree: Root, options: RenderOptions) {
  prepareTree(tree, options);
  return toHtmlString(tree);
}

/**
 * Renders a front-matter string (an abstract, a one-line summary) with its math. Any HTML in it is
 * shown as text, never interpreted.
 */
export async function renderText(text: string, options: RenderOptions & { inline?: boolean }) {
  const tree = textParser.parse(text);
  const plain = plainText(tree);
  visit(tree, 'html', (node, index, parent) => {
    parent!.children.splice(index!, 1, { type: 'text', value: node.value });
  });
  prepareTree(tree, options);
  const result = await toHtmlString(tree);
  if (options.inline) result.html = result.html.replace(/^<p>([\s\S]*)<\/p>$/, '$1');
  return { ...result, text: plain };
}

async function toHtmlString(tree: Root) {
  const file = new VFile();
  const hast = (await toHtml.run(tree, file)) as HastRoot;
  const html = toHtml.stringify(hast, file);
  const math: MathProblem[] = file.messages
    .filter((m) => m.source === 'rehype-katex')
    .map((m) => ({
      line: m.place && 'start' in m.place ? m.place.start.line : (m.line ?? 1),
      column: m.place && 'start' in m.place ? m.place.start.column : (m.column ?? 1),
      message: katexReason(m.cause),
    }));
  return { html: String(html), math };
}

function prepareTree(tree: Root, { base, headingOffset = 0 }: RenderOptions) {
  visit(tree, (node: Nodes, index, parent) => {
    switch (node.type) {
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        if (parent && index !== undefined && isCommentOnly(node)) {
          parent.children.splice(index, 1);
          return [SKIP, index];
        }
        return undefined;
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
        rewriteLink(node, base);
        return undefined;
      default:
        return undefined;
    }
  });
}

function elementData(name: string, tag: string, attributes: Record<string, string>) {
  if (name === 'Aside') {
    const type = attributes['type'] ?? 'note';
    return { hName: 'div', hProperties: { className: ['callout', `callout-${type}`], role: 'note' } };
  }
  return { hName: tag, hProperties: attributes };
}

function rewriteLink(link: Link, base: string) {
  if (link.url.startsWith('/') && !link.url.startsWith('//')) {
    link.url = base.replace(/\/$/, '') + link.url;
  } else if (isExternal(link)) {
    link.data = { ...link.data, hProperties: { rel: ['noopener', 'noreferrer'] } };
  }
}

function katexReason(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  return text.replace(/^KaTeX parse error:\s*/, '').replace(/\u0332/g, '').split('\n')[0]!;
}
