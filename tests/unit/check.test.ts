import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatIssue, type Issue } from '../../src/lib/issues';
import { compilePaper, namesPaper, statesNumber } from '../../src/lib/compile';
import { checkContentUrl, isSafeUrl } from '../../src/lib/mdx';
import { validateSurvey } from '../../src/lib/validate';
import { mdx, validPaper } from '../helpers/content';
import { loadSurvey, type LoadedSurvey } from '../../src/node/content';

const root = resolve('tests/fixtures/survey');
let survey: LoadedSurvey;
const issuesOf = (file: string) => survey.issues.filter((i) => i.file === `content/papers/${file}`);
const good = () => survey.papers.find((p) => p.id === 'good')!;
const find = (file: string, rule: string) => issuesOf(file).filter((i) => i.rule === rule);

beforeAll(async () => {
  survey = await loadSurvey({ root, base: '/' });
});

describe('the content check on the fixture survey', () => {
  it('passes the good paper and its topic without a problem of their own', () => {
    const own = survey.issues.filter((i) => i.file === 'content/papers/good.mdx' && !i.rule.startsWith('duplicate'));
    expect(own).toEqual([]);
    expect(survey.papers.find((p) => p.id === 'good')?.html).toContain('<sup>superscript</sup>');
  });

  it.each([
    // file, rule, line, words the message must contain
    ['bad-schema.mdx', 'schema', 3, 'authors: expected array'],
    ['bad-schema.mdx', 'schema', 4, 'year: year must be a number'],
    ['bad-schema.mdx', 'schema', 5, 'arxiv must be a quoted string'],
    ['bad-schema.mdx', 'schema', 6, 'code: code must be an https:// URL'],
    ['bad-schema.mdx', 'schema', 11, 'colour: unknown field'],
    ['bad-missing.mdx', 'schema', 2, 'topics is missing'],
    ['bad-references.mdx', 'unknown-topic', 6, 'unknown topic "nlp"'],
    ['bad-references.mdx', 'unknown-link', 12, '/papers/missing/'],
    ['bad-references.mdx', 'relative-link', 12, '"../good/" is relative'],
    ['bad-consistency.mdx', 'year-before-arxiv', 4, 'earlier than 2021'],
    ['bad-consistency.mdx', 'results-source', 10, 'results[0] has no source'],
    ['bad-consistency.mdx', 'results-abstract', 16, 'results[1].value: the abstract does not state 28.5, but the entry\'s source is "abstract"'],
    ['bad-consistency.mdx', 'name-source', 24, 'name: neither the title nor the abstract writes "Inconsistent-Net"'],
    ['bad-mdx.mdx', 'mdx-esm', 12, 'import and export'],
    ['bad-mdx.mdx', 'mdx-esm', 14, 'import and export'],
    ['bad-mdx.mdx', 'mdx-expression', 16, "{fs.writeFileSync('pwned-by-expression.txt', 'x')}"],
    ['bad-mdx.mdx', 'mdx-element', 18, '<script> is not allowed'],
    ['bad-mdx.mdx', 'mdx-element', 20, '<iframe> is not allowed'],
    ['bad-mdx.mdx', 'mdx-element', 22, '<style> is not allowed'],
    ['bad-mdx.mdx', 'mdx-event-handler', 24, 'onClick'],
    ['bad-mdx.mdx', 'mdx-attribute-expression', 24, '<abbr title={...}>'],
    ['bad-mdx.mdx', 'mdx-attribute-expression', 24, 'spreads an expression {...props}'],
    ['bad-mdx.mdx', 'mdx-element', 26, '<Widget> is not allowed'],
    ['bad-mdx.mdx', 'unsafe-url', 28, '"javascript:alert(1)"'],
    ['bad-mdx.mdx', 'unsafe-url', 28, '"data:image/png;base64,AAAA"'],
    ['bad-urls.mdx', 'unsafe-url', 7, 'tldr: The link URL "javascript:alert(2)"'],
    ['bad-urls.mdx', 'unsafe-url', 7, 'tldr: The link URL "javascript:alert(3)"'],
    ['bad-urls.mdx', 'insecure-url', 9, 'abstract: The link URL "http://example.org/code" uses http://'],
    ['bad-urls.mdx', 'unsafe-url', 12, 'abstract: The link URL "vbscript:msgbox(1)"'],
    ['bad-urls.mdx', 'unknown-link', 10, '/papers/gone/'],
    ['bad-urls.mdx', 'insecure-url', 16, '"http://example.com/"'],
    ['bad-urls.mdx', 'insecure-url', 16, '"http://www.example.com"'],
    ['bad-urls.mdx', 'relative-link', 18, '"//example.org/x" starts with //'],
    ['bad-urls.mdx', 'external-image', 20, '"https://tracker.example/pixel.png" is on another site'],
    ['bad-urls.mdx', 'unknown-link', 22, '"/papers/good/extra/" is not a page of the survey'],
    ['bad-urls.mdx', 'unknown-link', 22, '"/nope/" is not a page of the survey'],
    ['bad-math.mdx', 'math', 7, "tldr: KaTeX cannot render this math: Unexpected end of input"],
    ['bad-math.mdx', 'math', 8, 'abstract: KaTeX cannot render this math: Undefined control sequence: \\foo'],
    ['bad-math.mdx', 'math', 14, 'Expected & or \\\\'],
    ['bad-math.mdx', 'math', 12, 'Undefined control sequence: \\unknownmacro'],
    ['bad-yaml.mdx', 'yaml', 2, 'not valid YAML'],
    ['bad-aliases.mdx', 'yaml-alias', 2, 'expands YAML aliases too far'],
    ['Bad_Name.mdx', 'file-name', 1, '"Bad_Name" is not a valid id'],
  ])('%s: reports %s on line %i', (file, rule, line, words) => {
    const matches = find(file, rule).filter((i) => i.line === line && i.message.includes(words));
    expect(matches, JSON.stringify(issuesOf(file), null, 1)).toHaveLength(1);
    expect(matches[0]!.fix).toMatch(/\.$|\)$/);
  });

  it('names the file a badly named one should be renamed to', () => {
    expect(find('Bad_Name.mdx', 'file-name')[0]!.fix).toBe('Rename it in lowercase kebab-case: bad-name.mdx.');
  });

  it('reports no other URL of bad-urls.mdx: survey pages, anchors and mailto: are fine', () => {
    expect(issuesOf('bad-urls.mdx')).toHaveLength(11);
  });

  it('reports a duplicate on both files, each naming the other, for the arXiv id, the DOI and the title', () => {
    // On both: the copy in a pull request may sort before or after the paper already there. The
    // one added later (bad-duplicate.mdx) is the one to give up, on either file.
    const duplicates = survey.issues.filter((i) => i.rule.startsWith('duplicate-'));
    for (const rule of ['duplicate-arxiv', 'duplicate-doi', 'duplicate-title']) {
      const found = duplicates.filter((i) => i.rule === rule);
      expect(found.map((i) => [i.file, i.fix])).toEqual([
        ['content/papers/bad-duplicate.mdx', expect.stringContaining('edit content/papers/good.mdx instead of adding this file')],
        ['content/papers/good.mdx', expect.stringContaining('this file was added first: move what content/papers/bad-duplicate.mdx adds into this file, and delete it')],
      ]);
    }
    expect(duplicates).toHaveLength(6);
  });

  it('reports a sub-topic whose parent does not exist', () => {
    expect(survey.issues).toContainEqual(
      expect.objectContaining({ file: 'content/topics/orphan.mdx', rule: 'unknown-parent', line: 5 }),
    );
  });

  it.each([
    ['a list item indented by one space', '---\ntitle: T\nauthors:\n  - Ada Lovelace\n - Alan Turing\n---\n', 5],
    ['a folded text not indented', '---\ntitle: T\nabstract: >-\nWe present a model\n  that predicts.\nyear: 2024\n---\n', 4],
  ])('reports %s once, on its line', async (_name, source, line) => {
    const paper = await compilePaper('content/papers/x.mdx', source, { base: '/' });
    expect(paper.issues.map((i) => [i.rule, i.line])).toEqual([['yaml', line]]);
  });

  it.each([
    ['a value', '---\ntitle: T\nvenue: "AAAI 2025\nyear: 2024\ntags: [a]\n---\n', 3, 8, 'a value of "venue" opens a double quote that is never closed'],
    ['a list item', "---\ntitle: T\nauthors:\n  - 'Ada Lovelace\n  - Alan Turing\nyear: 2024\n---\n", 4, 5, 'a value of "authors" opens a single quote that is never closed'],
  ])('sends a quote never closed in %s to the line that opens it, not to the end of the front-matter', async (_name, source, line, column, message) => {
    const paper = await compilePaper('content/papers/x.mdx', source, { base: '/' });
    expect(paper.issues).toEqual([expect.objectContaining({ rule: 'yaml', line, column, message: expect.stringContaining(message) })]);
  });

  it('refuses an added date still to come, and takes it once its day has come, cached or not', async () => {
    const paper = await compilePaper('content/papers/x.mdx', mdx({ ...validPaper, added: '2030-01-02' }, 'Body.'), { base: '/' });
    expect(paper.issues).toEqual([]);
    const at = (day: string) => {
      const now = Date.now;
      Date.now = () => new Date(`${day}T12:00:00Z`).getTime();
      try {
        return validateSurvey([paper], []).filter((i) => i.message.startsWith('added'));
      } finally {
        Date.now = now;
      }
    };
    expect(at('2029-12-30').map((i) => [i.line, i.message])).toEqual([[15, expect.stringContaining('2030-01-02 is a day still to come')]]);
    expect(at('2030-01-01')).toEqual([]);
    expect(at('2030-01-10')).toEqual([]);
  });

  it('refuses a year more than a year after the paper was added, and takes next year for a paper accepted at a venue', async () => {
    const yearIssues = async (year: number) => {
      const paper = await compilePaper('content/papers/x.mdx', mdx({ ...validPaper, year, added: '2026-11-29' }, 'Body.'), { base: '/' });
      expect(paper.issues).toEqual([]);
      return validateSurvey([paper], []).filter((i) => i.message.startsWith('year'));
    };
    expect(await yearIssues(2027)).toEqual([]);
    expect(await yearIssues(2099)).toEqual([
      expect.objectContaining({ line: 6, message: 'year: 2099 is more than a year after the paper entered the survey (2026-11-29).' }),
    ]);
  });

  it.each([
    ['a two-digit year', { year: 24 }, 'Write all four digits of the year: 2024, not 24.'],
    ['a DOI given as its link', { doi: 'https://doi.org/10.1000/x' }, 'Keep only the DOI itself, from "10." on'],
    ['a tldr of a paragraph', { tldr: 'It works. '.repeat(40).trim() }, 'Shorten it to one sentence'],
  ])('tells how to fix %s', async (_name, fields, fix) => {
    const paper = await compilePaper('content/papers/x.mdx', mdx({ ...validPaper, ...fields }, 'Body.'), { base: '/' });
    expect(paper.issues).toEqual([expect.objectContaining({ fix: expect.stringContaining(fix) })]);
  });

  it('checks the items of a list that pass, when another item fails its format', async () => {
    const source = mdx({ ...validPaper, topics: ['Bad_Topic', 'nlp'] }, 'Body.');
    const paper = await compilePaper('content/papers/x.mdx', source, { base: '/' });
    const issues = [...paper.issues, ...validateSurvey([paper], [])].filter((i) => i.file === 'content/papers/x.mdx');
    expect(issues.map((i) => [i.rule, i.message])).toEqual(
      expect.arrayContaining([
        ['schema', expect.stringContaining('topics[0]')],
        ['unknown-topic', expect.stringContaining('"nlp"')],
      ]),
    );
  });

  it('still runs the other rules on a paper whose front-matter fails its schema', async () => {
    // A misspelt key used to hide every other problem until it was fixed.
    const result = { benchmark: 'b', metric: 'm', value: 1, lower_is_better: true };
    const source = mdx({ ...validPaper, venu: 'ICML 2024', year: 2023, topics: ['nlp'], results: [result] }, 'Body.');
    const paper = await compilePaper('content/papers/x.mdx', source, { base: '/' });
    const topic = { id: 'next-scale-prediction', file: 'content/topics/next-scale-prediction.mdx', data: {} as never, links: [], positions: {} };
    const rules = [...paper.issues, ...validateSurvey([paper, { ...good(), file: 'content/papers/y.mdx' }], [topic])].filter((i) => i.file === 'content/papers/x.mdx').map((i) => i.rule);
    expect(rules.sort()).toEqual(['duplicate-arxiv', 'results-source', 'schema', 'unknown-topic', 'year-before-arxiv']);
  });

  it.each([
    ['improves FID from 18.65 to 1.80', 1.8, true],
    ['around 20x faster', 20, true],
    ['trained on 12,000 hours', 12000, true],
    ['a $2.5\\times$ speedup', 2.5, true],
    ['up to $10^{4}$ tokens', 10000, true],
    ['a correlation near -0.998', -0.998, true],
    ['three times faster', 3, true],
    ['improves FID from 18.65 to 1.80', 18.6, false],
    ['a 9x speedup over Llama-405B', 19, false],
  ])('tells whether "%s" states %d', (text, value, stated) => {
    expect(statesNumber(text, value)).toBe(stated);
  });

  it.each([
    ['We present Visual AutoRegressive modeling (VAR), a new paradigm', 'VAR', true],
    ['a Hierarchical Masked Autoregressive models (Hi-MAR) that pivot', 'Hi-MAR', true],
    ["enables SpaceTime's SSM layers", 'SpaceTime', true],
    ['outperforms VARGPT and M-VAR2 alike', 'VAR', false],
    ['a visual autoregressive model (var)', 'VAR', false],
    ['Hi-MAR learns', 'MAR', false],
    ['we show that MPNNs are universal', 'MPNN', true],
    ['unlike VARGPTs', 'VAR', false],
  ])('tells whether "%s" writes the name %s', (text, name, written) => {
    expect(namesPaper(text, name)).toBe(written);
  });

  it('says so when a topic names itself as its parent', () => {
    const topic = { id: 'loop', file: 'content/topics/loop.mdx', data: { parent: 'loop' } as never, links: [], positions: {} };
    const [issue, ...rest] = validateSurvey([], [topic]);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ rule: 'nested-topic', message: 'parent: "loop" is this topic itself.' });
    expect(issue!.fix).not.toContain('"loop"');
  });

  it('formats every issue as path:line:column  rule  message  (fix)', () => {
    const issue: Issue = { file: 'content/papers/x.mdx', line: 7, column: 3, rule: 'unknown-topic', message: 'topics[1]: unknown topic "nlp".', fix: 'Use one of: a, b.' };
    expect(formatIssue(issue)).toBe('content/papers/x.mdx:7:3  unknown-topic  topics[1]: unknown topic "nlp".  (Use one of: a, b.)');
  });

  it('never executes the MDX it checks', () => {
    for (const name of ['pwned-by-export.txt', 'pwned-by-expression.txt']) {
      expect(existsSync(join(root, name))).toBe(false);
      expect(existsSync(name)).toBe(false);
    }
  });

  it('renders HTML found in a front-matter string as text', () => {
    const good = survey.papers.find((p) => p.id === 'good')!;
    expect(good.abstractHtml).toContain('&#x3C;b>shows HTML as text&#x3C;/b>');
    expect(good.abstractHtml).not.toContain('<b>');
  });
});

