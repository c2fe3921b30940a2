import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatReport,
  median,
  phasesOf,
  replaceReadmeSection,
  searchQueries,
  summarizeProfiles,
  treeMemory,
  type BenchReport,
} from '../../src/node/bench';

describe('replaceReadmeSection', () => {
  it('adds a Performance section with the markers at the end when they are missing', () => {
    expect(replaceReadmeSection('# Survey\n\nText.\n', '| a |')).toBe(
      '# Survey\n\nText.\n\n## Performance\n\n<!-- bench:start -->\n| a |\n<!-- bench:end -->\n',
    );
  });

  it('replaces only what is between the markers, and gives the same text when run twice', () => {
    const readme = '# S\n\n## Performance\n\nBefore.\n<!-- bench:start -->\nold\n<!-- bench:end -->\nAfter.\n';
    const once = replaceReadmeSection(readme, 'new');
    expect(once).toBe('# S\n\n## Performance\n\nBefore.\n<!-- bench:start -->\nnew\n<!-- bench:end -->\nAfter.\n');
    expect(replaceReadmeSection(once, 'new')).toBe(once);
  });
});

describe('median', () => {
  it.each([
    [[], 0],
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 3],
  ])('of %j is %d', (values, expected) => expect(median(values)).toBe(expected));
});

describe('phasesOf', () => {
  const log = [
    [3000, '06:43:49 [survey-press] Checked 50 papers and 20 topics in 1000 ms.'],
    [4000, '06:43:50 [content] Syncing content'],
    [4500, '06:43:50 [content] Synced content'],
    [4600, '06:43:50 [build] Building static entrypoints...'],
    [6600, ' generating static routes '],
    [7000, '06:43:52   ├─ /404.html (+22ms) '],
    [9600, '06:43:53 ✓ Completed in 3.00s.'],
    [10000, '06:43:53 [survey-press] Pagefind indexed 70 pages in 300 ms.'],
    [12000, '06:43:55 [survey-press] Wrote the offline edition (1651 KB zipped) in 1900 ms.'],
    [12060, '06:43:55 [@astrojs/sitemap] `sitemap-index.xml` created at `dist`'],
  ].map(([ms, text]) => ({ ms: ms as number, text: text as string }));

  it('splits the wall time at the lines each step logs, and adds up to it', () => {
    const phases = phasesOf(log, 12_100);
    expect(phases).toEqual([
      { name: 'start-up', ms: 2000 },
      { name: 'check + compile', ms: 1000 },
      { name: 'content layer start-up', ms: 1000 },
      { name: 'content sync', ms: 500 },
      { name: 'types + build info', ms: 100 },
      { name: 'vite build', ms: 2000 },
      { name: 'page generation', ms: 3000 },
      { name: 'other (Astro, hooks)', ms: 200 },
      { name: 'pagefind', ms: 300 },
      { name: 'offline edition', ms: 1900 },
      { name: 'sitemap', ms: 60 },
      { name: 'exit', ms: 40 },
    ]);
    expect(phases.reduce((a, p) => a + p.ms, 0)).toBe(12_100);
  });

  it('folds a missing step into the next one', () => {
    const phases = phasesOf(log.filter((l) => !l.text.includes('Synced')), 12_100);
    expect(phases.find((p) => p.name === 'types + build info')?.ms).toBe(600);
  });
});

describe('formatReport', () => {
  const report: BenchReport = {
    machine: { cpu: 'Test CPU', cores: 2, ramBytes: 8 * 1024 ** 3, node: 'v24.0.0', os: 'linux', date: '2026-11-29' },
    seed: 1,
    runs: [
      {
        papers: 300,
        build: { wallMs: 12_345, peakRssBytes: 900 * 1024 ** 2, cpuMs: 15_000, pagesPerSecond: 35.4, phases: [{ name: 'vite build', ms: 2000 }], loadBefore: 0.5 },
        dist: {
          htmlPages: 437,
          distBytes: 30 * 1024 ** 2,
          pagefindBytes: 3 * 1024 ** 2,
          offlineZipBytes: null,
          paperPages: 300,
          medianPaperBytes: 20_480,
          largestPaperBytes: 25_600,
          largestPaper: 'synthetic-00001',
          largestPage: 'index.html',
          largestPageBytes: 90_000,
        },
        addOne: { wallMs: 9000, peakRssBytes: 800 * 1024 ** 2, ok: true },
      },
      { papers: 1000, error: 'the build failed (exit 1):\nboom' },
    ],
  };

  it('shows the machine, a row per size, n/a for what was not measured, and the failure', () => {
    const text = formatReport(report);
    expect(text).toContain('Test CPU, 2 cores, 8.00 GB RAM, Node v24.0.0');
    expect(text).toContain('| 300 | 437 | 12.3 s | 900 MB | 35 | 30 MB | 3.00 MB | n/a | 20.0 KB | 25.0 KB | 9.0 s, 800 MB | n/a |');
    expect(text).toContain('| 1000 | failed: the build failed (exit 1): |');
    expect(text).toContain('| vite build | 2.0 s |');
    expect(text).toContain('| load average at start | 0.5 |');
  });
});

