import { readFileSync, readdirSync } from 'node:fs';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import rehypeKatex from 'rehype-katex';
import rehypeStringify from 'rehype-stringify';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KATEX_OPTIONS, parseMdx, rehypeFocusableDisplayMath, renderMdx } from '../../src/lib/render';

// The build renders math by inserting KaTeX's HTML directly, which is much faster than
// rehype-katex (it parses KaTeX's HTML back into a tree). Both must give the same page, and the
// same as Astro's own pipeline for `src/pages/*.mdx` (astro.config.mjs), display math focusable.
const reference = unified().use(remarkRehype).use(rehypeKatex, KATEX_OPTIONS).use(rehypeFocusableDisplayMath).use(rehypeStringify);
const normalize = (html: string) => toHtml(fromHtml(html, { fragment: true }));

const papers = readdirSync('content/papers').map((name) => {
  const source = readFileSync(`content/papers/${name}`, 'utf8');
  const [, front = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(source) ?? [];
  return { name, body, abstract: (parse(front) as { abstract: string }).abstract };
});
const withMath = papers.filter((p) => p.body.includes('$') || p.abstract.includes('$'));

describe('math rendering', () => {
  it('covers papers with math', () => expect(withMath.length).toBeGreaterThan(20));

  it.each(withMath.map((p) => [p.name, p] as const))('renders %s as rehype-katex does', async (_name, paper) => {
    for (const text of [paper.body, paper.abstract]) {
      // Our renderer also gives external links rel values; the reference pipeline does not.
      const ours = renderMdx(parseMdx(text), { base: '/' }).html.replaceAll(' rel="noopener noreferrer"', '');
      const theirs = String(await reference.run(parseMdx(text)).then((tree) => reference.stringify(tree)));
      expect(normalize(ours)).toBe(normalize(theirs));
    }
  });
});