describe('a short name that reads as a word', () => {
  // A query of one word that is a paper's name lists that paper first, on the site and offline.
  const paper = (file: string, fields: Record<string, unknown>) => compilePaper(`content/papers/${file}.mdx`, mdx({ ...validPaper, ...fields }, 'Body.'), { base: '/' });
  const nameIssues = async (...papers: Awaited<ReturnType<typeof paper>>[]) =>
    [...papers.flatMap((p) => p.issues), ...validateSurvey(papers, [])].filter((i) => i.rule === 'name-word').map((i) => [i.file, i.line, i.message, i.fix]);

  it.each(['model', 'the'])('is refused when it is written in lowercase: name: %s', async (name) => {
    const x = await paper('x', { name, abstract: 'We train the model of things.' });
    expect(await nameIssues(x)).toEqual([
      [
        'content/papers/x.mdx',
        16,
        `name: "${name}" has no capital letter and no digit, so it reads as an ordinary word, and a search for it would list this paper first.`,
        'Give the short name the paper goes by, with its capitals as the title or abstract writes it (VAR, S-Mamba, SpaceTime), or leave name out.',
      ],
    ]);
  });

  it("is refused when it is a capitalised word of three other papers' titles, naming those papers", async () => {
    const x = await paper('x', { title: 'Judge Decoding: Faster Speculative Sampling', name: 'Decoding' });
    const y = await paper('y', { title: 'Speculative Decoding with Big Little Decoder', arxiv: '2302.07863' });
    const z = await paper('z', { title: 'Blockwise Parallel decoding for Deep Autoregressive Models', arxiv: '1811.03115' });
    // Two other titles are not enough: a later paper's title may borrow a name (`Medusa`).
    expect(await nameIssues(x, y, z)).toEqual([]);
    const w = await paper('w', { title: 'Lookahead Decoding', arxiv: '2402.02057' });
    expect(await nameIssues(x, y, z, w)).toEqual([
      [
        'content/papers/x.mdx',
        16,
        'name: "Decoding" is a word of the title of 3 other papers (content/papers/y.mdx, content/papers/z.mdx, content/papers/w.mdx), and a search for it would list this paper before them.',
        'Leave name out, or give the short name that only this paper goes by, as its title or abstract writes it (VAR, S-Mamba).',
      ],
    ]);
  });

  it("is accepted when other papers cite it in their abstracts, or have it in a longer name (M-VAR)", async () => {
    const x = await paper('x', { title: 'Visual Autoregressive Modeling: Scalable Image Generation via Next-Scale Prediction', name: 'VAR', abstract: 'We present Visual AutoRegressive modeling (VAR).' });
    const y = await paper('y', { title: 'M-VAR: Decoupled Scale-wise Autoregressive Modeling', arxiv: '2411.10433', abstract: 'We improve on VAR.' });
    const z = await paper('z', { title: 'S-Mamba and SpaceTime, GPT-2 or Hi-MAR', arxiv: '1811.03115', name: 'GPT-2', abstract: 'It is GPT-2.' });
    // A name shaped like one, however many titles build on it.
    const titledVar = ['2402.02057', '2302.07863', '2401.00001'].map((arxiv, i) => paper(`v${i}`, { title: `Beyond VAR, part ${i + 1}`, arxiv }));
    expect(await nameIssues(x, y, z, ...(await Promise.all(titledVar)))).toEqual([]);
  });
});

