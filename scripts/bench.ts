/**
 * `npm run bench [-- --papers 300,1000] [--seed 1] [--readme] [--profile] [--no-incremental] [--no-dev] [--keep] [--out dir]`:
 * builds synthetic surveys of each size in a temporary copy of the project (never in content/) and
 * prints what each build costs: wall time, peak memory of the build's process tree, pages per second,
 * output sizes, how soon `astro dev` serves its first page, and the rebuilds after adding a paper and
 * editing one. Writes the figures to
 * scripts/bench/latest.json and latest.md; `--readme` also puts the table in README.md.
 * A benchmark prints figures; nothing here asserts a time.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPool } from '../src/lib/synthetic';
import {
  benchSurvey,
  describeMachine,
  formatReport,
  PROJECT_ROOT,
  replaceReadmeSection,
  type BenchReport,
} from '../src/node/bench';
import { readOptions } from '../src/node/cli';
import { PAPERS_DIR, readEntries, TOPICS_DIR } from '../src/node/content';

const DEFAULT_SIZES = '300,1000,3000,10000';

const USAGE = `Usage: npm run bench [-- --papers 300,1000] [options]

  --papers N,...     sizes of the synthetic surveys to build (default ${DEFAULT_SIZES})
  --seed N           seed of the synthetic papers (default 1)
  --timeout S        seconds a build may take (default 1200)
  --readme           put the table in README.md
  --profile          add a CPU profile of one build, by phase, package and function
  --no-incremental   skip the rebuilds after adding a paper and editing one
  --no-dev           skip timing astro dev's first pages
  --keep             keep the temporary project copies
  --out DIR          write latest.json and latest.md there (default scripts/bench/)
  --help             print this help`;

async function run() {
  const values = readOptions(USAGE, {
    papers: { type: 'string', multiple: true, default: [DEFAULT_SIZES] },
    seed: { type: 'string', default: '1' },
    timeout: { type: 'string', default: '1200' },
    readme: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'no-incremental': { type: 'boolean', default: false },
    'no-dev': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    out: { type: 'string' },
  });
  const sizes = values.papers.flatMap((v) => v.split(',')).map((v) => Number(v.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`--papers takes whole numbers separated by commas, like 300,1000; got "${values.papers.join(',')}".`);
  }

  // The pieces synthetic papers are made of come from the real survey, read but never written.
  const pool = createPool(readEntries(PROJECT_ROOT, PAPERS_DIR), readEntries(PROJECT_ROOT, TOPICS_DIR));

  // One cold build and two rebuilds per size, each in its own project copy; a table after each.
  const report: BenchReport = { machine: describeMachine(), seed: Number(values.seed), runs: [] };
  for (const papers of sizes) {
    const result = await benchSurvey(papers, {
      pool,
      seed: report.seed,
      timeoutMs: Number(values.timeout) * 1000,
      incremental: !values['no-incremental'],
      dev: !values['no-dev'],
      profile: values.profile,
      keep: values.keep,
      say: (message) => console.log(`bench: ${message}`),
    });
    report.runs.push(result);
    if (result.error) console.error(`bench: ${papers} papers: ${result.error}`);
    if (result.profile) printProfile(papers, result.profile);
    console.log(`\n${formatReport(report)}\n`);
  }

  // The record: JSON for tools, Markdown for people, and the README's table when asked.
  const out = values.out ?? join(PROJECT_ROOT, 'scripts', 'bench');
  mkdirSync(out, { recursive: true });
  const markdown = formatReport(report);
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(out, 'latest.md'), `${markdown}\n`);
  console.log(`bench: wrote ${join(out, 'latest.json')} and ${join(out, 'latest.md')}`);
  if (values.readme) {
    const readme = join(PROJECT_ROOT, 'README.md');
    writeFileSync(readme, replaceReadmeSection(readFileSync(readme, 'utf8'), markdown));
    console.log('bench: updated the Performance section of README.md');
  }
  process.exitCode = report.runs.some((r) => r.error) ? 1 : 0;
}

function printProfile(papers: number, profile: NonNullable<BenchReport['runs'][number]['profile']>) {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`\nCPU profile of a clean build of ${papers} papers: ${s(profile.busyMs)} busy over all threads`);
  console.log(profile.threads.map((t) => `  ${t.file}: busy ${s(t.busyMs)} of ${s(t.spanMs)}`).join('\n'));
  console.log('\n| main thread, by phase | wall | busiest (self time) |\n|---|---:|---|');
  for (const p of profile.phases) {
    console.log(`| ${p.name} | ${s(p.ms)} | ${p.top.map((t) => `${t.name} ${s(t.ms)}`).join(', ')} |`);
  }
  console.log('\n| self time | package, folder or V8 |\n|---:|---|');
  for (const p of profile.packages) console.log(`| ${s(p.ms)} | ${p.name} |`);
  console.log('\n| self time | function |\n|---:|---|');
  for (const f of profile.functions) console.log(`| ${s(f.ms)} | \`${f.name}\` |`);
}

await run();
