import { readFileSync, readdirSync } from 'node:fs';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import rehypeKatex from 'rehype-katex';
import rehypeStringify from 'rehype-stringify';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Root } from 'mdast';
import { SKIP, visit } from 'unist-util-visit';
import { parseMdx, rehypeFocusableDisplayMath, renderMdx } from '../../src/lib/render';
import { KATEX_OPTIONS } from '../../src/lib/tex';
import { OUR_SURVEY, withoutComments } from '../helpers/survey';

// The build renders math by inserting KaTeX's HTML directly, which is much faster than
// rehype-katex (it parses KaTeX's HTML back into a tree). Both must give the same page, and the
// same as Astro's own pipeline for `src/pages/*.mdx` (astro.config.mjs), display math focusable.
// MDX compiles a comment (`{/* ... */}`, such as the notes template `new-paper` writes) to nothing.
const remarkDropComments = () => (tree: Root) => {
  visit(tree, ['mdxFlowExpression', 'mdxTextExpression'], (_node, index, parent) => {
    parent!.children.splice(index!, 1);
    return [SKIP, index!];
  });
};
const reference = unified().use(remarkDropComments).use(remarkRehype).use(rehypeKatex, KATEX_OPTIONS).use(rehypeFocusableDisplayMath).use(rehypeStringify);
const normalize = (html: string) => toHtml(fromHtml(html, { fragment: true }));

const read = (dir: string) =>
  readdirSync(dir).map((name) => {
    const source = readFileSync(`${dir}/${name}`, 'utf8');
    const [, front = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(source) ?? [];
    return { name, body, abstract: (parse(front) as { abstract: string }).abstract };
  });
const hasMath = (p: { body: string; abstract: string }) => withoutComments(p.body).includes('$') || p.abstract.includes('$');
const withMath = read('content/papers').filter(hasMath);
// Math written here too, so that the comparison runs for a survey without any.
const sample = {
  name: 'a sample of inline and display math',
  body:
    'Notes with $\\frac{a}{b}$ and $O(n \\log n)$, and a formula of their own:\n\n$$\n\\mathcal{L}(\\theta) = \\sum_{i=1}^{n} \\lVert x_i - \\hat{x}_i \\rVert_2^2\n$$\n\n' +
    // The notes template new-paper writes, which a contributor may leave in place.
    '{/*\nCurator\'s notes (optional). Math is written $...$.\n*/}\n',
  abstract: 'We scale to $2^{20}$ tokens with $\\alpha < 1$.',
};

describe('math rendering', () => {
  it.runIf(OUR_SURVEY)("covers the first survey's papers with math", () => expect(withMath.length).toBeGreaterThan(20));

  it.each([...withMath, sample].map((p) => [p.name, p] as const))('renders %s as rehype-katex does', async (_name, paper) => {
    for (const text of [paper.body, paper.abstract]) {
      // Our renderer also gives external links rel values; the reference pipeline does not.
      const ours = renderMdx(parseMdx(text), { base: '/' }).html.replaceAll(' rel="noopener noreferrer"', '');
      const theirs = String(await reference.run(parseMdx(text)).then((tree) => reference.stringify(tree)));
      expect(normalize(ours)).toBe(normalize(theirs));
    }
  });
});
