import { describe, expect, it } from 'vitest';
import { renderTitle, titleHtml } from '../../src/lib/title';
import { MATH_ERROR } from '../helpers/dist';

describe('renderTitle', () => {
  it('renders the formulas of an arXiv title and reads them as text elsewhere', () => {
    const title = renderTitle('$\\infty$-former: Scaling $\\mathcal{O}(n^2)$ attention to $10^6$ tokens');
    expect(title.html).toMatch(/^<span class="katex">/);
    expect(title.html).toContain('-former: Scaling <span class="katex">');
    expect(title.html).not.toContain('$');
    expect(title.html).not.toMatch(MATH_ERROR);
    expect(title.text).toBe('∞-former: Scaling O(n^2) attention to 10^6 tokens');
    expect(title.math).toEqual([]);
  });

  it('renders a formula that ends with an escaped character', () => {
    for (const [title, text] of [
      ['Learning $\\{0,1\\}$-valued Functions', 'Learning {0,1}-valued Functions'],
      ['Top-$5\\%$ Accuracy', 'Top-5% Accuracy'],
      ['A $\\$$ Sign', 'A $ Sign'],
    ]) {
      const rendered = renderTitle(title!);
      expect(rendered.html, title).toMatch(/<span class="katex">/);
      expect(rendered.text).toBe(text);
      expect(rendered.math).toEqual([]);
    }
    // An escaped dollar still closes nothing: "$a\$" is text.
    expect(renderTitle('From $a\\$ on').html).toBe('From $a$ on');
  });

  it('gives every title as HTML, escaped where it has no math', () => {
    expect(titleHtml('Tom & Jerry <3')).toBe('Tom &amp; Jerry &lt;3');
    expect(titleHtml('$k$-ary')).toBe(renderTitle('$k$-ary').html);
  });

  it('leaves a title without math as it is', () => {
    expect(renderTitle('Visual Autoregressive Modeling')).toEqual({ html: undefined, text: 'Visual Autoregressive Modeling', math: [] });
    expect(renderTitle('Models for $5 and $10').html).toBeUndefined();
  });

  it('shows an escaped dollar as a dollar and escapes the text around a formula', () => {
    expect(renderTitle('A \\$5 model')).toMatchObject({ html: 'A $5 model', text: 'A $5 model' });
    const title = renderTitle('$k$-ary <trees> & \\$1');
    expect(title.html).toMatch(/-ary &lt;trees&gt; &amp; \$1$/);
    expect(title.text).toBe('k-ary <trees> & $1');
  });

  it('reports a formula KaTeX cannot render, at its column', () => {
    const title = renderTitle('Bad $\\frac{1}$ math');
    expect(title.math).toHaveLength(1);
    expect(title.math[0]).toMatchObject({ line: 1, column: 5 });
    expect(title.html).toMatch(MATH_ERROR);
  });
});
