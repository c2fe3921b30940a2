import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { run, type Io } from '../../scripts/new-paper';
import { metadataFromArxiv, parseArxivResponse, type Fetch } from '../../src/lib/arxiv';
import { parseBibtexEntry } from '../../src/lib/bibtex-import';
import { compilePaper } from '../../src/lib/compile';
import {
  buildPaper,
  checkRequest,
  findExisting,
  formatProblem,
  isIsoDate,
  newTags,
  nextSteps,
  paperId,
  parseNewPaperArgs,
  readExistingPaper,
  sourceKind,
  suggestedName,
  type ExistingPaper,
  type NewPaperOptions,
} from '../../src/lib/new-paper';

const SURVEY = resolve('tests/fixtures/new-paper/content');
const ARXIV = resolve('tests/fixtures/arxiv');
const BIB = resolve('tests/fixtures/bib');
const TOPICS = ['decoding-acceleration', 'next-scale-prediction', 'pretraining', 'retrieval-augmented', 'speculative-decoding', 'video-prediction', 'visual-generation'];
const VALID_TOPICS = `Use one of: ${TOPICS.join(', ')}.`;

const semiParametric = () => metadataFromArxiv(parseArxivResponse(readFileSync(join(ARXIV, '2204.11824.xml'), 'utf8')));
const existing = (name: string): ExistingPaper => {
  const file = `content/papers/${name}.mdx`;
  return readExistingPaper(file, readFileSync(join(SURVEY, 'papers', `${name}.mdx`), 'utf8'))!;
};
const options = (extra: Partial<NewPaperOptions> = {}): NewPaperOptions => ({
  source: '2204.11824',
  topics: ['retrieval-augmented'],
  tags: [],
  content: 'content',
  date: undefined,
  id: undefined,
  tldr: undefined,
  ...extra,
});
const frontmatter = (text: string) => parse(text.split('---\n')[1]!) as Record<string, unknown>;
/** Runs the real check on one file, as `npm run check` and the build do. */
const check = async (file: string, text: string) => (await compilePaper(file, text, { base: '/' })).issues;
// The tldr of this paper as curated in content/papers/retrieval-augmented-diffusion.mdx.
const TLDR =
  'Pairs comparably small diffusion or autoregressive image models with an external image database, conditioning on retrieved nearest neighbours; swapping the database transfers a trained model to new domains, and it outperforms the state of the art with far fewer parameters.';

describe('parseNewPaperArgs', () => {
  it('reads the source, repeated or comma-separated topics and tags, and the defaults', () => {
    expect(parseNewPaperArgs(['2404.02905', '--topic', 'a', '--topic', 'b,c', '--tag', 'x', '--date', '2026-11-29'])).toEqual({
      options: { source: '2404.02905', topics: ['a', 'b', 'c'], tags: ['x'], content: 'content', date: '2026-11-29', id: undefined, tldr: undefined },
    });
  });

  it('prints the usage for --help', () => {
    expect(parseNewPaperArgs(['--help'])).toEqual({ help: expect.stringContaining('Usage: npm run new-paper -- <source> --topic <id>') });
  });

  it.each([
    [[], 'Give the paper to add.'],
    [['a.bib', 'b.bib'], 'new-paper takes one source, but got 2: a.bib b.bib.'],
    [['a.bib', '--date', '29/11/2026'], '--date 29/11/2026 is not a date written YYYY-MM-DD.'],
    [['a.bib', '--date', '2026-02-30'], '--date 2026-02-30 is not a date written YYYY-MM-DD.'],
    [['a.bib', '--topics', 'x'], "Unknown option '--topics'"],
  ])('refuses %j', (argv, message) => {
    const result = parseNewPaperArgs(argv);
    expect('problems' in result && result.problems[0]!.message).toContain(message);
  });
});

