import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/lib/issues';
import {
  createPool,
  editNotes,
  syntheticPaper,
  syntheticSurvey,
  type SourceFile,
  type SyntheticPool,
} from '../../src/lib/synthetic';
import { loadSurvey, type LoadedSurvey } from '../../src/node/content';
import { OUR_SURVEY } from '../helpers/survey';

const N = 200;
const read = (dir: string): SourceFile[] =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.mdx'))
    .map((name) => ({ file: `${dir}/${name}`, source: readFileSync(join(dir, name), 'utf8') }));
const frontmatter = (file: SourceFile) => parse(file.source.split('\n---\n')[0]!.replace(/^---\n/, '')) as Record<string, unknown>;

let pool: SyntheticPool;
let files: SourceFile[];
let papers: SourceFile[];
let root: string;
let survey: LoadedSurvey;

beforeAll(async () => {
  pool = createPool(read('content/papers'), read('content/topics'));
  files = syntheticSurvey(pool, N);
  papers = files.filter((f) => f.file.startsWith('content/papers/'));
  root = mkdtempSync(join(tmpdir(), 'synthetic-test-'));
  for (const file of files) {
    mkdirSync(dirname(join(root, file.file)), { recursive: true });
    writeFileSync(join(root, file.file), file.source);
  }
  survey = await loadSurvey({ root, base: '/' });
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe(`a synthetic survey of ${N} papers`, () => {
  it('passes the real content check without a single issue', () => {
    expect(survey.issues.map(formatIssue)).toEqual([]);
    expect(survey.papers).toHaveLength(N);
    expect(survey.topics.map((t) => t.id)).toEqual(pool.topicIds);
  });

  it('titles every paper as synthetic, so none passes for a real paper', () => {
    const titles = survey.papers.map((p) => p.data!.title);
    expect(titles.every((t) => t.startsWith('Synthetic: '))).toBe(true);
    expect(new Set(titles).size).toBe(N);
  });

  it('varies years over 2015-2026, topics over the real topics, and authors', () => {
    const data = survey.papers.map((p) => p.data!);
    const years = new Set(data.map((d) => d.year));
    expect(Math.min(...years)).toBeGreaterThanOrEqual(2015);
    expect(Math.max(...years)).toBeLessThanOrEqual(2026);
    expect(years.size).toBeGreaterThanOrEqual(8);
    expect(data.every((d) => d.topics.length >= 1 && d.topics.length <= 3)).toBe(true);
    expect(new Set(data.flatMap((d) => d.topics)).size).toBe(pool.topicIds.length);
    // Names are recombined from the real papers' given names and surnames: the first survey's give
    // far more than N authors; a new survey's few papers may give only a handful of combinations.
    const combinations = pool.givenNames.length * pool.surnames.length;
    const authors = new Set(data.flatMap((d) => d.authors)).size;
    if (OUR_SURVEY || combinations > 10 * N) expect(authors).toBeGreaterThan(N);
    else expect(authors).toBeGreaterThanOrEqual(Math.min(combinations, 2));
    // Results are drawn from the real papers' results, which a new survey may not have yet.
    if (OUR_SURVEY || pool.results.length > 0) expect(data.filter((d) => d.results.length > 0).length).toBeGreaterThan(N / 2);
    else expect(data.every((d) => d.results.length === 0)).toBe(true);
  });

  it('gives as large a share of papers a short name as the real survey, each its own', () => {
    const named = survey.papers.map((p) => p.data!.name).filter((name) => name !== undefined);
    // Synthetic paper i is modelled on real paper i modulo their number.
    const modelledOnNamed = Array.from({ length: N }, (_, i) => pool.bases[i % pool.bases.length]!).filter((base) => base.name).length;
    expect(named).toHaveLength(modelledOnNamed);
    expect(new Set(named).size).toBe(named.length);
  });

  it('renders math in every abstract, a display formula and links to other synthetic papers in every body', () => {
    for (const paper of survey.papers) {
      expect(paper.abstractHtml, paper.id).toContain('class="katex"');
      expect(paper.html, paper.id).toContain('class="katex-display"');
      expect(paper.html, paper.id).toMatch(/href="\/papers\/synthetic-\d{5}\/"/);
    }
  });

  // Only a survey whose topic narratives link papers has links to point elsewhere.
  const narrativesLinkPapers = read('content/topics').some((t) => /\]\(\/papers\//.test(t.source));
  it.runIf(narrativesLinkPapers)('points the copied topics at synthetic papers', () => {
    const links = survey.topics.flatMap((t) => t.links.filter((l) => l.kind === 'papers').map((l) => l.id));
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((id) => /^synthetic-\d{5}$/.test(id))).toBe(true);
  });

  it('is the same for the same seed and different for another', () => {
    expect(syntheticSurvey(pool, N)).toEqual(files);
    expect(syntheticPaper(pool, 7, N, 2).source).not.toBe(syntheticPaper(pool, 7, N, 1).source);
  });

  it('gives a paper the same front-matter whatever the size of the survey', () => {
    expect(frontmatter(syntheticPaper(pool, 3, 10))).toEqual(frontmatter(papers[3]!));
  });
});

describe('a synthetic survey drawn from papers without notes', () => {
  it('writes notes from the abstracts instead of failing', () => {
    // Notes are optional; a survey whose papers have none crashed the bench ("reading 'replace'").
    const bare = read('content/papers').slice(0, 5).map((f) => ({ ...f, source: `${f.source.split('\n---\n')[0]}\n---\n` }));
    const paper = syntheticPaper(createPool(bare, read('content/topics')), 0, 10).source;
    const notes = paper.split('\n---\n')[1]!;
    expect(notes).toContain('## Key idea');
    expect(notes).not.toContain('undefined');
    const sentences = bare.flatMap((f) => String(frontmatter(f)['abstract']).replace(/\s+/g, ' ').split(/(?<=[.!?]) /));
    expect(sentences.some((sentence) => sentence.length > 40 && notes.includes(sentence))).toBe(true);
  });
});

describe('editNotes', () => {
  it('adds a paragraph at the end of the notes and leaves the front-matter alone', () => {
    const edited = editNotes(papers[0]!.source, 'One more paragraph.');
    expect(edited.endsWith('\n\nOne more paragraph.\n')).toBe(true);
    expect(frontmatter({ file: '', source: edited })).toEqual(frontmatter(papers[0]!));
  });
});
