/**
 * `npm run bench:search [-- --papers 10000] [--dist dir] [--readme]`: what a reader pays to search, measured
 * in headless Chromium, for the real survey (the built dist/) and for a synthetic survey of N papers built
 * in a temporary project copy (or, with `--dist`, for a survey already built there, such as the one
 * `npm run bench -- --keep` leaves). Prints, per survey:
 * - bytes transferred for a first search on the hosted site (open a paper page, open the search
 *   dialog, type a query, results shown), served gzip-compressed and with ETags as a static host would;
 * - time from keystroke to results, warm (median of several queries);
 * - the offline edition's zip and folder size, and its search time under file:// (first search,
 *   which loads the index, on several fresh pages: median and range; and warm).
 * A benchmark prints figures; nothing here asserts a time.
 */
import { createReadStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';
import type { Browser, Page, Request } from 'playwright-core';
import { createPool, syntheticSurvey } from '../src/lib/synthetic';
import { cleanBuildState, measureDist, median, PROJECT_ROOT, projectCopy, runBuild, searchQueries } from '../src/node/bench';
import { readOptions } from '../src/node/cli';
import { PAPERS_DIR, readEntries, TOPICS_DIR } from '../src/node/content';
import { survey } from '../src/survey.config';
import { launchBrowser } from '../tests/helpers/browser';

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.xml': 'application/xml',
};

interface Figures {
  survey: string;
  papers: number;
  firstSearchBytes: number;
  firstSearchRequests: number;
  warmSearchMs: number;
  offlineZipBytes: number;
  offlineFolderBytes: number;
  /** The median over `OFFLINE_FIRST_RUNS` fresh pages, and the fastest and slowest of them. */
  offlineFirstSearchMs: number;
  offlineFirstSearchRangeMs: [number, number];
  offlineWarmSearchMs: number;
}

/** How many fresh pages the offline edition's first search is timed on. */
const OFFLINE_FIRST_RUNS = 5;

const USAGE = `Usage: npm run bench:search [-- --papers 10000] [--dist DIR] [--readme]

  --papers N,...   sizes of the synthetic surveys to build and measure (default 10000)
  --dist DIR       measure a survey already built in DIR instead of building one
  --readme         put the table in README.md
  --help           print this help`;

async function run() {
  const values = readOptions(USAGE, { papers: { type: 'string', default: '10000' }, dist: { type: 'string' }, readme: { type: 'boolean', default: false } });
  const browser = await launchBrowser();
  const results: Figures[] = [];
  try {
    // The real survey, as `npm run build` left it.
    results.push(await measure(browser, 'this survey', join(PROJECT_ROOT, 'dist'), countPapers(join(PROJECT_ROOT, 'dist'))));

    // A survey built before, or synthetic surveys, each built in a throwaway copy of the project.
    if (values.dist) {
      const papers = countPapers(values.dist);
      results.push(await measure(browser, `synthetic, ${papers} papers`, values.dist, papers));
    }
    for (const n of values.dist ? [] : values.papers.split(',').map(Number).filter((n) => n > 0)) {
      const dir = projectCopy(undefined, `search-bench-${n}-`);
      for (const file of syntheticSurvey(createPool(readEntries(PROJECT_ROOT, PAPERS_DIR), readEntries(PROJECT_ROOT, TOPICS_DIR)), n)) {
        mkdirSync(dirname(join(dir, file.file)), { recursive: true });
        writeFileSync(join(dir, file.file), file.source);
      }
      cleanBuildState(dir);
      console.log(`search-bench: building ${n} synthetic papers in ${dir} ...`);
      const build = await runBuild(dir);
      if (build.status !== 0) throw new Error(`The build of ${n} papers failed:\n${build.log.slice(-20).map((l) => l.text).join('\n')}`);
      results.push(await measure(browser, `synthetic, ${n} papers`, join(dir, 'dist'), n));
    }
  } finally {
    await browser.close();
  }
  const table = formatTable(results);
  console.log(table);
  // With --readme, the table goes into README.md between the search-bench markers.
  if (values.readme) {
    const path = join(PROJECT_ROOT, 'README.md');
    const readme = readFileSync(path, 'utf8');
    const updated = readme.replace(/<!-- search-bench:start -->[\s\S]*<!-- search-bench:end -->/, `<!-- search-bench:start -->\n${table}\n<!-- search-bench:end -->`);
    if (updated === readme) throw new Error('README.md has no <!-- search-bench:start --> ... <!-- search-bench:end --> markers.');
    writeFileSync(path, updated);
  }
}

function countPapers(dist: string): number {
  return measureDist(dist).paperPages;
}

