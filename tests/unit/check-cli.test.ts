import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatGithubAnnotation, type Issue } from '../../src/lib/issues';
import { mdx, validPaper } from '../helpers/content';

/** Runs `npm run check -- <args>` as npm does: from the project root, with INIT_CWD where it was typed. */
const checkWith = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(resolve('node_modules/.bin/tsx'), [resolve('scripts/check.ts'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: '', INIT_CWD: process.cwd(), ...env },
    timeout: 120_000,
  });
/** Runs `npm run check` the way CI does, on a fixture survey. */
const check = (root: string, args: string[] = [], env: Record<string, string> = {}) => checkWith([resolve(root), ...args], env);
const issuesOf = (result: ReturnType<typeof check>) => (JSON.parse(result.stdout) as { issues: Issue[] }).issues;

describe('formatGithubAnnotation', () => {
  it('annotates the file and line in the pull request, with the rule as title and the fix appended', () => {
    const issue: Issue = { file: 'content/papers/x.mdx', line: 7, column: 3, rule: 'unknown-topic', message: 'topics[1]: unknown topic "nlp".', fix: 'Use one of: a, b.' };
    expect(formatGithubAnnotation(issue)).toBe(
      '::error file=content/papers/x.mdx,line=7,col=3,title=unknown-topic::topics[1]: unknown topic "nlp". Use one of: a, b.',
    );
  });

  it('escapes what would end or corrupt the workflow command', () => {
    const issue: Issue = { file: 'content/papers/x.mdx', line: 1, column: 1, rule: 'math', message: 'cuts 50% off\nthe next line\r' };
    expect(formatGithubAnnotation(issue)).toBe('::error file=content/papers/x.mdx,line=1,col=1,title=math::cuts 50%25 off%0Athe next line%0D');
  });

  it('escapes the properties as GitHub does, so that a file name can add no property or command', () => {
    const file = 'content/papers/x\n::error file=README.md,line=1,title=Injected::Forged\u001b[2K.mdx';
    const issue: Issue = { file, line: 1, column: 1, rule: 'file-name', message: `The file name "${file.slice(15, -4)}" is not a valid id.` };
    expect(formatGithubAnnotation(issue)).toBe(
      '::error file=content/papers/x%0A%3A%3Aerror file=README.md%2Cline=1%2Ctitle=Injected%3A%3AForged\\x1B[2K.mdx,line=1,col=1,title=file-name::' +
        'The file name "x%0A::error file=README.md,line=1,title=Injected::Forged\\x1B[2K" is not a valid id.',
    );
  });
});

