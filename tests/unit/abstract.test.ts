import { describe, expect, it } from 'vitest';
import { latexToUnicode, normalizeAbstract } from '../../src/lib/abstract';

describe('normalizeAbstract', () => {
  it.each([
    // What arXiv abstracts carry, and what the survey stores.
    ['percent', String.raw`cuts memory by 50\% at no cost`, 'cuts memory by 50% at no cost'],
    ['accent over a dotless i', String.raw`a na\"{\i}ve baseline`, 'a naïve baseline'],
    ['accent, short form (SpaceTime, arXiv 2303.09489)', String.raw`we go from O(d ell) na\"ively to O(d + ell)`, 'we go from O(d ell) naïvely to O(d + ell)'],
    ['braced accents in names', String.raw`M{\"u}ller and Bj\"{o}rn and Erd\H{o}s and \c{c}a and {\o}`, 'Müller and Björn and Erdős and ça and ø'],
    ['e.g. and i.e. macros', String.raw`decoders, \eg{} LLaMA, \ie large ones`, 'decoders, e.g. LLaMA, i.e. large ones'],
    ['no double dot after a macro', String.raw`and so on \etc.`, 'and so on etc.'],
    ['arXiv URL placeholder', 'Code is available at {this https URL}.', 'Code is available at.'],
    ['unbraced URL placeholder', 'Models are released at this https URL', 'Models are released at'],
    ['emphasis commands', String.raw`a {\em strong} and \emph{weak} claim`, 'a strong and weak claim'],
    ['TeX quotes', "the ``judgements'' of the model", 'the "judgements" of the model'],
    ['protective braces', String.raw`beats {GPT}-4 and {{Llama}}`, 'beats GPT-4 and Llama'],
    ['ties and ellipses', String.raw`Section~3 shows\ldots`, 'Section 3 shows…'],
    ['a link', String.raw`see \href{https://example.org/x}{our site} for code`, 'see [our site](https://example.org/x) for code'],
    ['citations', String.raw`as in speculative decoding~\cite{leviathan2023} and \citep[p.~2]{chen2023}.`, 'as in speculative decoding and.'],
    ['a link with formatted text, and one without text', String.raw`see \href{https://example.org/a}{the \textbf{repo}} and \href{https://example.org/b}{}`, 'see [the repo](https://example.org/a) and [https://example.org/b](https://example.org/b)'],
    ['citations of other commands', String.raw`beats prior methods~\citealp{x}, baselines \parencite{z} and \Citet{w}'s model.`, "beats prior methods, baselines and's model."],
    ['whitespace and line breaks', '  We present\n  a model\tthat  works.  ', 'We present a model that works.'],
  ])('%s', (_, input, expected) => {
    expect(normalizeAbstract(input)).toBe(expected);
  });

  it.each([
    ['inline math stays as written', String.raw`error $\epsilon \% 2$ drops 10\%`, String.raw`error $\epsilon \% 2$ drops 10%`],
    ['display math stays as written', String.raw`where $$\frac{a}{b}~x$$ holds~here`, String.raw`where $$\frac{a}{b}~x$$ holds here`],
    ['\\( \\) and \\[ \\] become dollars', String.raw`with \(O(n)\) and \[x^2\]`, 'with $O(n)$ and $$x^2$$'],
    ['an escaped dollar is text, not math', String.raw`costs \$5 and {GPT} \$6`, String.raw`costs \$5 and GPT \$6`],
  ])('%s', (_, input, expected) => {
    expect(normalizeAbstract(input)).toBe(expected);
  });
});

describe('latexToUnicode', () => {
  it.each([
    [String.raw`Sch{\"o}nfeld`, 'Schönfeld'],
    [String.raw`Ana\"{\i}s`, 'Anaïs'],
    [String.raw`\'Etienne`, 'Étienne'],
    [String.raw`\v{S}koda`, 'Škoda'],
    [String.raw`Stra\ss{}e`, 'Straße'],
    [String.raw`{\L}ukasz`, 'Łukasz'],
  ])('%s → %s', (input, expected) => {
    expect(latexToUnicode(input)).toBe(expected);
  });
});