async function measure(browser: Browser, name: string, dist: string, papers: number): Promise<Figures> {
  const server = await serveGzip(dist);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    // A reader on a paper page opens the dialog and types: count every byte that search fetched.
    const context = await browser.newContext();
    // tsx names the functions this script hands to the page with a helper the page lacks.
    await context.addInitScript('window.__name = (f) => f');
    const page = await context.newPage();
    const paper = `papers/${measureDist(dist).largestPaper}/`;
    // The first survey's queries, or for another survey, words of its own titles.
    const QUERIES = searchQueries((JSON.parse(readFileSync(join(dist, 'papers.json'), 'utf8')) as { papers: { title: string; abstract: string }[] }).papers);
    await page.goto(new URL(paper, url).href, { waitUntil: 'networkidle' });
    // Count from here: every request of the page and of Pagefind's worker, as sent over the wire.
    const traffic = { bytes: 0, requests: 0 };
    const count = async (request: Request) => {
      const sizes = await request.sizes();
      traffic.bytes += sizes.responseBodySize + sizes.responseHeadersSize;
      traffic.requests += 1;
      if (process.env['SEARCH_BENCH_VERBOSE']) console.log(`  ${sizes.responseBodySize + sizes.responseHeadersSize} B  ${request.url()}`);
    };
    const pending: Promise<void>[] = [];
    context.on('requestfinished', (request) => void pending.push(count(request)));
    await page.keyboard.press('Control+k');
    await page.keyboard.type(QUERIES[0]!);
    await waitForResults(page, QUERIES[0]!);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    await Promise.all(pending);
    const firstSearch = { ...traffic };
    // Warm: the same dialog, other queries; from the last keystroke to the results on screen.
    const times: number[] = [];
    for (const query of QUERIES.slice(1)) times.push(await timeQuery(page, query));
    if (process.env['SEARCH_BENCH_VERBOSE']) console.log(QUERIES.slice(1).map((q, i) => `  ${q}: ${Math.round(times[i]!)} ms`).join('\n'));
    await context.close();

    // The offline edition, opened from disk. A first search's time depends on how far the search
    // has loaded when the last letter comes, so it is timed on several fresh pages.
    const offline = `${dist}-offline`;
    const offlineFirsts: number[] = [];
    const offlineTimes: number[] = [];
    for (let run = 0; run < OFFLINE_FIRST_RUNS; run++) {
      const offlinePage = await browser.newPage();
      await offlinePage.addInitScript('window.__name = (f) => f');
      await offlinePage.goto(pathToFileURL(join(offline, 'index.html')).href);
      offlineFirsts.push(await timeQuery(offlinePage, QUERIES[0]!, true));
      if (run === 0) for (const query of QUERIES.slice(1)) offlineTimes.push(await timeQuery(offlinePage, query));
      await offlinePage.close();
    }

    return {
      survey: name,
      papers,
      firstSearchBytes: firstSearch.bytes,
      firstSearchRequests: firstSearch.requests,
      warmSearchMs: median(times),
      offlineZipBytes: statSync(join(dist, `${survey.offlineName}-offline.zip`)).size,
      offlineFolderBytes: measureDist(offline).distBytes,
      offlineFirstSearchMs: median(offlineFirsts),
      offlineFirstSearchRangeMs: [Math.min(...offlineFirsts), Math.max(...offlineFirsts)],
      offlineWarmSearchMs: median(offlineTimes),
    };
  } finally {
    await new Promise((done) => server.close(done));
  }
}

async function waitForResults(page: Page, query: string) {
  await page.waitForFunction((q) => document.querySelector('dialog [data-search-status]')?.textContent?.includes(`“${q}”`), query, { timeout: 60_000 });
}

/** Types `query` into the open dialog (opening it if needed) and measures keystroke → results. */
async function timeQuery(page: Page, query: string, open = false): Promise<number> {
  if (open || !(await page.locator('dialog[open]').count())) await page.keyboard.press('Control+k');
  const input = page.locator('dialog [data-search-input]');
  await input.fill(query.slice(0, -1));
  return page.evaluate(async (q) => {
    const field = document.querySelector<HTMLInputElement>('dialog [data-search-input]')!;
    const status = document.querySelector('dialog [data-search-status]')!;
    const started = performance.now();
    field.value = q;
    field.dispatchEvent(new Event('input', { bubbles: true }));
    // Results are on screen when the count is announced and the first result shows its title.
    const first = () => document.querySelector('dialog [data-search-results] li:first-child h2 a');
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (status.textContent?.includes(`“${q}”`) && (first() || /^No papers/.test(status.textContent))) resolve();
        else if (performance.now() - started > 60_000) reject(new Error(`No results for "${q}" on screen after 60 s.`));
        else requestAnimationFrame(check);
      };
      check();
    });
    return performance.now() - started;
  }, query);
}

/** A static server that compresses text, JavaScript, JSON and WebAssembly and sends ETags, as static hosts do. */
async function serveGzip(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    if (path.endsWith('/')) path += 'index.html';
    const file = join(dir, path);
    let stats;
    try {
      stats = statSync(file);
      if (!stats.isFile()) throw new Error('not a file');
    } catch {
      res.statusCode = 404;
      res.end();
      return;
    }
    // A validator on every file, and the browser asked to check it before each reuse, as static
    // hosts serve (GitHub Pages and Netlify send an ETag): a file fetched twice costs a 304 the
    // second time, without its body.
    const etag = `"${stats.size.toString(36)}-${stats.mtimeMs.toString(36)}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'no-cache');
    if (req.headers['if-none-match'] === etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    res.setHeader('Content-Type', type);
    if (/text|javascript|json|wasm|xml|svg/.test(type) && /gzip/.test(String(req.headers['accept-encoding']))) {
      res.setHeader('Content-Encoding', 'gzip');
      createReadStream(file).pipe(createGzip()).pipe(res);
    } else {
      createReadStream(file).pipe(res);
    }
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return server;
}

function formatTable(rows: Figures[]): string {
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  const ms = (n: number) => `${n.toFixed(0)} ms`;
  return [
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:search\`, headless Chromium, local server compressing with gzip and sending ETags.`,
    '',
    `| survey | first search, transferred | requests | keystroke to results (warm) | offline zip | offline folder | offline first search (median of ${OFFLINE_FIRST_RUNS}, range) | offline search (warm) |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) =>
      `| ${r.survey} | ${kb(r.firstSearchBytes)} | ${r.firstSearchRequests} | ${ms(r.warmSearchMs)} | ${mb(r.offlineZipBytes)} | ${mb(r.offlineFolderBytes)} | ${ms(r.offlineFirstSearchMs)} (${r.offlineFirstSearchRangeMs.map((n) => n.toFixed(0)).join('–')}) | ${ms(r.offlineWarmSearchMs)} |`,
    ),
  ].join('\n');
}

await run();