describe('sourceKind', () => {
  it.each([
    ['paper.bib', { kind: 'bib' }],
    ['saved/2204.11824.xml', { kind: 'atom' }],
    ['query.atom', { kind: 'atom' }],
    ['2204.11824', { kind: 'arxiv', id: '2204.11824' }],
    ['https://arxiv.org/abs/2204.11824v2', { kind: 'arxiv', id: '2204.11824' }],
    ['https://arxiv.org/pdf/2204.11824', { kind: 'arxiv', id: '2204.11824' }],
  ])('%s is %o', (source, kind) => {
    expect(sourceKind(source)).toEqual(kind);
  });

  it('refuses anything else and names the accepted forms', () => {
    expect(sourceKind('paper.pdf')).toEqual({
      message: '"paper.pdf" is not an arXiv id, an arXiv URL, a .bib file or a saved .xml response.',
      fix: expect.stringContaining('like 2404.02905'),
    });
  });

  it('says what is wrong with an arXiv id missing a digit', () => {
    expect(sourceKind('2204.1182')).toEqual({
      message: '2204.1182 is not an arXiv id: "2204.1182" has 4 digits after the dot, but an arXiv id from 2015 on has 5, like "2404.02905".',
      fix: expect.stringContaining("arXiv page"),
    });
  });
});

describe('checkRequest', () => {
  const survey = { topics: TOPICS, papers: [] };
  it('accepts known topics, kebab-case tags and a one-sentence tldr', () => {
    expect(checkRequest(options({ topics: ['retrieval-augmented', 'visual-generation'], tags: ['image-generation'], tldr: 'One sentence.' }), survey)).toEqual([]);
  });
  it.each([
    [{ topics: [] }, 'Give at least one topic with --topic <id>, the most specific first.', VALID_TOPICS],
    [{ topics: ['nlp'] }, '--topic nlp: unknown topic "nlp".', `${VALID_TOPICS} A new topic needs its own content/topics/nlp.mdx first.`],
    [
      { topics: ['visual-generatoin'] },
      '--topic visual-generatoin: unknown topic "visual-generatoin".',
      `Did you mean visual-generation? ${VALID_TOPICS} A new topic needs its own content/topics/visual-generatoin.mdx first.`,
    ],
    [{ tags: ['Image Generation'] }, '--tag Image Generation: a tag must be lowercase kebab-case.', 'Write it as image-generation.'],
    [{ id: 'Semi_Parametric' }, '--id Semi_Parametric: the id becomes the file name and the URL, so it must be lowercase kebab-case.', 'Write it as semi-parametric.'],
    [{ tldr: 'x'.repeat(321) }, '--tldr must be one sentence of 1 to 320 characters; it has 321.', 'Say what the paper does, from its abstract, in one sentence.'],
    [{ tags: ['x'.repeat(81)] }, `--tag ${'x'.repeat(81)}: the tag has 81 characters, more than the 80 an id or tag may have.`, 'Choose a shorter tag, or another word.'],
    [{ id: 'nul' }, '--id nul: the id becomes the file name and the URL, and it is a name Windows keeps for a device, so the repository could not be checked out there, nor the offline edition unzipped.', 'Choose a shorter id, or another word.'],
  ])('refuses %o', (extra, message, fix) => {
    expect(checkRequest(options(extra), survey)).toEqual([{ message, fix }]);
  });
  it('reports every problem at once', () => {
    expect(checkRequest(options({ topics: ['nlp', 'cv'], tags: ['A B'] }), survey)).toHaveLength(3);
  });
});

describe('findExisting', () => {
  const papers = [existing('var'), existing('pv-rnn')];
  const fix = 'Edit that file instead, for instance to add a topic or a tag; the survey lists each paper once.';
  it.each([
    [{ arxiv: '2404.02905' }, 'arXiv 2404.02905 is already in the survey: content/papers/var.mdx.'],
    [{ doi: '10.1162/NECO_A_01228' }, 'DOI 10.1162/NECO_A_01228 is already in the survey: content/papers/pv-rnn.mdx.'],
    [
      { title: 'Visual autoregressive modeling — scalable image generation via next-scale prediction!' },
      '"Visual autoregressive modeling — scalable image generation via next-scale prediction!" is already in the survey: content/papers/var.mdx has the same title.',
    ],
  ])('refuses %o and names the file', (paper, message) => {
    expect(findExisting(paper, papers)).toEqual([{ message, fix }]);
  });
  it('lets a new paper through', () => {
    expect(findExisting(semiParametric(), papers)).toEqual([]);
  });
});