describe('npm run check', () => {
  it('prints every problem as JSON with --json, and exits with 1', () => {
    const result = check('tests/fixtures/survey', ['--json']);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { papers: number; topics: number; issues: Issue[] };
    expect(report.papers).toBe(12);
    expect(report.topics).toBe(2);
    expect(report.issues).toContainEqual({
      file: 'content/papers/bad-references.mdx',
      line: 6,
      column: 20,
      rule: 'unknown-topic',
      message: 'topics[1]: unknown topic "nlp".',
      fix: 'Use one of: decoding, orphan; or add content/topics/nlp.mdx.',
    });
    expect(new Set(report.issues.map((i) => i.rule))).toContain('mdx-esm');
    for (const issue of report.issues) expect(Object.keys(issue)).toEqual(expect.arrayContaining(['file', 'line', 'column', 'rule', 'message']));
  }, 60_000);

  it('adds GitHub annotations when CI is set, one per problem', () => {
    const result = check('tests/fixtures/survey', [], { CI: 'true' });
    const lines = result.stdout.split('\n');
    const problems = lines.filter((l) => /^content\/\S+:\d+:\d+ {2}/.test(l));
    const annotations = lines.filter((l) => l.startsWith('::error '));
    expect(annotations).toHaveLength(problems.length);
    expect(problems).toContain(
      'content/papers/bad-references.mdx:6:20  unknown-topic  topics[1]: unknown topic "nlp".  (Use one of: decoding, orphan; or add content/topics/nlp.mdx.)',
    );
    expect(annotations).toContain(
      '::error file=content/papers/bad-references.mdx,line=6,col=20,title=unknown-topic::topics[1]: unknown topic "nlp". Use one of: decoding, orphan; or add content/topics/nlp.mdx.',
    );
    expect(result.status).toBe(1);
  }, 60_000);

  it('prints no annotation and exits with 0 on a clean survey', () => {
    const result = check('tests/fixtures/new-paper');
    expect(result.stdout).toBe('Checked 2 papers and 7 topics. No problems found.\n');
    expect(result.status).toBe(0);
    expect(JSON.parse(check('tests/fixtures/new-paper', ['--json']).stdout)).toEqual({ papers: 2, topics: 7, issues: [], hints: [] });
  }, 60_000);

  it('hints at a tag that may be misspelt, as a warning in CI, without failing', () => {
    // A tag no other paper has, a letter or two from one that another paper has; a short new tag
    // (`vae`) is never taken for one: one letter apart, `vae` and `mae` are different keywords.
    const root = mkdtempSync(join(tmpdir(), 'check-tags-'));
    try {
      cpSync('tests/fixtures/new-paper', root, { recursive: true });
      const tags = ['image-generaton', 'rnns', 'vae'];
      writeFileSync(join(root, 'content/papers/typo.mdx'), mdx({ ...validPaper, arxiv: '2403.00001', tags }));
      const result = check(root, [], { CI: 'true' });
      const lines = result.stdout.split('\n');
      const fix = '  (If they are the same keyword, spell it the same way in every paper; the Tags page lists the tags in use.)';
      // Each paper of a pair whose tag no other paper has gets the hint: either may be the misspelt one.
      expect(lines.filter((l) => l.startsWith('content/'))).toEqual([
        `content/papers/typo.mdx:11:5  tag-typo  tags[0]: no other paper has the tag "image-generaton", but content/papers/var.mdx has "image-generation": a misspelling?${fix}`,
        `content/papers/typo.mdx:12:5  tag-typo  tags[1]: no other paper has the tag "rnns", but content/papers/pv-rnn.mdx has "rnn": a misspelling?${fix}`,
        `content/papers/var.mdx:15:31  tag-typo  tags[1]: no other paper has the tag "image-generation", but content/papers/typo.mdx has "image-generaton": a misspelling?${fix}`,
      ]);
      expect(lines.filter((l) => l.startsWith('::'))).toEqual([
        expect.stringMatching(/^::warning file=content\/papers\/typo\.mdx,line=11,col=5,title=tag-typo::/),
        expect.stringMatching(/^::warning file=content\/papers\/typo\.mdx,line=12,col=5,title=tag-typo::/),
        expect.stringMatching(/^::warning file=content\/papers\/var\.mdx,line=15,col=31,title=tag-typo::/),
      ]);
      expect(lines).toContain('Checked 3 papers and 7 topics. No problems found.');
      expect(result.status).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('npm run check on files named to fool a terminal or CI', () => {
  it('prints their names and what they hold with every control character visible, and no line GitHub reads as a command', () => {
    const root = mkdtempSync(join(tmpdir(), 'check-names-'));
    try {
      cpSync('tests/fixtures/new-paper', root, { recursive: true });
      writeFileSync(join(root, 'content/papers/x\n::error file=README.md,line=1,title=Injected::Forged.mdx'), mdx({ ...validPaper, arxiv: '2403.00001' }));
      writeFileSync(join(root, 'content/papers/esc\u001b]0;PWNED\u0007.mdx'), mdx({ ...validPaper, arxiv: '2403.00002', title: 'Another Title' }));
      const result = check(root, [], { CI: 'true' });
      const lines = result.stdout.split('\n');
      expect(result.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
      expect(lines.filter((l) => l.startsWith('::')).map((l) => l.slice(0, l.indexOf(',line=')))).toEqual([
        '::error file=content/papers/esc\\x1B]0;PWNED\\x07.mdx',
        '::error file=content/papers/x%0A%3A%3Aerror file=README.md%2Cline=1%2Ctitle=Injected%3A%3AForged.mdx',
      ]);
      expect(lines.filter((l) => l.startsWith('content/')).map((l) => l.split('  ')[0])).toEqual([
        'content/papers/esc\\x1B]0;PWNED\\x07.mdx:1:1',
        'content/papers/x\\x0A::error file=README.md,line=1,title=Injected::Forged.mdx:1:1',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('npm run check -- <path>', () => {
  const SURVEY = resolve('tests/fixtures/survey');

  it('checks the whole survey but prints only the problems of the named file, cross-file rules included', () => {
    const result = checkWith(['content/papers/bad-duplicate.mdx'], { INIT_CWD: SURVEY });
    const lines = result.stdout.trim().split('\n');
    expect(lines.slice(0, -1).map((l) => l.split('  ')[1])).toEqual(['duplicate-title', 'duplicate-arxiv', 'duplicate-doi']);
    expect(lines.slice(0, -1).every((l) => l.startsWith('content/papers/bad-duplicate.mdx:'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^Checked content\/papers\/bad-duplicate\.mdx: 3 problems\. Other files have \d+ problems: run npm run check without a path to see them\.$/);
    expect(result.status).toBe(1);
  }, 60_000);

  it('reports on a folder, and names what it checked in --json', () => {
    const result = checkWith([join(SURVEY, 'content/topics'), '--json']);
    expect(JSON.parse(result.stdout)).toMatchObject({ topics: 2, checked: ['content/topics/'], issues: [{ file: 'content/topics/orphan.mdx', rule: 'unknown-parent' }] });
    expect(issuesOf(result)).toHaveLength(1);
    expect(result.status).toBe(1);
  }, 60_000);

  it('says so when the named file has no problem, and exits with 0', () => {
    const result = checkWith(['papers/var.mdx'], { INIT_CWD: resolve('tests/fixtures/new-paper/content') });
    expect(result.stdout).toBe('Checked content/papers/var.mdx: no problems found.\n');
    expect(result.status).toBe(0);
  }, 60_000);

  it.each([
    // arguments, folder the command is typed in, what it prints on stderr
    [['content/papers/nowhere.mdx'], SURVEY, `check: There is no file or folder content/papers/nowhere.mdx (looked for ${SURVEY}/content/papers/nowhere.mdx).`],
    [['tests'], process.cwd(), "check: tests is neither a survey (a folder holding content/) nor a file or folder in one's content/."],
    [['--jsn'], process.cwd(), "check: Unknown option '--jsn'.\n  The options are --json and --help; npm run check -- --help explains them."],
    [['content/papers/_draft.mdx'], resolve('tests/fixtures/stray-files'), 'check: content/papers/_draft.mdx is a draft (its name starts with _), which the check and the build skip.\n  Rename it to content/papers/draft.mdx to check it.'],
  ])('refuses %j with exit code 2', (args, cwd, message) => {
    const result = checkWith(args, { INIT_CWD: cwd });
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(2);
  }, 60_000);
});

describe('files the check cannot read as they are', () => {
  it('reports every file under content/ that is never read, and skips drafts and hidden files', () => {
    const result = check('tests/fixtures/stray-files', ['--json']);
    const moveOut = 'anything else belongs outside content/.';
    expect(issuesOf(result).map((i) => [i.file, i.line, i.column, i.rule, i.fix])).toEqual([
      ['content/paper/x.mdx', 1, 1, 'stray-file', `If it is a paper, move it to content/papers/x.mdx; if a topic, to content/topics/x.mdx; ${moveOut}`],
      ['content/papers/2024/medusa2.mdx', 1, 1, 'stray-file', 'Move it to content/papers/medusa2.mdx.'],
      ['content/papers/notes.txt', 1, 1, 'stray-file', 'Delete it, or keep it outside content/.'],
      ['content/papers/shouting.MDX', 1, 1, 'stray-file', 'Rename it to content/papers/shouting.mdx.'],
      ['content/papers/t1.md', 1, 1, 'stray-file', 'Rename it to content/papers/t1.mdx.'],
      ['content/README.md', 1, 1, 'stray-file', `If it is a paper, move it to content/papers/README.mdx; if a topic, to content/topics/README.mdx; ${moveOut}`],
    ]);
    expect(issuesOf(result).find((i) => i.file === 'content/papers/t1.md')!.message).toBe('This file is never read: only files ending in .mdx (lowercase) are papers.');
    expect(result.status).toBe(1);
  }, 60_000);

  it('reports a file that is not UTF-8 at its first bad byte, past a real U+FFFD', () => {
    const result = check('tests/fixtures/not-utf8', ['--json']);
    expect(issuesOf(result)).toEqual([
      {
        file: 'content/papers/latin-1.mdx',
        line: 8,
        column: 45,
        rule: 'encoding',
        message: 'The file is not valid UTF-8: byte 0xE9 here is not part of any character (it would show as \uFFFD).',
        fix: 'Save the file as UTF-8 (in most editors: "Save with Encoding", then UTF-8) and check the characters around it.',
      },
    ]);
    expect(result.status).toBe(1);
  }, 60_000);

  it("reports the same problems from the compile cache of an installed project as when it compiles", () => {
    // In an installed project (with node_modules/) the check keeps what it compiled, as the build does.
    const root = mkdtempSync(join(tmpdir(), 'check-cache-'));
    try {
      cpSync('tests/fixtures/new-paper', root, { recursive: true });
      mkdirSync(join(root, 'node_modules'));
      writeFileSync(join(root, 'content/papers/broken.mdx'), `${mdx({ ...validPaper, arxiv: '2403.00001', year: 'soon' })}\nOne plus one is {1 + 1}.\n`);
      const first = check(root);
      expect(readdirSync(join(root, 'node_modules', '.cache', 'survey-press'))).toContain('compile-v6');
      const second = check(root);
      expect(first.stdout).toMatch(/content\/papers\/broken\.mdx:\d+:\d+ {2}schema {2}year/);
      expect(first.stdout).toMatch(/content\/papers\/broken\.mdx:\d+:\d+ {2}mdx-expression/);
      expect(second.stdout).toBe(first.stdout);
      expect([first.status, second.status]).toEqual([1, 1]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});
