import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatGithubAnnotation, type Issue } from '../../src/lib/issues';

/** Runs `npm run check` the way CI does, on a fixture survey. */
const check = (root: string, args: string[] = [], env: Record<string, string> = {}) =>
  spawnSync(resolve('node_modules/.bin/tsx'), [resolve('scripts/check.ts'), resolve(root), ...args], {
    encoding: 'utf8',
    env: { ...process.env, CI: '', ...env },
    timeout: 120_000,
  });

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
    expect(JSON.parse(check('tests/fixtures/new-paper', ['--json']).stdout)).toEqual({ papers: 2, topics: 7, issues: [] });
  }, 60_000);
});