describe('a link to a page of the survey', () => {
  it.each([
    ['../gin/', 'relative-link', 'Write survey links from the root, like /papers/<id>/ or /topics/<id>/.'],
    ['/my-survey/papers/gin/', 'unknown-link', 'Write it from the site\'s root, without "/my-survey": /papers/gin/. The build adds the base path (BASE_PATH) to every link.'],
    ['/my-survey/topics/expressivity/#papers', 'unknown-link', 'Write it from the site\'s root, without "/my-survey": /topics/expressivity/#papers. The build adds the base path (BASE_PATH) to every link.'],
    ['/tags/papers/x/', 'unknown-link', 'Link to /papers/<id>/, /topics/<id>/, /tags/<tag>/ or another page the site has, such as /timeline/.'],
    ['/blog/', 'unknown-link', 'Link to /papers/<id>/, /topics/<id>/, /tags/<tag>/ or another page the site has, such as /timeline/.'],
    ['/favicon.svg/', 'unknown-link', 'A file has no final /: write /favicon.svg.'],
  ])('%s: %s, with the fix "%s"', (url, rule, fix) => {
    expect(checkContentUrl(url, 'link')).toMatchObject({ kind: 'problem', rule, fix });
  });
});

describe('a link without the final slash', () => {
  // The site's pages are folders (trailingSlash: 'always'): /papers/var is a 404 under
  // `npm run preview`, and in the offline edition a folder instead of its index.html.
  it.each([
    ['/papers/var', 'Write /papers/var/.'],
    ['/topics/speculative-decoding#papers', 'Write /topics/speculative-decoding/#papers.'],
    ['/tags/kv-cache', 'Write /tags/kv-cache/.'],
    ['/about', 'Write /about/.'],
    ['/timeline', 'Write /timeline/.'],
    ['/papers', 'Write /papers/.'],
    ['/search?q=var', 'Write /search/?q=var.'],
  ])('%s is refused, with the fix "%s"', (url, fix) => {
    expect(checkContentUrl(url, 'link')).toEqual({
      kind: 'problem',
      rule: 'unknown-link',
      message: `The link URL "${url}" lacks the final /, which the survey's page addresses end in.`,
      fix,
    });
  });
});

