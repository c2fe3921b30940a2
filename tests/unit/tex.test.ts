import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { compilePaper } from '../../src/lib/compile';
import { KATEX_OPTIONS, renderTex } from '../../src/lib/tex';
import { mdx, validPaper } from '../helpers/content';

const refusal = (length: string) => `${length} is a length beyond ±5em, the most a formula may size or move anything by (\\rule, \\kern, \\hspace, \\raisebox, a row's gap)`;

describe('the size of what a formula draws', () => {
  it('is capped at 5em by KaTeX itself, whatever the TeX asks for', () => {
    const html = katex.renderToString('\\rule{100em}{100em}', { ...KATEX_OPTIONS, throwOnError: true });
    expect(html).toContain('border-right-width:5em;border-top-width:5em;');
    expect(html).not.toMatch(/[:"]100em/);
  });

  it.each([
    ['\\rule{100em}{100em}', '100em'],
    ['\\kern-40em\\text{FAKE}', '-40em'],
    ['\\kern-5000pt x', '-5000pt'],
    ['\\mkern-720mu x', '-720mu'],
    ['\\hspace{-40em} x', '-40em'],
    ['\\raisebox{-40em}{x}', '-40em'],
    ['\\rule[-40em]{1em}{1em}', '-40em'],
    ['\\begin{matrix} a \\\\[-40em] b \\end{matrix}', '-40em'],
    ['\\def\\k{\\kern-40em}\\k x', '-40em'],
  ])('is refused beyond ±5em either way, which KaTeX does not cap below: %s', (tex, length) => {
    expect(renderTex(tex, false).error).toBe(refusal(length));
  });

  it.each(['\\qquad x \\quad y \\! z', '\\hspace{2em} x \\kern-0.5em y', '\\rule{5em}{1pt}', 'x \\mkern-18mu y', '\\frac{a}{b}'])('is as the TeX asks within ±5em: %s', (tex) => {
    expect(renderTex(tex, false).error).toBeUndefined();
  });

  it('is refused in a title, which the home page, topic pages and the paper list all show', async () => {
    const paper = await compilePaper('content/papers/x.mdx', mdx({ ...validPaper, title: 'Title P13 $\\rule{100em}{100em}$' }, 'Body.'), { base: '/' });
    expect(paper.issues.map((i) => [i.rule, i.line, i.message])).toEqual([['math', 2, `title: KaTeX cannot render this math: ${refusal('100em')}.`]]);
  });
});

describe('a formula in the text the offline edition searches and quotes', () => {
  it('reads as its MathML characters run together, as Pagefind reads it on the page, in the abstract and the notes', async () => {
    const abstract = 'An excess risk of $O(\\mathcal{C}_\\Phi/m+\\mathcal{C}_\\Psi/n)$ where $\\Phi, \\Psi$ are classes.';
    const paper = await compilePaper('content/papers/x.mdx', mdx({ ...validPaper, abstract }, 'Before\n\n$$\ny_t = \\sum_{i=1}^p w_i\n$$\n\nafter.'), { base: '/' });
    expect(paper.issues).toEqual([]);
    // Not a hole where each formula was ("an excess risk of  where ,  are classes").
    expect(paper.abstractText).toBe('An excess risk of O(CΦ/m+CΨ/n) where Φ,Ψ are classes.');
    expect(paper.text).toBe('Before yt=∑i=1pwi after.');
    expect(paper.terms.split(' ')).toEqual(expect.arrayContaining(['cφ', 'φ', 'ψ', 'pwi']));
  });

  it('reads as nothing when KaTeX cannot render it, which the check reports', async () => {
    const paper = await compilePaper('content/papers/x.mdx', mdx(validPaper, 'See $\\frac{a}$ here.'), { base: '/' });
    expect(paper.issues.map((i) => i.rule)).toEqual(['math']);
  });
});
