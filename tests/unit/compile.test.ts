import { describe, expect, it } from 'vitest';
import { compilePaper, compileTopic } from '../../src/lib/compile';
import { mdx, validPaper } from '../helpers/content';
import { MATH_ERROR } from '../helpers/dist';

const compile = (body: string, base = '/') => compilePaper('content/papers/x.mdx', mdx(validPaper, body), { base });

describe('compilePaper', () => {
  it('renders math with KaTeX, in the body and the abstract', async () => {
    const paper = await compile('Body $\\alpha$.\n\n$$\nE = mc^2\n$$\n');
    expect(paper.issues).toEqual([]);
    expect(paper.html).toContain('class="katex"');
    expect(paper.html).toContain('katex-display');
    expect(paper.abstractHtml).toContain('class="katex"');
    expect(paper.html).not.toMatch(MATH_ERROR);
  });

  it('marks a formula KaTeX cannot render as the build tests look for, and reports it', async () => {
    const paper = await compile('Body $\\foo$.\n');
    expect(paper.html).toMatch(MATH_ERROR);
    expect(paper.issues.map((issue) => issue.message).join()).toContain('Undefined control sequence');
  });

  it('refuses a formula KaTeX would show as red source text: a link, an image, a URL', async () => {
    const paper = await compile('Body $\\href{https://example.org}{x}$ and $\\includegraphics{a.png}$ and $\\url{https://example.org}$.\n');
    expect(paper.html).toMatch(MATH_ERROR);
    expect(paper.issues.map((issue) => issue.message)).toEqual([
      expect.stringContaining('\\href cannot be used'),
      expect.stringContaining('\\includegraphics cannot be used'),
      expect.stringContaining('\\url cannot be used'),
    ]);
  });

  it('shifts note headings below the page heading and prefixes survey links with the base', async () => {
    const paper = await compile('## Key idea\n\nSee [VAR](/papers/var/) and [arXiv](https://arxiv.org/abs/1).', '/survey/');
    expect(paper.html).toContain('<h3>Key idea</h3>');
    expect(paper.html).toContain('href="/survey/papers/var/"');
    expect(paper.html).toContain('href="https://arxiv.org/abs/1" rel="noopener noreferrer"');
    expect(paper.links).toEqual([{ kind: 'papers', id: 'var', path: '/papers/var/', what: 'link', line: 19, column: 5 }]);
  });

  it('gives images of the site and reference links the base path, as it does links', async () => {
    const paper = await compile('See ![The method](/favicon.svg) and [VAR][v].\n\n[v]: /papers/var/\n', '/survey/');
    expect(paper.html).toContain('<img src="/survey/favicon.svg" alt="The method">');
    expect(paper.html).toContain('<a href="/survey/papers/var/">VAR</a>');
  });

  it('renders allowed elements as plain HTML and drops MDX comments', async () => {
    const paper = await compile('H<sub>2</sub>O {/* note to self */}\n\n<Aside type="caution" title="Careful">Read the proofs.</Aside>\n');
    expect(paper.issues).toEqual([]);
    expect(paper.html).toContain('H<sub>2</sub>O');
    expect(paper.html).not.toContain('note to self');
    expect(paper.html).toContain('<div class="callout callout-caution" role="note"><p class="callout-title"><strong>Careful</strong></p>');
  });

  it('puts a table in a frame named by its column headings and a code block in a box, both reached by the keyboard', async () => {
    const paper = await compile('| Model | FID |\n| --- | --- |\n| VAR | 1.80 |\n\n```\ncode\n```\n');
    expect(paper.issues).toEqual([]);
    expect(paper.html).toContain('<div class="table-wrap table-scroll prose-table" role="group" tabindex="0" aria-label="Table: Model, FID"><table>');
    expect(paper.html).toContain('<pre tabindex="0"><code>code\n</code></pre>');
  });

  it('aligns a table column as written with a class, not the align attribute HTML has deprecated', async () => {
    const paper = await compile('| Model | FID | Note |\n| :--- | ---: | :---: |\n| VAR | 1.80 | best |\n');
    expect(paper.html).not.toContain('align=');
    expect(paper.html).toContain('<td class="align-left">VAR</td>\n<td class="align-right">1.80</td>\n<td class="align-center">best</td>');
  });

  it('renders an Aside or a details written on one line as a block, never inside a paragraph', async () => {
    const aside = await compile('<Aside type="note" title="Two papers, one method">The journal version renames the method.</Aside>\n');
    expect(aside.issues).toEqual([]);
    expect(aside.html).toBe('<div class="callout callout-note" role="note"><p class="callout-title"><strong>Two papers, one method</strong></p><p>The journal version renames the method.</p></div>');
    const details = ['<details><summary>More</summary>Hidden.</details>\n', '<details>\n<summary>More</summary>\n\nHidden.\n</details>\n', '> <details><summary>More</summary>Hidden.</details>\n'];
    for (const body of details) {
      const paper = await compile(body);
      expect(paper.issues, body).toEqual([]);
      expect(paper.html.replace(/^<blockquote>\n|\n<\/blockquote>$/g, ''), body).toBe('<details><summary>More</summary><p>Hidden.</p></details>');
    }
  });

  it('refuses an Aside inside a sentence and a summary that does not open a details', async () => {
    for (const [body, message, line] of [
      ['Text <Aside>aside</Aside> more.\n', '<Aside> is inside a paragraph', 17],
      ['<details>\nFirst.\n<summary>Late</summary>\n</details>\n', '<summary> is inside a paragraph', 19],
      ['<summary>Alone</summary>\n', '<summary> is not the first thing inside a <details>', 17],
      ['*<Aside>x</Aside>*\n', '<Aside> is inside text markup', 17],
      ['## <Aside>x</Aside>\n', '<Aside> is inside text markup', 17],
      ['<sup><Aside>x</Aside></sup>\n', '<Aside> is inside text markup', 17],
      ['[<details><summary>a</summary>b</details>](/papers/var/)\n', '<details> is inside text markup', 17],
      ['<sup>\n<Aside>x</Aside>\n</sup>\n', '<Aside> is inside', 18],
    ] as const) {
      const paper = await compile(body);
      expect(paper.issues.map((i) => [i.rule, i.line]), body).toEqual([['mdx-block-element', line]]);
      expect(paper.issues[0]!.message).toContain(message);
    }
  });

  it('refuses an attribute written twice, on the line of the second, which the page would show in place of the first', async () => {
    for (const [body, line, column, message] of [
      ['Text <abbr title="Visual AutoRegressive" title="Vector AutoRegression">VAR</abbr>.\n', 17, 42, '<abbr> has a second title attribute'],
      ['<Aside type="note" title="A">\nText.\n</Aside>\n\nA <abbr\n  title="a"\n  title="b">x</abbr>.\n', 23, 3, '<abbr> has a second title attribute'],
      ['<Aside type="note" type="caution">Read the proofs.</Aside>\n', 17, 20, '<Aside> has a second type attribute'],
    ] as const) {
      const paper = await compile(body);
      expect(paper.issues.map((i) => [i.rule, i.line, i.column, i.message, i.fix]), body).toEqual([
        ['mdx-duplicate-attribute', line, column, `${message}; an element can have each attribute only once.`, `Keep one ${message.split(' ').at(-2)}="...", with the right value.`],
      ]);
      expect(paper.html).toBe('');
    }
    // An element off the list is refused as such, whatever its attributes.
    expect((await compile('<Cite id="a" id="b" />\n')).issues.map((i) => i.rule)).toEqual(['mdx-element']);
  });

  it('gives the footnotes of the abstract and of the notes ids of their own, each link leading to its note', async () => {
    const source = mdx({ ...validPaper, abstract: 'We draft quickly[^1].\n\n[^1]: An abstract footnote.' }, 'A note[^1].\n\n[^1]: A body footnote.\n');
    const paper = await compilePaper('content/papers/x.mdx', source, { base: '/' });
    expect(paper.issues).toEqual([]);
    const page = `${paper.abstractHtml}${paper.html}`;
    const ids = [...page.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThanOrEqual(6);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [, target] of page.matchAll(/ href="#([^"]+)"/g)) expect(ids).toContain(target);
    for (const [, label] of page.matchAll(/ aria-describedby="([^"]+)"/g)) expect(ids).toContain(label);
    const abstractNote = /href="#([^"]+)"/.exec(paper.abstractHtml)![1];
    expect(new RegExp(`id="${abstractNote}"[^>]*>\\s*<p>An abstract footnote`).test(paper.abstractHtml)).toBe(true);
  });

  it('renders nothing of an unsafe body', async () => {
    const paper = await compile('Hello <script>alert(1)</script>\n');
    expect(paper.issues.map((i) => i.rule)).toEqual(['mdx-element']);
    expect(paper.html).toBe('');
  });

  it('reports a syntax error with its line in the file', async () => {
    const paper = await compile('Fine.\n\nBroken <b unclosed\n');
    expect(paper.issues).toMatchObject([{ rule: 'mdx-syntax', line: 19 }]);
  });

  it("points an unclosed element at the element, in the file's lines and columns", async () => {
    const paper = await compile('Fine.\n\nHello, <mark>open text here\n\nMore.\n');
    expect(paper.issues).toMatchObject([{ rule: 'mdx-syntax', line: 19, column: 8 }]);
    expect(paper.issues[0]!.message).toContain('`<mark>` (line 19, column 8)');
    expect(paper.issues[0]!.fix).toContain('<br />');
  });

  it('tells to end an <img> written as in HTML with />, before any other advice', async () => {
    const paper = await compile('Fine.\n\n<img src="/favicon.svg" alt="Logo">\n\nMore.\n');
    expect(paper.issues).toMatchObject([{ rule: 'mdx-syntax', line: 19 }]);
    expect(paper.issues[0]!.fix).toMatch(/^End the <img> with \/>/);
  });

  it('reports and leaves out a javascript: link in a front-matter string', async () => {
    const source = mdx({ ...validPaper, tldr: 'See [the demo](javascript:alert(1)), then <javascript:alert(2)>.' }, 'Body.');
    const paper = await compilePaper('content/papers/x.mdx', source, { base: '/' });
    expect(paper.issues.map((i) => [i.rule, i.line])).toEqual([['unsafe-url', 12], ['unsafe-url', 12]]);
    expect(paper.tldrHtml).toContain('the demo');
    expect(paper.tldrHtml).not.toMatch(/<a\b|href/);
  });

  it('points at a www. link of an abstract where the file writes it, not at the abstract: line', async () => {
    // Markdown makes http://www.example.org of it, which the file does not write.
    const source = mdx({ ...validPaper, abstract: 'We test things.\nCode: see www.example.org today.' }, 'Body.');
    const lines = source.split('\n');
    const paper = await compilePaper('content/papers/x.mdx', source, { base: '/' });
    const line = lines.findIndex((l) => l.includes('www.example.org')) + 1;
    expect(line).toBeGreaterThan(lines.findIndex((l) => l.startsWith('abstract:')) + 1);
    expect(paper.issues).toMatchObject([{ rule: 'insecure-url', line, column: lines[line - 1]!.indexOf('www.') + 1 }]);
  });

  it('keeps a result value as the file writes it when the number would print otherwise', async () => {
    const result = { benchmark: 'ImageNet', metric: 'FID', value: 2.5, lower_is_better: true, source: 'abstract' };
    const source = mdx({ ...validPaper, abstract: 'FID 2.50, 3 and 4.', results: [result, { ...result, value: 3 }, { ...result, value: 4 }] }, 'Body.')
      .replace('value: 2.5', 'value: 2.50')
      .replace('value: 4', 'value: +4');
    const paper = await compilePaper('content/papers/x.mdx', source, { base: '/' });
    expect(paper.issues).toEqual([]);
    expect(paper.data!.results.map((r) => [r.value, r.shown])).toEqual([[2.5, '2.50'], [3, undefined], [4, undefined]]);
  });

  it('suggests the closest field of a result for a misspelt key, and says when a value is empty', async () => {
    const result = { benchmark: 'b', metric: 'm', value: 1, lower_is_better: true };
    const source = mdx({ ...validPaper, results: [{ ...result, sorce: 'Table 2' }, { ...result, source: '' }] }, 'Body.');
    const paper = await compilePaper('content/papers/x.mdx', source, { base: '/' });
    expect(paper.issues.map((i) => [i.message, i.fix])).toEqual([
      ['results[0].sorce: unknown field.', 'Did you mean "source"?'],
      ['results[1].source is empty.', 'Write a value, or remove the line if the field is optional.'],
    ]);
  });

  it('tells how to write a yes or no that is not true or false, and a number written as text', async () => {
    const result = { benchmark: 'b', metric: 'm', value: 1, lower_is_better: true, source: 'abstract' };
    const paper = await compilePaper('content/papers/x.mdx', mdx({ ...validPaper, results: [{ ...result, lower_is_better: 'no' }, { ...result, value: 'about 3' }] }, 'Body.'), { base: '/' });
    expect(paper.issues.map((i) => [i.message, i.fix])).toEqual([
      ['results[0].lower_is_better: expected boolean, found string "no".', 'Write true or false, without quotes.'],
      ['results[1].value: value must be a number, without units (put the unit in metric).', 'Write a number without quotes or units, like 2.13.'],
    ]);
    const year = await compilePaper('content/papers/x.mdx', mdx({ ...validPaper, year: '2024a' }, 'Body.'), { base: '/' });
    expect(year.issues.map((i) => i.fix)).toEqual(['Write the year as a whole number without quotes, like 2024.']);
  });

  it.each(['constructor: x', 'toString: x', '__proto__: { title: Proto }', 'hasOwnProperty: 1'])(
    'reports a key named like a member of every object, %s, as an unknown field on its line',
    async (line) => {
      const kinds = [
        [compilePaper, 'content/papers/x.mdx', validPaper],
        [compileTopic, 'content/topics/x.mdx', { title: 'T', description: 'D.', order: 1 }],
      ] as const;
      for (const [compile, file, fields] of kinds) {
        const source = mdx(fields, 'Body.').replace(/^---\n/, `---\n${line}\n`);
        const entry = await compile(file, source, { base: '/' });
        expect(entry.issues.map((i) => [i.rule, i.line, i.message])).toEqual([['schema', 2, `${line.split(':')[0]}: unknown field.`]]);
      }
    },
  );

  it('refuses a url or DOI that would break its BibTeX entry, and says how to write it', async () => {
    const { arxiv: _arxiv, ...rest } = validPaper;
    const source = mdx({ ...rest, url: 'https://example.org/a}}@misc{fake,x={', doi: '10.1234/x},note={y' }, 'Body.');
    const paper = await compilePaper('content/papers/x.mdx', source, { base: '/' });
    expect(paper.issues.map((i) => [i.rule, i.message.split(':')[0], i.fix])).toEqual([
      ['schema', 'doi', "Copy the DOI from the paper's page at its publisher or at https://doi.org."],
      ['schema', 'url', 'Write each such character percent-encoded, as a browser\'s address bar shows it: %20 for a space, %7B for {, %7D for }, %22 for ".'],
    ]);
  });

  it('says a field written with nothing after it is empty, and a front-matter that is a list is not fields', async () => {
    const empty = await compilePaper('content/papers/x.mdx', mdx(validPaper, 'Body.').replace(/^title: .*$/m, 'title:'), { base: '/' });
    expect(empty.issues.map((i) => [i.line, i.message, i.fix])).toEqual([[2, 'title is empty.', 'Write a value, or remove the line if the field is optional.']]);
    const list = await compilePaper('content/papers/x.mdx', '---\n- title: A\n- year: 2024\n---\nBody.\n', { base: '/' });
    expect(list.issues.map((i) => [i.rule, i.message])).toEqual([['schema', 'The front-matter must be fields, one "name: value" a line, but it is a list.']]);
    expect(list.issues[0]!.fix).toContain('without a leading "- "');
  });

  it('reports a topic or tag listed twice, on the repeated item', async () => {
    const source = mdx({ ...validPaper, topics: ['next-scale-prediction', 'next-scale-prediction'], tags: ['a', 'b', 'a'] }, 'Body.');
    const paper = await compilePaper('content/papers/x.mdx', source, { base: '/' });
    const lines = source.split('\n');
    expect(paper.issues.map((i) => [i.rule, lines[i.line - 1]!.trim(), i.message])).toEqual([
      ['schema', '- next-scale-prediction', 'topics[1]: "next-scale-prediction" is already topics[0].'],
      ['schema', '- a', 'tags[2]: "a" is already tags[0].'],
    ]);
    expect(paper.issues[1]!.line).toBeGreaterThan(paper.issues[0]!.line + 2);
  });

  it('refuses a tldr that Markdown makes into more than one paragraph, which the page would nest in its <p>', async () => {
    const cases = [
      ['# Speedups 2x', 'a heading'],
      ['- drafts trees\n- verifies them', 'a list'],
      ['It drafts.\n\nIt verifies.', '2 paragraphs'],
      ['> It drafts trees.', 'a quotation'],
    ];
    for (const [tldr, what] of cases) {
      const paper = await compilePaper('content/papers/x.mdx', mdx({ ...validPaper, tldr }, 'Body.'), { base: '/' });
      expect(paper.issues.map((i) => [i.rule, i.message])).toEqual([['schema', `tldr: Markdown reads this as ${what}, which the page cannot show as one sentence.`]]);
    }
    const fine = await compilePaper('content/papers/x.mdx', mdx({ ...validPaper, tldr: 'It drafts $k$-ary trees, <b>escaped</b> and [linked](/papers/var/), 2x.', abstract: 'One.\n\nTwo.' }, 'Body.'), { base: '/' });
    expect(fine.issues).toEqual([]);
  });

  it('reports dollar amounts that Markdown would take for a formula, in the body and the tldr', async () => {
    const source = mdx({ ...validPaper, tldr: 'It runs for $5 and $10 a day.' }, 'Fine: $\\sim$0.1 and $x$.\n\nIt costs $5 and $10.\n');
    const paper = await compilePaper('content/papers/x.mdx', source, { base: '/' });
    expect(paper.issues.map((i) => [i.rule, i.line, i.message])).toEqual([
      ['math-dollar', 19, '$5 and $10 reads as dollar amounts, not a formula.'],
      ['math-dollar', 12, 'tldr: $5 and $10 reads as dollar amounts, not a formula.'],
    ]);
  });

  it('reports a formula in the title that KaTeX cannot render, on the title\'s line', async () => {
    const paper = await compilePaper('content/papers/x.mdx', mdx({ ...validPaper, title: 'On $\\frac{1}$-ary trees' }, 'Body.'), { base: '/' });
    expect(paper.issues.map((i) => [i.rule, i.line, i.message.split(':')[0]])).toEqual([['math', 2, 'title']]);
    const fine = await compilePaper('content/papers/x.mdx', mdx({ ...validPaper, title: 'On $k$-ary trees' }, 'Body.'), { base: '/' });
    expect(fine.issues).toEqual([]);
    // In double quotes the file writes the backslash twice: the formula as read is not on the
    // title's line, and a later line that has it (here as code) is not the place.
    const quoted = mdx(validPaper, 'Code: `$\\frac{1}$`.').replace(/^title: .*$/m, 'title: "On $\\\\frac{1}$-ary trees"');
    const issues = (await compilePaper('content/papers/x.mdx', quoted, { base: '/' })).issues;
    expect(issues.map((i) => [i.rule, i.line, i.message.split(':')[0]])).toEqual([['math', 2, 'title']]);
  });

  it('reports a title whose backslash YAML read as an escape in double quotes', async () => {
    // "$\theta$" in double quotes is a tab and "heta": KaTeX renders it, and the page would read "heta".
    const source = mdx(validPaper, 'Body.').replace(/^title: .*$/m, 'title: "On $\\theta$-Sampling"');
    const paper = await compilePaper('content/papers/x.mdx', source, { base: '/' });
    expect(paper.issues.map((i) => [i.rule, i.line, i.message.split(',')[0]])).toEqual([['yaml', 2, 'title: has a control character (U+0009)']]);
    // The same in a one-line summary; a summary written as a block keeps its line breaks.
    const tldr = mdx({ ...validPaper, tldr: 'It uses $\\theta$.' }, 'Body.').replace(/^tldr: .*$/m, 'tldr: "It uses $\\theta$."');
    expect((await compilePaper('content/papers/x.mdx', tldr, { base: '/' })).issues.map((i) => i.message.split(',')[0])).toEqual(['tldr: has a control character (U+0009)']);
    const block = mdx(validPaper, 'Body.').replace(/^tldr: .*$/m, 'tldr: |\n  It tests\n  things.\n');
    expect((await compilePaper('content/papers/x.mdx', block, { base: '/' })).issues).toEqual([]);
  });

  it('accepts a literal dollar sign written as \\$', async () => {
    const paper = await compile('It costs \\$5.');
    expect(paper.issues).toEqual([]);
    expect(paper.html).toContain('$5');
  });
});

