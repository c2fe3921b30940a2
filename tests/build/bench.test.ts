import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

// Keeps `npm run bench` working: a tiny survey, one clean build, figures written. Times are printed
// by the bench, never asserted.
it('builds a small synthetic survey and reports its figures', () => {
  const out = mkdtempSync(join(tmpdir(), 'survey-bench-out-'));
  const run = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/bench.ts', '--papers', '30', '--no-incremental', '--out', out], {
    encoding: 'utf8',
    timeout: 280_000,
  });
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  const report = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as { runs: { papers: number; error?: string; dist?: { paperPages: number }; dev?: { firstPageMs: number; allPapersMs: number } }[] };
  expect(report.runs).toHaveLength(1);
  expect(report.runs[0]!.error).toBeUndefined();
  expect(report.runs[0]!.papers).toBe(30);
  // The dev server was started and served the home page, a paper page and the list of every paper.
  expect(report.runs[0]!.dev?.firstPageMs).toBeGreaterThan(0);
  expect(report.runs[0]!.dev?.allPapersMs).toEqual(expect.any(Number));
  expect(readFileSync(join(out, 'latest.md'), 'utf8')).toMatch(/^\| 30 \| \d+ \| [\d.]+ s \|/m);
}, 300_000);
