/**
 * `npx tsx scripts/related-cost.ts [--sizes 1000,3000,10000]`: prints the related papers of a few
 * real papers, then what `buildRelated` costs on the real survey and on synthetic surveys of each
 * size (made-up text drawn from the real abstracts' vocabulary, with a long tail of rare words).
 * A benchmark prints figures; nothing here asserts a time.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildRelated } from '../src/lib/related';
import { loadSurvey } from '../src/node/content';

async function run() {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,3000,10000' } } });
  const sizes = values.sizes.split(',').map(Number);

  // The real survey: a few papers with their related papers and reasons, for a reader's eye.
  const survey = await loadSurvey({ root: resolve('.'), base: '/' });
  const papers = survey.papers.map((p) => ({ ...p.data!, id: p.id }));
  const topics = survey.topics.map((t) => ({ ...t.data!, id: t.id }));
  const { result, ms, wall } = time(() => buildRelated(papers, topics));
  for (const id of ['var', 'time-moe', 'judge-decoding']) {
    console.log(`\n${id}:`);
    for (const r of result.get(id) ?? []) console.log(`  ${r.score.toFixed(3)}  ${r.id.padEnd(28)} ${r.reason}`);
  }
  console.log(`\n| papers | buildRelated (CPU) | wall | CPU per paper | heap used after |\n|---:|---:|---:|---:|---:|`);
  console.log(row(papers.length, ms, wall));

  // Synthetic surveys: Zipf-distributed words, so term frequencies look like real text.
  const vocabulary = [...new Set(papers.flatMap((p) => `${p.title} ${p.abstract}`.toLowerCase().split(/[^a-z]+/)).filter((w) => w.length > 2))];
  for (const n of sizes) {
    const synthetic = syntheticPapers(n, vocabulary, topics.map((t) => t.id));
    const run = time(() => buildRelated(synthetic, topics));
    console.log(row(n, run.ms, run.wall));
  }
}

function syntheticPapers(n: number, vocabulary: string[], topicIds: string[]) {
  let seed = 1;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  // Real words for the head of the distribution, invented ones ("w12345") for the tail.
  const words = [...vocabulary, ...Array.from({ length: 20 * n }, (_, i) => `w${i}`)];
  const zipf = () => words[Math.min(words.length - 1, Math.floor(Math.exp(random() * Math.log(words.length))) - 1)]!;
  const text = (length: number) => Array.from({ length }, zipf).join(' ');
  const tags = Array.from({ length: Math.max(50, n / 20) }, (_, i) => `tag-${i}`);
  return Array.from({ length: n }, (_, i) => ({
    id: `synthetic-${i}`,
    title: text(10),
    abstract: text(180),
    topics: [topicIds[Math.floor(random() * topicIds.length)]!],
    tags: Array.from({ length: 4 }, () => tags[Math.floor(random() ** 2 * tags.length)]!),
  }));
}

// CPU time, not wall time: on a shared machine the wall clock also counts other processes.
function time<T>(f: () => T): { result: T; ms: number; wall: number } {
  const [started, cpu] = [performance.now(), process.cpuUsage()];
  const result = f();
  const used = process.cpuUsage(cpu);
  return { result, ms: (used.user + used.system) / 1000, wall: performance.now() - started };
}

function row(n: number, ms: number, wall: number): string {
  const heap = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
  return `| ${n} | ${Math.round(ms)} ms | ${Math.round(wall)} ms | ${(ms / n).toFixed(2)} ms | ${heap} MB |`;
}

await run();
