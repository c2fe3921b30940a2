/**
 * `npm run lighthouse`: runs Lighthouse (fetched on demand with npx; it is not a dependency) with
 * Debian's Chromium on the home, a topic, a paper and the search page of the built site, prints the
 * four scores, and with `--readme` writes them into README.md between the lighthouse markers.
 * Not part of CI. Needs `npm run build` first.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CHROMIUM, serve } from '../tests/helpers/browser';

const LIGHTHOUSE = 'lighthouse@13.5.0';
const PAGES = pages(resolve('dist'));
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

/**
 * The pages measured: this survey's speculative-decoding topic and VAR's page, or, in a survey
 * without them, its largest topic and its newest paper, and a search for that topic's title.
 */
function pages(dist: string): (readonly [string, string])[] {
  const read = <T>(file: string) => JSON.parse(readFileSync(join(dist, file), 'utf8')) as T;
  const { topics } = read<{ topics: { id: string; title: string; paper_count: number }[] }>('topics.json');
  const { papers } = read<{ papers: { id: string }[] }>('papers.json');
  const topic = topics.find((t) => t.id === 'speculative-decoding') ?? [...topics].sort((a, b) => b.paper_count - a.paper_count)[0];
  const paper = papers.find((p) => p.id === 'var') ?? papers[0];
  return [
    ['Home', ''],
    ...(topic ? [['Topic', `topics/${topic.id}/`] as const] : []),
    ...(paper ? [['Paper', `papers/${paper.id}/`] as const] : []),
    ['Search', `search/?q=${encodeURIComponent(topic?.title.toLowerCase() ?? 'survey').replace(/%20/g, '+')}`],
  ];
}

async function run() {
  // Serve dist/ the way a static host would, on loopback only.
  const site = await serve(resolve('dist'));
  const out = mkdtempSync(join(tmpdir(), 'lighthouse-'));
  const rows: string[] = [];
  try {
    for (const [name, path] of PAGES) {
      // One Lighthouse run per page, desktop preset, Chromium without background traffic.
      const report = join(out, `${name}.json`);
      // Asynchronous, so that the server in this process keeps answering Lighthouse's Chromium.
      await promisify(execFile)('npx', [
        '--yes', LIGHTHOUSE, new URL(path, site.url).href,
        `--chrome-path=${CHROMIUM}`,
        '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update --disable-sync --no-first-run',
        '--preset=desktop', `--only-categories=${CATEGORIES.join(',')}`,
        '--output=json', `--output-path=${report}`, '--quiet',
      ]);
      const { categories } = JSON.parse(readFileSync(report, 'utf8')) as { categories: Record<string, { score: number }> };
      const scores = CATEGORIES.map((c) => Math.round(categories[c]!.score * 100));
      rows.push(`| ${name} (\`/${path}\`) | ${scores.join(' | ')} |`);
      console.log(`${name}: ${CATEGORIES.map((c, i) => `${c} ${scores[i]}`).join(', ')}`);
    }
  } finally {
    await site.close();
  }

  // Record them in the README with the date and the command that produced them.
  const table = [
    `Lighthouse ${LIGHTHOUSE.split('@')[1]}, desktop preset, Debian Chromium, ${new Date().toISOString().slice(0, 10)}, \`npm run lighthouse -- --readme\`:`,
    '',
    '| Page | Performance | Accessibility | Best practices | SEO |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  console.log(`\n${table}`);
  if (process.argv.includes('--readme')) {
    const readme = readFileSync('README.md', 'utf8');
    const updated = readme.replace(/<!-- lighthouse:start -->[\s\S]*<!-- lighthouse:end -->/, `<!-- lighthouse:start -->\n${table}\n<!-- lighthouse:end -->`);
    if (updated === readme) throw new Error('README.md has no <!-- lighthouse:start --> ... <!-- lighthouse:end --> markers.');
    writeFileSync('README.md', updated);
  }
}

await run();