describe('an address as a browser reads it', () => {
  it.each([
    ['java\tscript:alert(1)', 'unsafe-url', 'The link URL "java script:alert(1)" uses a scheme that can run code or embed data.'],
    ['\u0001javascript:alert(1)', 'unsafe-url', 'The link URL "\u0001javascript:alert(1)" uses a scheme that can run code or embed data.'],
    ['/\\evil.example/', 'relative-link', 'The link URL "/\\evil.example/" starts with // as a browser reads it, so it leaves the survey without saying how.'],
  ])('%j is refused for what the browser would follow', (url, rule, message) => {
    expect(checkContentUrl(url, 'link')).toMatchObject({ kind: 'problem', rule, message });
    expect(isSafeUrl(url)).toBe(false);
  });
});

describe('an address with a user name before its host', () => {
  it.each(['https://survey.example.org@evil.example/x', 'https://github.com:pass@evil.example/'])('%s is refused, naming where it leads', (url) => {
    expect(checkContentUrl(url, 'link')).toEqual({
      kind: 'problem',
      rule: 'unsafe-url',
      message: `The link URL "${url}" leads to evil.example: what comes before its "@" is a user name, not the site.`,
      fix: "Write the address of the page itself, with nothing between https:// and the site's name.",
    });
  });
});