describe('paperId', () => {
  it.each([
    ['Judge Decoding: Faster Speculative Sampling Requires Going Beyond Model Alignment', 'Gregor Bachmann', 2025, 'judge-decoding'],
    ['VARGPT-v1.1: Improve Visual Autoregressive Large Unified Model via Iterative Instruction Tuning and Reinforcement Learning', 'Xianwei Zhuang', 2025, 'vargpt-v1-1'],
    ['Autoregressive Search Engines: Generating Substrings as Document Identifiers', 'Michele Bevilacqua', 2022, 'autoregressive-search-engines'],
    ['Semi-Parametric Neural Image Synthesis', 'Andreas Blattmann', 2022, 'blattmann-2022-semi-parametric'],
    ['A Novel Predictive-Coding-Inspired Variational RNN Model for Online Prediction and Recognition', 'Ahmadreza Ahmadi', 2019, 'ahmadi-2019-novel'],
    ['Is Mamba Effective for Time Series Forecasting?', 'Zihan Wang', 2024, 'wang-2024-mamba'],
    // Made-up rows for the edge cases: a long prefix is no short name; letters without ASCII forms.
    ['A Prefix That Is Far Too Long: Anything', 'Ada Lovelace', 2024, 'lovelace-2024-prefix'],
    ['Über Straßen', 'Åsa Ødegård', 2024, 'odegard-2024-uber'],
    ['Łódź: A City', 'Ada Lovelace', 2024, 'lodz'],
    // A name Windows keeps for a device is no file name; nor is a name past 80 characters.
    ['AUX: Auxiliary Losses', 'Ada Lovelace', 2024, 'lovelace-2024-aux'],
    ['Studies', `Ada ${'Wolfeschlegelsteinhausenbergerdorff'.repeat(2)}`, 2024, `${'wolfeschlegelsteinhausenbergerdorff'.repeat(2)}-2024`],
  ])('%s → %s', (title, author, year, id) => {
    expect(paperId({ title, authors: [author], year })).toBe(id);
  });
  it('names a paper by its arXiv id, or else "paper" and its year, when neither its title nor its first author has a Latin letter', () => {
    expect(paperId({ title: '图神经网络 综述', authors: ['王小明'], year: 2024, arxiv: '2409.00001' })).toBe('arxiv-2409-00001');
    expect(paperId({ title: '图神经网络 综述', authors: ['王小明'], year: 2024 })).toBe('paper-2024');
  });
});