describe('a control character in a one-line field', () => {
  it('is refused in a venue, a note and an author name, on its line', async () => {
    const source = mdx({ ...validPaper, venue: 'NeurIPS 2024\n@Workshop', note: 'Oral.\tTalk', authors: ['Ada\u0007 Lovelace'] }, 'Body.');
    const paper = await compilePaper('content/papers/x.mdx', source, { base: '/' });
    expect(paper.issues.map((i) => [i.rule, i.message.split(':')[0]])).toEqual([['yaml', 'venue'], ['yaml', 'note'], ['yaml', 'authors[0]']]);
  });

  it('is told to be deleted, not written with two backslashes, when the file has it as it is', async () => {
    const source = mdx(validPaper, 'Body.').replace(/^title: .*$/m, 'title: Title \u001b]0;PWNED\u0007 here').replace(/^tldr: .*$/m, 'tldr: "It \\u001b tests."');
    const paper = await compilePaper('content/papers/x.mdx', source, { base: '/' });
    expect(paper.issues.map((i) => [i.line, i.message, i.fix])).toEqual([
      [2, 'title: has a control character (U+001B), written as it is: readers would not see it, but it would reach the citations and the feeds.', 'Delete it, or write a space in its place; an editor shows it as a box, as ^[ or not at all.'],
      [12, expect.stringMatching(/^tldr: has a control character \(U\+001B\), which YAML makes of a backslash in double quotes/), 'Write each backslash twice ("$\\\\theta$"), or put the tldr in single quotes.'],
    ]);
  });

  it('is refused in the text of a result and in a topic title and description', async () => {
    const result = { benchmark: 'MT\u0000Bench', metric: 'speedup (x)', value: 2, lower_is_better: false, setting: 'a\u0001b', source: 'Table 2' };
    const paper = await compilePaper('content/papers/x.mdx', mdx({ ...validPaper, results: [result] }, 'Body.'), { base: '/' });
    expect(paper.issues.map((i) => [i.rule, i.message.split(':')[0]])).toEqual([['yaml', 'results[0].benchmark'], ['yaml', 'results[0].setting']]);
    const topic = await compileTopic('content/topics/t.mdx', mdx({ title: 'Topic \u0001 with control \u001b char', description: 'D\u0085.', order: 1 }, 'Body.'), { base: '/' });
    expect(topic.issues.map((i) => [i.rule, i.line, i.message.split(',')[0]])).toEqual([
      ['yaml', 2, 'title: has a control character (U+0001)'],
      ['yaml', 3, 'description: has a control character (U+0085)'],
    ]);
  });

  it('refuses U+FFFE, U+FFFF and a lone surrogate, which XML cannot hold, in any text field', async () => {
    const source = mdx({ ...validPaper, title: 'Title with noncharacter \uFFFF here', tldr: 'It \uFFFE tests.', authors: ['Ada Lovelace', 'Alan \uD800Turing'] }, 'Body.');
    const paper = await compilePaper('content/papers/x.mdx', source, { base: '/' });
    expect(paper.issues.map((i) => [i.rule, i.message, i.fix])).toEqual([
      ['yaml', 'title: has U+FFFF, which is no character of text: XML, and so the feeds, cannot hold it.', 'Delete it; in double quotes, look for an escape such as \\uFFFF.'],
      ['yaml', 'tldr: has U+FFFE, which is no character of text: XML, and so the feeds, cannot hold it.', 'Delete it; in double quotes, look for an escape such as \\uFFFE.'],
      ['yaml', 'authors[1]: has U+D800, which is no character of text: XML, and so the feeds, cannot hold it.', 'Delete it; in double quotes, look for an escape such as \\uD800.'],
    ]);
    // A character beyond U+FFFF is a pair of surrogates, and text.
    expect((await compilePaper('content/papers/x.mdx', mdx({ ...validPaper, title: 'On \u{1D4AB}-Sampling' }, 'Body.'), { base: '/' })).issues).toEqual([]);
  });
});

