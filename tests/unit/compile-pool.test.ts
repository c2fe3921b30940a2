import { readFileSync, readdirSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { compileJobs, type CompileJob } from '../../src/node/compile-pool';

const jobs: CompileJob[] = readdirSync('tests/fixtures/survey/content/papers').map((name) => ({
  kind: 'paper',
  file: `content/papers/${name}`,
  source: readFileSync(`tests/fixtures/survey/content/papers/${name}`, 'utf8'),
}));
// A body too deep for the walks of its tree is an issue of its file on a worker too, not an error of the pool.
jobs.push({ kind: 'paper', file: 'content/papers/deep.mdx', source: `${jobs[0]!.source}\n\n${'>'.repeat(3000)} deep\n` });

afterEach(() => {
  delete process.env['SURVEY_WORKERS'];
});

it('compiles the same entries, in the same order, on worker threads as on the main thread', async () => {
  process.env['SURVEY_WORKERS'] = '0';
  const inline = await compileJobs(jobs, '/');
  process.env['SURVEY_WORKERS'] = '2';
  const pooled = await compileJobs(jobs, '/', 1);
  expect(pooled.map((e) => e.id)).toEqual(jobs.map((j) => j.file.replace(/^.*\/|\.mdx$/g, '')));
  expect(pooled).toEqual(inline);
  expect(pooled.at(-1)!.issues.map((issue) => issue.rule)).toContain('too-deep');
}, 60_000);