describe('a malformed address', () => {
  it.each([
    ['https://', 'is not a complete https:// address'],
    ['https:alert', 'is not a complete https:// address'],
    ['https:///example.org', 'is not a complete https:// address'],
    ['mailto:', 'is not an e-mail address'],
    ['mailto:ada', 'is not an e-mail address'],
  ])('%s is refused: %s', (url, words) => {
    const verdict = checkContentUrl(url, 'link');
    expect(verdict).toMatchObject({ kind: 'problem', rule: 'malformed-url' });
    expect(verdict.kind === 'problem' && verdict.message).toBe(`The link URL "${url}" ${words}.`);
  });

  it.each(['https://example.org', 'https://example.org/a?b=c#d', 'mailto:ada@example.org', 'mailto:ada@example.org?subject=VAR'])('%s is fine', (url) => {
    expect(checkContentUrl(url, 'link')).toEqual({ kind: 'ok' });
  });
});

describe('a link or image resolved against the pages and files the site builds', () => {
  // A survey of one paper (x, tagged kv-cache, in the topic decoding) whose public/ holds favicon.svg.
  const problems = async (markdown: string, publicFiles = ['favicon.svg', 'figures/var.png']) => {
    const paper = await compilePaper('content/papers/x.mdx', mdx({ ...validPaper, topics: ['decoding'], tags: ['kv-cache'] }, markdown), { base: '/' });
    const topic = { id: 'decoding', file: 'content/topics/decoding.mdx', data: {} as never, links: [], positions: {} };
    return [...paper.issues, ...validateSurvey([paper], [topic], publicFiles)].map((i) => ({ rule: i.rule, message: i.message, fix: i.fix }));
  };

  it.each([
    '[home](/)',
    '[papers](/papers/)',
    '[this paper](/papers/x/#notes)',
    '[topic](/topics/decoding/)',
    '[topics](/topics/)',
    '[tag](/tags/kv-cache/)',
    '[tags](/tags/)',
    '[search](/search/?q=var%20decoding)',
    '[timeline](/timeline/)',
    '[about](/about/)',
    '[list](/reading-list/)',
    '[feed](/feeds/papers.xml)',
    '[topic feed](/feeds/topics/decoding.xml)',
    '[data](/papers.json) [topics](/topics.json) [all](/survey.bib) [all](/survey.ris) [all](/survey.csl.json) [all](/survey.csv)',
    '[bib](/papers/x.bib) [ris](/papers/x.ris) [csl](/papers/x.csl.json)',
    '[bib](/topics/decoding.bib) [ris](/topics/decoding.ris) [csl](/topics/decoding.csl.json) [csv](/topics/decoding.csv)',
    '[icon](/favicon.svg) ![icon](/favicon.svg) ![VAR](/figures/var.png)',
  ])('accepts %s', async (markdown) => {
    expect(await problems(markdown)).toEqual([]);
  });

  it.each([
    ['[f](/feeds/topics/no-such-topic.xml)', 'The link /feeds/topics/no-such-topic.xml points at a topic that does not exist.'],
    ['[bib](/papers/gone.bib)', 'The link /papers/gone.bib points at a paper that does not exist.'],
    ['[csv](/topics/gone.csv)', 'The link /topics/gone.csv points at a topic that does not exist.'],
    ['[tag](/tags/no-such-tag/)', 'The link /tags/no-such-tag/ points at a tag that does not exist.'],
    ['[a](/about/no/such/page/)', 'The link URL "/about/no/such/page/" is not a page of the survey.'],
    ['[csv](/papers/x.csv)', 'The link /papers/x.csv is no page or file of the survey.'],
    ['[logo](/logo.svg)', 'The link /logo.svg is no page or file of the survey.'],
    ['![logo](/logo.svg)', 'The image /logo.svg is no image of the survey.'],
    ['![a page](/papers/x/)', 'The image URL "/papers/x/" is not an image of the survey.'],
    ['![data](/survey.csv)', 'The image URL "/survey.csv" is not an image of the survey.'],
  ])('refuses %s: %s', async (markdown, message) => {
    const found = await problems(markdown);
    expect(found).toEqual([{ rule: 'unknown-link', message, fix: expect.stringMatching(/\.$/) }]);
  });

  it('says to drop the slash after a file, and quotes the link as written', async () => {
    expect(await problems('[bib](/papers/x.bib/)')).toEqual([
      { rule: 'unknown-link', message: 'The link URL "/papers/x.bib/" is not a page of the survey.', fix: 'Write it without the final /: /papers/x.bib.' },
    ]);
  });

  it('names the topic a misspelt topic link is nearest to', async () => {
    expect((await problems('[f](/topics/decodng/)'))[0]!.fix).toMatch(/^Did you mean decoding\? /);
  });

  it('tells where in public/ a missing image goes', async () => {
    expect((await problems('![VAR](/figures/var2.png)'))[0]!.fix).toContain('public/figures/var2.png is served as /figures/var2.png');
  });
});

describe('a symbolic link under content/', () => {
  it('is never read, but reported as a file the check does not read, wherever it leads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'check-links-'));
    try {
      cpSync('tests/fixtures/new-paper', join(dir, 'survey'), { recursive: true });
      const outside = join(dir, 'outside.mdx');
      writeFileSync(outside, mdx({ ...validPaper, arxiv: '2403.00001', title: 'A Secret Outside the Checkout' }));
      symlinkSync(outside, join(dir, 'survey/content/papers/outside.mdx'));
      symlinkSync('var.mdx', join(dir, 'survey/content/papers/again.mdx'));
      symlinkSync(join(dir, 'nowhere.mdx'), join(dir, 'survey/content/papers/broken.mdx'));
      const loaded = await loadSurvey({ root: join(dir, 'survey'), base: '/' });
      expect(loaded.papers.map((p) => p.id).sort()).toEqual(['pv-rnn', 'var']);
      expect(loaded.issues.map((i) => [i.file, i.rule, i.fix])).toEqual(
        ['again', 'broken', 'outside'].map((id) => [`content/papers/${id}.mdx`, 'stray-file', 'Put the file itself here instead of a link to it.']),
      );
      expect(JSON.stringify(loaded)).not.toContain('A Secret Outside');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