describe('Markdown nested too deep', () => {
  it.each([
    ['a body of 3,000 ">"', mdx(validPaper, `Fine.\n\n${'>'.repeat(3000)} deep\n`), 19, 101],
    ['a body the parser cannot read, 20,000 ">"', mdx(validPaper, `${'>'.repeat(20_000)} deep\n`), 17, 1],
    ['a list 200 levels deep', mdx(validPaper, Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n')), 67, 101],
  ])('is refused where it goes past 100 levels, and nothing of it rendered: %s', async (_name, source, line, column) => {
    const paper = await compilePaper('content/papers/x.mdx', source, { base: '/' });
    expect(paper.issues.map((i) => [i.rule, i.line, i.column, i.message])).toEqual([
      ['too-deep', line, column, 'The body nests Markdown more than 100 levels deep (quotations, lists or elements one inside another), which no page can show and the check cannot read.'],
    ]);
    expect(paper.html).toBe('');
    // 20,000 ">" take the parser 2.5 s alone, and twice that on a machine busy with other tests.
  }, 30_000);

  it('is refused in an abstract, on its line', async () => {
    const paper = await compilePaper('content/papers/x.mdx', mdx({ ...validPaper, abstract: `${'>'.repeat(3000)} deep` }, 'Body.'), { base: '/' });
    expect(paper.issues.map((i) => [i.rule, i.line, i.message.split(' (')[0]])).toEqual([['too-deep', 13, 'abstract: nests Markdown more than 100 levels deep']]);
  });

  it('passes at a depth pages have', async () => {
    const paper = await compilePaper('content/papers/x.mdx', mdx(validPaper, `${'>'.repeat(20)} quoted *and **strong***\n`), { base: '/' });
    expect(paper.issues).toEqual([]);
  });
});

describe('an error the check did not expect', () => {
  it('is an issue on the file that caused it, not an exception', async () => {
    const options = {
      get base(): string {
        throw new RangeError('Maximum call stack size exceeded');
      },
    };
    for (const [compile, file] of [[compilePaper, 'content/papers/x.mdx'], [compileTopic, 'content/topics/x.mdx']] as const) {
      const entry = await compile(file, mdx(validPaper, 'Body.'), options);
      expect(entry).toMatchObject({ id: 'x', file, data: undefined, html: '' });
      expect(entry.issues).toEqual([
        {
          file,
          line: 1,
          column: 1,
          rule: 'internal-error',
          message: 'The check failed on this file with an error it did not expect (RangeError: Maximum call stack size exceeded).',
          fix: 'Look for what is unusual in the file, such as text nested very deep or a very long line; if nothing is, report the error and the file to the maintainers.',
        },
      ]);
    }
  });
});

describe('a file name', () => {
  it.each([
    ['content/papers/nul.mdx', 'The file name "nul" is a name Windows keeps for a device, so the repository could not be checked out there, nor the offline edition unzipped; it becomes the page\'s URL and the names of its files.', 'Rename it to a longer id, like nul-paper.mdx.'],
    ['content/topics/aux.mdx', 'The file name "aux" is a name Windows keeps for a device, so the repository could not be checked out there, nor the offline edition unzipped; it becomes the page\'s URL and the names of its files.', 'Rename it to a longer id, like aux-topic.mdx.'],
    [`content/papers/${'word-'.repeat(50)}end.mdx`, `The file name "${'word-'.repeat(50)}end" has 253 characters, more than the 80 an id or tag may have; it becomes the page's URL and the names of its files.`, `Rename it to a shorter id, like ${'word-'.repeat(15)}word.mdx.`],
  ])('%s is refused before the build fails on it', async (file, message, fix) => {
    const compile = file.includes('/topics/') ? compileTopic : compilePaper;
    const fields = file.includes('/topics/') ? { title: 'T', description: 'D.', order: 1 } : validPaper;
    const entry = await compile(file, mdx(fields, 'Body.'), { base: '/' });
    expect(entry.issues).toEqual([{ file, line: 1, column: 1, rule: 'file-name', message, fix }]);
  });

  it.each(['con-model', 'com10', 'lpt', 'x'.repeat(80)])('%s is a valid id', async (id) => {
    expect((await compilePaper(`content/papers/${id}.mdx`, mdx(validPaper, 'Body.'), { base: '/' })).issues).toEqual([]);
  });
});

describe('a file saved with the line ends of old Mac editors', () => {
  it('is told so, not that it lacks a front matter', async () => {
    const paper = await compilePaper('content/papers/x.mdx', mdx(validPaper, 'Body.').replace(/\n/g, '\r'), { base: '/' });
    expect(paper.issues.map((i) => [i.rule, i.line, i.message])).toEqual([
      ['frontmatter', 1, expect.stringContaining('end with a carriage return alone')],
    ]);
    expect((await compilePaper('content/papers/x.mdx', mdx(validPaper, 'Body.').replace(/\n/g, '\r\n'), { base: '/' })).issues).toEqual([]);
  });
});

describe('a YAML mistake', () => {
  // Front matter as a contributor types it by hand: the title's line, then the rest of a valid paper.
  const withLines = (...lines: string[]) => mdx(validPaper, 'Body.').replace(/^title: .*\n/m, `${lines.join('\n')}\n`);
  const problems = async (source: string) =>
    (await compilePaper('content/papers/x.mdx', source, { base: '/' })).issues.map((i) => [i.line, i.message, i.fix]);

  it('is told in its own terms when it is a common one', async () => {
    expect(await problems(withLines('title: "A \\$5 Model"'))).toEqual([
      [2, 'The front-matter is not valid YAML: Invalid escape sequence \\$', 'In double quotes a backslash starts an escape: write it twice ("\\\\$5" for \\$5), or put the value in single quotes.'],
    ]);
    expect(await problems(withLines('title: A Test Paper', 'title: Another Title'))).toEqual([
      [3, 'The front-matter has a second "title"; a field can appear only once.', 'Keep one of them, with the right value.'],
    ]);
    expect(await problems(withLines('title: Judge Decoding: Faster Speculative Sampling'))).toEqual([
      [2, 'The front-matter is not valid YAML: a value contains ": ", which YAML reads as the start of another field.', 'Put the value in double quotes.'],
    ]);
    expect(await problems(withLines('title: A Test Paper', '"title": Another Title'))).toEqual([
      [3, 'The front-matter has a second "title"; a field can appear only once.', 'Keep one of them, with the right value.'],
    ]);
    const tabs = await problems(withLines('title: A Test Paper', 'extra:', '\t- a'));
    expect(tabs[0]).toEqual([4, 'The front-matter is not valid YAML: Tabs are not allowed as indentation', 'Indent with spaces: YAML does not allow tabs.']);
  });

  it.each(['!!binary aGVsbG8=', '!!js/function "function () {}"', '!custom x', '!!timestamp 2024-01-01', '!!set {a, b}'])('says that tags are not allowed: title: %s', async (value) => {
    const tag = value.split(' ')[0];
    expect(await problems(withLines(`title: ${value}`))).toEqual([
      [2, `The front-matter gives a value the YAML tag ${tag}: tags are not allowed, since they make YAML build something other than text, a number or a list.`, 'Remove the tag and write the value as text, in double quotes if it starts with "!".'],
    ]);
  });

  it('says that a number must be finite, for what YAML reads as infinity or "not a number"', async () => {
    const result = { benchmark: 'b', metric: 'm', value: 1, lower_is_better: true, source: 'Table 1' };
    const source = mdx({ ...validPaper, results: [result] }, 'Body.').replace(/^year: .*$/m, 'year: .inf').replace(/value: 1$/m, 'value: .nan');
    expect(await problems(source)).toEqual([
      [6, 'year: must be a finite number, but YAML reads .inf as infinity.', 'Write the year as a whole number without quotes, like 2024.'],
      [17, 'results[0].value: must be a finite number, but YAML reads .nan as "not a number".', 'Write a number without quotes or units, like 2.13.'],
    ]);
  });

  it('is not taken for a ": " in a value when a line is indented too far', async () => {
    // " name:" reads as more of the title, which "Put the value in double quotes" would not mend.
    const [problem] = await problems(withLines('title: A Test Paper', ' name: ATP'));
    expect(problem?.[1]).toBe('The front-matter is not valid YAML: Nested mappings are not allowed in compact mappings');
    expect(problem?.[2]).toBe('Check indentation, and quote values that contain ": " or start with a special character.');
  });
});

describe('compileTopic', () => {
  it('keeps narrative headings at h2', async () => {
    const topic = await compileTopic('content/topics/t.mdx', mdx({ title: 'T', description: 'D.', order: 1 }, '## Overview\n'), { base: '/' });
    expect(topic.issues).toEqual([]);
    expect(topic.html).toBe('<h2>Overview</h2>');
  });
});