describe('buildPaper', () => {
  it('writes every field the source fills, in the survey order, with added = the given date', () => {
    const paper = buildPaper(semiParametric(), options({ topics: ['retrieval-augmented', 'visual-generation'], tags: ['image-generation'] }), '2026-11-29');
    expect(paper.file).toBe('content/papers/blattmann-2022-semi-parametric.mdx');
    const data = frontmatter(paper.text);
    expect(Object.keys(data)).toEqual(['title', 'authors', 'year', 'arxiv', 'topics', 'tags', 'abstract', 'added']);
    expect(data).toMatchObject({
      title: 'Semi-Parametric Neural Image Synthesis',
      authors: ['Andreas Blattmann', 'Robin Rombach', 'Kaan Oktay', 'Jonas Müller', 'Björn Ommer'],
      year: 2022,
      arxiv: '2204.11824',
      topics: ['retrieval-augmented', 'visual-generation'],
      tags: ['image-generation'],
      abstract: semiParametric().abstract,
      added: '2026-11-29',
    });
    expect(paper.text).toContain('arxiv: "2204.11824"\n');
  });

  it('leaves a commented tldr that the check rejects until the contributor writes one', async () => {
    const paper = buildPaper(semiParametric(), options(), '2026-11-29');
    expect(paper.missing).toEqual(['tldr']);
    expect(paper.text.split('\n')[paper.tldrLine - 1]).toMatch(/^# tldr: replace these three lines with one sentence/);
    const issues = await check(paper.file, paper.text);
    expect(issues.map((i) => [i.rule, i.message])).toEqual([['schema', 'tldr is missing.']]);
    // On the placeholder, where the contributor is to write it.
    expect(issues[0]!.line).toBe(paper.tldrLine);
  });

  it('writes a file that passes the check once it has a tldr, its notes template rendering nothing', async () => {
    const paper = buildPaper(semiParametric(), options({ tldr: TLDR }), '2026-11-29');
    expect(paper.missing).toEqual([]);
    expect(frontmatter(paper.text)['tldr']).toBe(TLDR);
    expect(paper.text).toMatch(/\n---\n\n\{\/\*\nCurator's notes[\s\S]*## Key idea[\s\S]*\*\/\}\n$/);
    const compiled = await compilePaper(paper.file, paper.text, { base: '/' });
    expect(compiled.issues).toEqual([]);
    expect(compiled.html.trim()).toBe('');
  });

  it('marks a missing abstract the same way', async () => {
    const meta = parseBibtexEntry(readFileSync(join(BIB, 'pv-rnn-doi.bib'), 'utf8'));
    const paper = buildPaper(meta, options({ topics: ['video-prediction'], tldr: 'One sentence.' }), '2026-11-29');
    expect(paper.missing).toEqual(['abstract']);
    expect(paper.text).toContain('# abstract: the source had none. Replace these three lines with the abstract as published:');
    expect((await check(paper.file, paper.text)).map((i) => i.message)).toEqual(['abstract is missing.']);
  });

  it('offers the name the abstract introduces, commented out; kept, it passes the check and is shown', async () => {
    const meta = metadataFromArxiv(parseArxivResponse(readFileSync(join(ARXIV, '1811.01339.xml'), 'utf8')));
    const paper = buildPaper(meta, options({ topics: ['video-prediction'], tldr: 'One sentence.' }), '2026-11-29');
    expect(paper.name?.value).toBe('PV-RNN');
    const lines = paper.text.split('\n');
    expect(lines[paper.name!.line - 1]).toBe('# name: PV-RNN');
    expect(frontmatter(paper.text)).not.toHaveProperty('name');
    expect(await check(paper.file, paper.text)).toEqual([]);
    lines[paper.name!.line - 1] = 'name: PV-RNN';
    const kept = lines.join('\n');
    expect(frontmatter(kept)['name']).toBe('PV-RNN');
    expect(await check(paper.file, kept)).toEqual([]);
    expect(nextSteps(paper, meta, options({ topics: ['video-prediction'], tags: [] }), [])).toContain('Add tags: [...]: three to six keywords');
    expect(nextSteps(paper, meta, options({ topics: ['video-prediction'], tags: ['time-series'] }), [])).not.toContain('Add tags');
    expect(nextSteps(paper, meta, options({ topics: ['video-prediction'] }), [])).toContain(`The abstract introduces the name PV-RNN: if the paper goes by it, delete the "# " before name: at line ${paper.name!.line}`);
    expect(buildPaper(semiParametric(), options(), '2026-11-29').name).toBeUndefined();
  });

  it('keeps a title\'s TeX as arXiv gives it, through YAML quoting, and the check renders it', async () => {
    // ": " makes YAML quote the title, and a backslash in double quotes must then be written twice.
    const title = '$\\infty$-former: Infinite Memory with $\\mathcal{O}(1)$ Cost';
    const paper = buildPaper({ ...semiParametric(), title }, options({ tldr: 'One sentence.' }), '2026-11-29');
    expect(frontmatter(paper.text)['title']).toBe(title);
    expect(await check(paper.file, paper.text)).toEqual([]);
  });

  it('uses --id for the file name and --content for the folder', () => {
    expect(buildPaper(semiParametric(), options({ id: 'rdm' }), '2026-11-29', '/tmp/survey/content/').file).toBe('/tmp/survey/content/papers/rdm.mdx');
  });
});

describe('suggestedName', () => {
  it.each([
    ['Visual Autoregressive Modeling: Scalable Image Generation', 'We present Visual AutoRegressive modeling (VAR), a new generation paradigm.', 'VAR'],
    ['Is Mamba Effective for Time Series Forecasting?', 'Therefore, we propose a Mamba-based model named Simple-Mamba (S-Mamba) for TSF.', 'S-Mamba'],
    ['Accelerating Diffusion Language Model Inference', 'First, we propose FreeCache, a Key-Value (KV) approximation caching technique.', 'FreeCache'],
    ['Elucidating the design space', 'Finally, our elucidated language model for image generation, termed as ELM, achieves the best FID.', 'ELM'],
    ['Dimple: Discrete Diffusion Multimodal Large Language Model', 'We propose Dimple, the first Discrete Diffusion Multimodal Large Language Model (DMLLM).', undefined],
    ['Speculative Decoding for LLMs', 'We propose a method for large language models (LLMs) that decodes faster.', undefined],
    ['A Survey of Models', 'Autoregressive (AR) models dominate; this survey reviews them.', undefined],
  ])('for "%s": %s', (title, abstract, name) => {
    expect(suggestedName(title, abstract)).toBe(name);
  });
});

describe('nextSteps', () => {
  it('names the file, the tldr line, and the commands up to the pull request', () => {
    const meta = semiParametric();
    const paper = buildPaper(meta, options(), '2026-11-29');
    const text = nextSteps(paper, meta, options(), newTags(['image-generaton'], [{ ...existing('var') }]));
    expect(text).toContain('Wrote content/papers/blattmann-2022-semi-parametric.mdx\n  Semi-Parametric Neural Image Synthesis (2022, arXiv 2204.11824)');
    expect(text).toContain(`1. Write the tldr at line ${paper.tldrLine}, in place of the three comment lines: one sentence from the abstract. The check fails until you do.`);
    expect(text).toContain('No paper uses the tag image-generaton yet: keep a new tag only if others will share it. Did you mean image-generation for image-generaton?');
    expect(text).toMatch(/\d\. npm run check\n/);
    expect(text).toContain('npm run build && npm run preview, then open /papers/blattmann-2022-semi-parametric/ and /topics/retrieval-augmented/');
  });

  it('shows the control characters of what it quotes, which would act on the terminal', () => {
    const meta = { ...semiParametric(), title: 'Bib \u001b]0;BIB-PWNED\u0007\u001b[2J Cleared', notes: ['The venue was read from "ICML\u202e 2023".'] };
    const text = nextSteps(buildPaper(meta, options(), '2026-11-29'), meta, options(), []);
    expect(text).toContain('  Bib \\x1B]0;BIB-PWNED\\x07\\x1B[2J Cleared (2022, arXiv 2204.11824)');
    expect(text).toContain('The venue was read from "ICMLU+202E 2023".');
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/);
    expect(formatProblem({ message: 'x.bib: "\u001b[2J"', fix: 'One.\nTwo \u0007.' })).toBe('x.bib: "\\x1B[2J"\n  One.\n  Two \\x07.');
  });
});

it.each([
  ['2026-11-29', true],
  ['2026-13-01', false],
  ['2026-11-29T00:00', false],
])('isIsoDate(%s) is %s', (text, expected) => {
  expect(isIsoDate(text)).toBe(expected);
});

/** A throwaway copy of the fixture survey, and the command run in it with the terminal captured. */
function sandbox() {
  const dir = mkdtempSync(join(tmpdir(), 'new-paper-'));
  cpSync(SURVEY, join(dir, 'content'), { recursive: true });
  const out: string[] = [];
  const err: string[] = [];
  const noNetwork: Fetch = async () => {
    throw new Error('a test tried to use the network');
  };
  const io = (fetch: Fetch = noNetwork, cwd = process.cwd()): Io => ({ fetch, log: (t) => out.push(t), error: (t) => err.push(t), today: () => '2026-11-29', cwd });
  const papers = () => readdirSync(join(dir, 'content', 'papers')).sort();
  return {
    dir,
    papers,
    out,
    err,
    run: (argv: string[], fetch?: Fetch) => run([...argv, '--content', join(dir, 'content')], io(fetch)),
    /** The command typed in `cwd`, with the arguments as given. */
    runIn: (cwd: string, argv: string[]) => run(argv, io(undefined, cwd)),
  };
}

describe('npm run new-paper', () => {
  it('adds a paper from a saved arXiv response', async () => {
    const s = sandbox();
    expect(await s.run([join(ARXIV, '2204.11824.xml'), '--topic', 'retrieval-augmented', '--tldr', TLDR])).toBe(0);
    const file = join(s.dir, 'content/papers/blattmann-2022-semi-parametric.mdx');
    expect(frontmatter(readFileSync(file, 'utf8'))).toMatchObject({ arxiv: '2204.11824', added: '2026-11-29', tldr: TLDR });
    expect(s.out.join('\n')).toContain(`Wrote ${file}`);
    expect(s.err).toEqual([]);
  });

  it('adds a paper from a .bib file', async () => {
    const s = sandbox();
    expect(await s.run([join(BIB, 'judge-decoding.bib'), '--topic', 'speculative-decoding'])).toBe(0);
    expect(frontmatter(readFileSync(join(s.dir, 'content/papers/judge-decoding.mdx'), 'utf8'))).toMatchObject({ venue: 'ICLR 2025', year: 2025 });
  });

  it('reads a relative source and --content from the folder the command was typed in', async () => {
    const s = sandbox();
    expect(await s.runIn(BIB, ['judge-decoding.bib', '--topic', 'speculative-decoding', '--content', join(s.dir, 'content')])).toBe(0);
    expect(await s.runIn(join(s.dir, 'content', 'papers'), [join(BIB, 'pv-rnn-doi.bib'), '--topic', 'video-prediction', '--content', '..'])).toBe(1);
    expect(s.err).toEqual([expect.stringContaining(`DOI 10.1162/neco_a_01228 is already in the survey: ${join(s.dir, 'content')}/papers/pv-rnn.mdx.`)]);
    expect(s.papers()).toContain('judge-decoding.mdx');
  });

  it('writes TeX escapes of a BibTeX title as text, and keeps \\$ in the abstract, where $ starts math', async () => {
    const s = sandbox();
    const bib = join(s.dir, 'cheap.bib');
    writeFileSync(
      bib,
      String.raw`@inproceedings{k, title = {Training Under \$5 \& 10\% of the Time}, author = {Lovelace, Ada}, year = {2023}, doi = {10.1000/cheap},
        booktitle = {Proceedings of the 40th International Conference on Machine Learning}, abstract = {It costs \$5 \& beats $x^2$ by 10\%.}}`,
    );
    expect(await s.run([bib, '--topic', 'pretraining', '--tldr', 'Cheap training.'])).toBe(0);
    const text = readFileSync(join(s.dir, 'content/papers/lovelace-2023-training.mdx'), 'utf8');
    expect(frontmatter(text)).toMatchObject({ title: 'Training Under $5 & 10% of the Time', venue: 'ICML 2023', abstract: String.raw`It costs \$5 & beats $x^2$ by 10%.` });
    const compiled = await compilePaper('content/papers/lovelace-2023-training.mdx', text, { base: '/' });
    expect(compiled.issues).toEqual([]);
    expect(compiled.abstractText).toBe('It costs $5 & beats x2 by 10%.');
    expect(s.out.join('\n')).toContain('The venue was read from "Proceedings of the 40th International Conference on Machine Learning": check it, in the form "NeurIPS 2024".');
  });

  it('says what the check will refuse in the text as the source gives it, line by line', async () => {
    const s = sandbox();
    const bib = join(s.dir, 'links.bib');
    writeFileSync(
      bib,
      String.raw`@misc{k, title = {Linked Abstracts}, author = {Lovelace, Ada}, year = {2023}, doi = {10.1000/links},
        abstract = {Code is at http://example.org/code and the demo costs \$5.}}`,
    );
    expect(await s.run([bib, '--topic', 'pretraining', '--tldr', 'Links in an abstract.'])).toBe(0);
    const text = readFileSync(join(s.dir, 'content/papers/lovelace-2023-linked.mdx'), 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('http://example.org')) + 1;
    const { issues } = await compilePaper('content/papers/lovelace-2023-linked.mdx', text, { base: '/' });
    expect(issues.map((i) => i.rule)).toEqual(['insecure-url']);
    expect(s.out.join('\n')).toMatch(new RegExp(`Line ${line}: abstract: .*http://example.org/code.* The check fails until you do \\(insecure-url\\)\\.`));
    // The tldr still to write is a step of its own, not a problem the check found.
    const s2 = sandbox();
    expect(await s2.run([join(ARXIV, '2204.11824.xml'), '--topic', 'retrieval-augmented'])).toBe(0);
    expect(s2.out.join('\n')).not.toContain('The check fails until you do (');
  });

  it('asks the arXiv API for a bare id', async () => {
    const s = sandbox();
    const asked: string[] = [];
    const fetch: Fetch = async (url) => {
      asked.push(url);
      return { ok: true, status: 200, statusText: 'OK', text: async () => readFileSync(join(ARXIV, '2204.11824.xml'), 'utf8') };
    };
    expect(await s.run(['https://arxiv.org/abs/2204.11824v1', '--topic', 'retrieval-augmented'], fetch)).toBe(0);
    expect(asked).toEqual(['https://export.arxiv.org/api/query?id_list=2204.11824']);
    expect(s.papers()).toContain('blattmann-2022-semi-parametric.mdx');
  });

  it.each([
    // what the contributor runs, the first line printed, and the exit code is 1 with no file written
    ['a paper already present (by arXiv id, before any network use)', ['1811.01339', '--topic', 'video-prediction'], 'new-paper: arXiv 1811.01339 is already in the survey: {content}/papers/pv-rnn.mdx.'],
    ['a paper already present (from its saved response)', [join(ARXIV, '1811.01339.xml'), '--topic', 'video-prediction'], 'new-paper: arXiv 1811.01339 is already in the survey: {content}/papers/pv-rnn.mdx.'],
    ['a paper already present (by DOI)', [join(BIB, 'pv-rnn-doi.bib'), '--topic', 'video-prediction'], 'new-paper: DOI 10.1162/neco_a_01228 is already in the survey: {content}/papers/pv-rnn.mdx.'],
    ['an unknown topic', [join(ARXIV, '2204.11824.xml'), '--topic', 'nlp'], 'new-paper: --topic nlp: unknown topic "nlp".'],
    ['an existing file', [join(ARXIV, '2204.11824.xml'), '--topic', 'pretraining', '--id', 'var'], 'new-paper: {content}/papers/var.mdx already exists and is another paper.'],
    ['an id arXiv does not know', [join(ARXIV, 'unknown-id.xml'), '--topic', 'pretraining'], 'new-paper: arXiv knows no paper with the id 2204.99999'],
    ['malformed XML', [join(ARXIV, 'malformed.xml'), '--topic', 'pretraining'], 'new-paper: {arxiv}/malformed.xml is cut off'],
    ['a .bib with two entries', [join(BIB, 'two-entries.bib'), '--topic', 'pretraining'], 'new-paper: {bib}/two-entries.bib holds 2 entries'],
    ['a .bib with no entry', [join(BIB, 'empty.bib'), '--topic', 'pretraining'], 'new-paper: {bib}/empty.bib holds no BibTeX entry.'],
    ['malformed BibTeX', [join(BIB, 'malformed.bib'), '--topic', 'pretraining'], 'new-paper: {bib}/malformed.bib:1:15 is not valid BibTeX'],
    ['a missing file', ['nowhere.bib', '--topic', 'pretraining'], `new-paper: There is no file nowhere.bib (looked for ${resolve('nowhere.bib')}).`],
    ['a .bib file that is not UTF-8', [join(BIB, 'latin-1.bib'), '--topic', 'pretraining'], 'new-paper: {bib}/latin-1.bib:2:25: The file is not valid UTF-8: byte 0xE9 here'],
  ])('refuses %s', async (_, argv, first) => {
    const s = sandbox();
    const before = s.papers();
    expect(await s.run(argv)).toBe(1);
    const expected = first.replace('{content}', join(s.dir, 'content')).replace('{arxiv}', ARXIV).replace('{bib}', BIB);
    expect(s.err[0]).toContain(expected);
    expect(s.papers()).toEqual(before);
    expect(s.out).toEqual([]);
  });

  it('lists the valid topics when refusing an unknown one', async () => {
    const s = sandbox();
    await s.run([join(ARXIV, '2204.11824.xml'), '--topic', 'nlp']);
    expect(s.err[0]).toContain(`\n  ${VALID_TOPICS}`);
  });

  it('never overwrites a file, even one it wrote itself', async () => {
    const s = sandbox();
    const args = [join(ARXIV, '2204.11824.xml'), '--topic', 'retrieval-augmented'];
    expect(await s.run(args)).toBe(0);
    const file = join(s.dir, 'content/papers/blattmann-2022-semi-parametric.mdx');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^# tldr: replace.*\n.*\n.*\n/m, `tldr: ${TLDR}\n`));
    const edited = readFileSync(file, 'utf8');
    expect(await s.run([...args, '--id', 'blattmann-2022-semi-parametric'])).toBe(1);
    expect(s.err[0]).toContain('arXiv 2204.11824 is already in the survey');
    expect(readFileSync(file, 'utf8')).toBe(edited);
  });

  it('explains a network error and suggests the offline forms', async () => {
    const s = sandbox();
    const offline: Fetch = async () => {
      throw new TypeError('fetch failed', { cause: { code: 'EAI_AGAIN' } });
    };
    expect(await s.run(['2204.11824', '--topic', 'retrieval-augmented'], offline)).toBe(1);
    expect(s.err).toEqual([
      'new-paper: Could not reach arXiv to look up 2204.11824 (export.arxiv.org could not be resolved: is this machine offline?).\n' +
        '  Work offline instead: open https://export.arxiv.org/api/query?id_list=2204.11824 in a browser, save the page as 2204.11824.xml, ' +
        "and run npm run new-paper -- 2204.11824.xml --topic retrieval-augmented; or export the paper's BibTeX entry to a .bib file and run npm run new-paper -- paper.bib --topic retrieval-augmented.",
    ]);
  });
});

describe('the real command, as a contributor runs it', () => {
  const tsx = resolve('node_modules/.bin/tsx');
  const spawn = (args: string[], cwd: string) => spawnSync(tsx, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: '' }, timeout: 120_000 });

  it('writes a file that fails the check without a tldr and passes it with one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'new-paper-cli-'));
    cpSync(SURVEY, join(dir, 'content'), { recursive: true });
    const added = spawn([resolve('scripts/new-paper.ts'), join(ARXIV, '2204.11824.xml'), '--topic', 'retrieval-augmented', '--date', '2026-11-29'], dir);
    expect(added.stderr).toBe('');
    expect(added.status).toBe(0);
    expect(added.stdout).toContain('Wrote content/papers/blattmann-2022-semi-parametric.mdx');

    const unfinished = spawn([resolve('scripts/check.ts'), dir], dir);
    expect(unfinished.status).toBe(1);
    expect(unfinished.stdout).toMatch(/content\/papers\/blattmann-2022-semi-parametric\.mdx:1[0-9]:1  schema  tldr is missing\./);

    const file = join(dir, 'content/papers/blattmann-2022-semi-parametric.mdx');
    // What the contributor does: replace the three comment lines with the sentence.
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^# tldr: replace.*\n.*\n.*\n/m, `tldr: ${TLDR}\n`));
    const finished = spawn([resolve('scripts/check.ts'), dir], dir);
    expect(finished.stdout).toContain('Checked 3 papers and 7 topics. No problems found.');
    expect(finished.status).toBe(0);
    expect(existsSync(join(dir, 'content/papers/var.mdx'))).toBe(true);
  }, 60_000);

  it('reads a relative source from the folder it was typed in, though npm runs it from the root', () => {
    const dir = mkdtempSync(join(tmpdir(), 'new-paper-cli-'));
    cpSync(SURVEY, join(dir, 'content'), { recursive: true });
    cpSync(join(BIB, 'judge-decoding.bib'), join(dir, 'notes', 'judge-decoding.bib'));
    const added = spawnSync(tsx, [resolve('scripts/new-paper.ts'), 'judge-decoding.bib', '--topic', 'speculative-decoding'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, INIT_CWD: join(dir, 'notes') },
      timeout: 120_000,
    });
    expect(added.stderr).toBe('');
    expect(added.stdout).toContain('Wrote content/papers/judge-decoding.mdx');
    expect(existsSync(join(dir, 'content/papers/judge-decoding.mdx'))).toBe(true);
  }, 60_000);
});