describe('summarizeProfiles', () => {
  it('counts busy time by package and by phase of the main thread, leaving idle time out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-profile-'));
    const frame = (id: number, functionName: string, url: string) => ({ id, callFrame: { functionName, url, lineNumber: 0 } });
    // 1 s idle, then 2 s in KaTeX, then 1 s in a page chunk of the site (timeDeltas are in µs).
    writeFileSync(
      join(dir, 'CPU.1.0.001.cpuprofile'),
      JSON.stringify({
        nodes: [
          frame(1, '(idle)', ''),
          frame(2, 'renderToString', 'file:///p/node_modules/katex/dist/katex.mjs'),
          frame(3, 'buildRelated', 'file:///p/dist/.prerender/chunks/survey_BVzWtog9.mjs'),
        ],
        samples: [1, 2, 2, 3],
        timeDeltas: [1e6, 1e6, 1e6, 1e6],
      }),
    );
    try {
      const summary = summarizeProfiles(dir, [
        { name: 'check + compile', ms: 2500 },
        { name: 'page generation', ms: 1500 },
      ]);
      expect(summary.busyMs).toBe(3000);
      expect(summary.packages).toEqual([
        { name: 'katex', ms: 2000 },
        { name: 'site: survey', ms: 1000 },
      ]);
      expect(summary.phases.map((p) => [p.name, p.top.map((t) => t.name)])).toEqual([
        ['check + compile', ['(idle)', 'katex']],
        ['page generation', ['katex', 'site: survey']],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('searchQueries', () => {
  const paper = (title: string, abstract = '') => ({ title, abstract });
  it('keeps the first survey’s queries that the papers contain, in order', () => {
    const papers = [paper('Speculative Decoding with Big Little Decoder'), paper('Is Mamba Effective?', 'Diffusion models and flow matching.')];
    expect(searchQueries(papers, undefined, 4)).toEqual(['speculative decoding', 'diffusion', 'mamba', 'flow matching']);
  });
  it('searches another survey for the phrases and words of its own titles', () => {
    const papers = [paper('Graph Neural Networks for Molecules'), paper('How Powerful are Graph Neural Networks?'), paper('Graph Attention Networks')];
    expect(searchQueries(papers, undefined, 4)).toEqual(['graph neural', 'neural networks', 'attention networks', 'graph attention']);
  });
});

describe('treeMemory', () => {
  const MIB = 2 ** 20;
  it.skipIf(!existsSync('/proc/self/smaps_rollup'))('counts a child between fork and exec once, not again with its parent', async () => {
    // The shell holds 64 MiB, then forks a subshell that runs only builtins and so never execs: the
    // two share every page, as the build and a Pagefind process do until Pagefind's binary starts.
    const script = 'big=$(head -c 67108864 /dev/zero | tr "\\0" a); exec 9< <(sleep 30); (read -t 30 -u 9; :) & echo forked; wait';
    const shell = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    try {
      await once(shell.stdout, 'data');
      const { bytes, cpuTicks } = treeMemory(shell.pid!);
      expect(cpuTicks.size).toBeGreaterThanOrEqual(3); // the shell, its subshell and sleep
      expect(bytes).toBeGreaterThan(64 * MIB);
      expect(bytes).toBeLessThan(96 * MIB);
    } finally {
      process.kill(-shell.pid!, 'SIGKILL'); // its process group: the subshell and sleep too
    }
  });
});
