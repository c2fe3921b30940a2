import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import {
  editNotes,
  syntheticId,
  syntheticPaper,
  syntheticPath,
  syntheticSurvey,
  type SourceFile,
  type SyntheticPool,
} from '../lib/synthetic';
import { compareText } from '../lib/collate';

/** The project this module belongs to. */
export const PROJECT_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** What a project copy needs besides `content/` and `node_modules/`. */
const PROJECT_FILES = ['src', 'public', 'astro.config.mjs', 'package.json', 'tsconfig.json'];

/**
 * Caches that live inside node_modules: Astro's data store and incremental cache (`.astro`), Vite's
 * (`.vite`) and our compile cache (`.cache/survey-press`). A copy gets its own, empty ones.
 */
const NODE_MODULES_CACHES = new Set(['.astro', '.cache', '.vite', '.vite-temp', '.vitest-cache']);

/**
 * A throwaway copy of the project (code and config) with its own `content/`, for builds that must
 * not touch the real one. `content` is copied in when given; otherwise `content/papers` and
 * `content/topics` are created empty for the caller to fill.
 *
 * `node_modules` is a real folder whose packages are symlinks to the project's. Linking the whole
 * folder would share the caches Astro, Vite and the compile step keep inside it, so a copy's build
 * would read and overwrite the project's; with per-package links those caches are the copy's own.
 */
export function projectCopy(content?: string, prefix = 'survey-build-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const name of PROJECT_FILES) cpSync(join(PROJECT_ROOT, name), join(dir, name), { recursive: true });
  if (content) {
    cpSync(content, join(dir, 'content'), { recursive: true });
  } else {
    mkdirSync(join(dir, 'content', 'papers'), { recursive: true });
    mkdirSync(join(dir, 'content', 'topics'), { recursive: true });
  }
  const modules = join(PROJECT_ROOT, 'node_modules');
  mkdirSync(join(dir, 'node_modules'));
  for (const name of readdirSync(modules)) {
    if (NODE_MODULES_CACHES.has(name) || (name.startsWith('.') && name !== '.bin')) continue;
    symlinkSync(join(modules, name), join(dir, 'node_modules', name), 'dir');
  }
  return dir;
}

/** Deletes everything a previous build left in a project copy, so the next build starts cold. */
export function cleanBuildState(dir: string): void {
  for (const path of ['dist', 'dist-offline', '.astro', ...[...NODE_MODULES_CACHES].map((c) => join('node_modules', c))]) {
    rmSync(join(dir, path), { recursive: true, force: true });
  }
}

/** One line the build printed, with when it arrived (ms after the build started). */
export interface LogLine {
  ms: number;
  text: string;
}

/** What one `astro build` cost. */
export interface BuildRun {
  /** Exit code; null when killed. */
  status: number | null;
  wallMs: number;
  /**
   * Largest memory of the build and all its descendants together (`treeMemory`), sampled every
   * 100 ms; 0 where /proc does not exist.
   */
  peakRssBytes: number;
  /** CPU time (user + system) of the process tree, as last seen by the sampler. */
  cpuMs: number;
  log: LogLine[];
}

interface BuildOptions {
  env?: Record<string, string>;
  /** The build is killed after this long. */
  timeoutMs?: number;
}

/**
 * Runs `astro build` in `dir`, as `npm run build` does, while sampling the memory of its whole process
 * tree (Node, Pagefind's binary, any worker) every 100 ms from /proc. Never throws on a failed build.
 */
export function runBuild(dir: string, { env = {}, timeoutMs = 20 * 60_000 }: BuildOptions = {}): Promise<BuildRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(dir, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'], {
    cwd: dir,
    env: { ...contributorEnv(), ASTRO_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so a timeout can stop the build and everything it started.
    detached: true,
  });
  const log: LogLine[] = [];
  const collect = (stream: NodeJS.ReadableStream) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      const ms = performance.now() - started;
      for (const raw of lines) log.push({ ms, text: stripAnsi(raw) });
    });
    stream.on('end', () => rest && log.push({ ms: performance.now() - started, text: stripAnsi(rest) }));
  };
  collect(child.stdout);
  collect(child.stderr);

  let peakRssBytes = 0;
  const cpuTicks = new Map<number, number>();
  const sample = () => {
    // /proc is Linux's; elsewhere memory and CPU are not measured and stay 0 (printed as n/a).
    if (child.pid === undefined || !HAS_PROC) return;
    const { bytes, cpuTicks: ticks } = treeMemory(child.pid);
    for (const [pid, used] of ticks) cpuTicks.set(pid, Math.max(cpuTicks.get(pid) ?? 0, used));
    peakRssBytes = Math.max(peakRssBytes, bytes);
  };
  const timer = setInterval(sample, 100);
  const killer = setTimeout(() => {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }, timeoutMs);
  sample();

  return new Promise((done) => {
    child.on('close', (status) => {
      clearInterval(timer);
      clearTimeout(killer);
      const ticks = [...cpuTicks.values()].reduce((a, b) => a + b, 0);
      // /proc counts CPU time in clock ticks, which are 10 ms on Linux (USER_HZ = 100).
      done({ status, wallMs: performance.now() - started, peakRssBytes, cpuMs: ticks * 10, log });
    });
  });
}

/** How quickly `astro dev` serves a project: its first page from its start, then a paper page and the list of every paper, in ms each. */
export interface DevFigures {
  firstPageMs: number;
  paperPageMs: number;
  allPapersMs: number;
}

// What Vitest adds to the environment. Astro reads some of them (NODE_ENV "test", DEV, MODE): a dev
// server under them answers 404 and a build renders as in dev.
const TEST_RUNNER_ENV = new Set(['NODE_ENV', 'TEST', 'MODE', 'DEV', 'PROD', 'SSR', 'BASE_URL', 'FORCE_TTY']);

/** This process's environment without what a test runner added: Astro's as a contributor runs it. */
export function contributorEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !TEST_RUNNER_ENV.has(name) && !name.startsWith('VITEST')));
}

/** A running `astro dev`: `get` waits until a path answers 200 and returns its body. */
export interface DevServer {
  started: number;
  get(path: string): Promise<string>;
  /** What the server has printed so far, without colours. */
  output(): string;
  stop(): void;
}

/** Starts `astro dev` in `dir` on a free loopback port, as a contributor runs it. */
export async function startDev(dir: string, timeoutMs = 5 * 60_000): Promise<DevServer> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [join(dir, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'dev', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: dir,
    env: { ...contributorEnv(), ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let printed = '';
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  return {
    started,
    output: () => stripVTControlCharacters(printed),
    async get(path) {
      for (;;) {
        if (performance.now() - started > timeoutMs) throw new Error(`astro dev did not serve ${path} within ${seconds(timeoutMs)}`);
        if (child.exitCode !== null) throw new Error(`astro dev stopped (exit ${child.exitCode})`);
        const response = await fetch(`http://127.0.0.1:${port}/${path}`).catch(() => undefined);
        if (response?.status === 200) return response.text();
        if (response) throw new Error(`astro dev answered ${path} with HTTP ${response.status}`);
        await new Promise((wait) => setTimeout(wait, 100));
      }
    },
    stop() {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    },
  };
}

/**
 * Times what a contributor waits for with `astro dev`: from the command to the home page answering,
 * then one paper page and the page listing every paper (each rendered on request).
 */
async function measureDev(dir: string, paperPath: string): Promise<DevFigures> {
  const server = await startDev(dir);
  const timed = async (path: string) => {
    const before = performance.now();
    await server.get(path);
    return Math.round(performance.now() - before);
  };
  try {
    await server.get('');
    const firstPageMs = Math.round(performance.now() - server.started);
    return { firstPageMs, paperPageMs: await timed(paperPath), allPapersMs: await timed('papers/') };
  } finally {
    server.stop();
  }
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => done(port));
    });
  });
}

const HAS_PROC = existsSync('/proc/self/status');

/**
 * A log line as a reader sees it: without the colours Astro adds when a terminal or CI (the CI
 * variable) asks for them, so the same patterns match on every machine.
 */
export function stripAnsi(text: string): string {
  return stripVTControlCharacters(text).replace(/\r/g, '');
}

/** Clock ticks a second in /proc's times (USER_HZ), 100 on Linux. */
const TICKS_PER_SECOND = 100;

/** How young a process is counted by the pages it alone maps (`treeMemory`). */
const YOUNG_TICKS = TICKS_PER_SECOND;

/**
 * The memory of `root` and every live descendant together, in bytes, and each one's CPU time in
 * clock ticks, from /proc (Linux only). A process counts its resident memory, except in its first
 * second, when it counts only the pages no other process maps. A child between fork and exec shows
 * every page of its parent as its own, shared until either writes to it: the build starts a
 * Pagefind process for each search bundle, and a sample that caught one before its exec counted
 * 500 to 660 MiB of the build's process twice (a cold build of 10,000 papers sampled every 20 ms
 * peaked at 2,089 MiB so, 1,859 MiB without them). A process that has started its own program holds
 * little of its own in its first second; reading the pages it alone maps costs a walk over all of
 * them (20 ms for the build's 1.4 GB), so older processes count their resident memory.
 */
export function treeMemory(root: number): { bytes: number; cpuTicks: Map<number, number> } {
  const stats = new Map<number, Stat>();
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (!stat) continue;
    stats.set(Number(name), stat);
    const list = children.get(stat.ppid) ?? [];
    list.push(Number(name));
    children.set(stat.ppid, list);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  const now = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * TICKS_PER_SECOND;
  let bytes = 0;
  const cpuTicks = new Map<number, number>();
  for (const pid of tree) {
    const stat = stats.get(pid);
    if (!stat) continue;
    const kb = now - stat.startTicks < YOUNG_TICKS ? privateKb(pid) : residentKb(pid);
    if (kb === undefined) continue; // It ended meanwhile.
    bytes += kb * 1024;
    cpuTicks.set(pid, stat.cpuTicks);
  }
  return { bytes, cpuTicks };
}

interface Stat {
  ppid: number;
  cpuTicks: number;
  /** When it started, in clock ticks since the machine booted. */
  startTicks: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may contain spaces: fields are counted after its ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]), startTicks: Number(fields[19]) };
  } catch {
    return undefined;
  }
}

function residentKb(pid: number): number | undefined {
  const fields = procFields(`/proc/${pid}/status`);
  return fields && (fields.get('VmRSS') ?? 0);
}

/** Resident pages mapped by this process alone, clean or written. */
function privateKb(pid: number): number | undefined {
  const fields = procFields(`/proc/${pid}/smaps_rollup`);
  return fields && (fields.get('Private_Clean') ?? 0) + (fields.get('Private_Dirty') ?? 0);
}

/** The `Name: <n> kB` lines of a /proc file, by name; undefined when it cannot be read (the process ended). */
function procFields(file: string): Map<string, number> | undefined {
  try {
    return new Map([...readFileSync(file, 'utf8').matchAll(/^(\w+):\s+(\d+) kB$/gm)].map((m) => [m[1]!, Number(m[2])]));
  } catch {
    return undefined;
  }
}

/** Sizes of what a build wrote. Byte counts are file sizes, summed. */
export interface DistFigures {
  /** HTML files in dist/, each a page. */
  htmlPages: number;
  distBytes: number;
  /** The Pagefind index, dist/pagefind. */
  pagefindBytes: number;
  /** dist/*-offline.zip; null when the build writes none. */
  offlineZipBytes: number | null;
  paperPages: number;
  medianPaperBytes: number;
  largestPaperBytes: number;
  /** The id of the largest paper page. */
  largestPaper: string;
  /** The largest HTML page of any kind, as a path under dist/, and its size. */
  largestPage: string;
  largestPageBytes: number;
}

/** Measures a built `dist/`. */
export function measureDist(dist: string): DistFigures {
  const files = listFiles(dist);
  const html = files.filter((f) => f.path.endsWith('.html'));
  const papers = html
    .filter((f) => /^papers\/[^/]+\/index\.html$/.test(f.path))
    .map((f) => ({ id: f.path.split('/')[1]!, bytes: f.bytes }))
    .sort((a, b) => a.bytes - b.bytes);
  const largestPaper = papers.at(-1);
  const largestPage = html.reduce<(typeof html)[number] | undefined>((a, b) => (a && a.bytes >= b.bytes ? a : b), undefined);
  const zip = files.find((f) => !f.path.includes('/') && f.path.endsWith('-offline.zip'));
  const sum = (list: typeof files) => list.reduce((a, f) => a + f.bytes, 0);
  return {
    htmlPages: html.length,
    distBytes: sum(files),
    pagefindBytes: sum(files.filter((f) => f.path.startsWith('pagefind/'))),
    offlineZipBytes: zip ? zip.bytes : null,
    paperPages: papers.length,
    medianPaperBytes: median(papers.map((p) => p.bytes)),
    largestPaperBytes: largestPaper?.bytes ?? 0,
    largestPaper: largestPaper?.id ?? '',
    largestPage: largestPage?.path ?? '',
    largestPageBytes: largestPage?.bytes ?? 0,
  };
}

function listFiles(dir: string, prefix = ''): { path: string; bytes: number }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = prefix + entry.name;
    if (entry.isDirectory()) return listFiles(join(dir, entry.name), `${path}/`);
    return entry.isFile() ? [{ path, bytes: statSync(join(dir, entry.name)).size }] : [];
  });
}

/** The middle value (mean of the two middle values for an even count); 0 for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** The first survey's search bench queries: a phrase of a topic, common and rarer words. */
const SEARCH_QUERIES = ['speculative decoding', 'diffusion', 'time series forecasting', 'next-scale prediction', 'mamba', 'flow matching'];

const QUERY_STOPWORDS = new Set(['with', 'from', 'that', 'this', 'into', 'over', 'under', 'via', 'using', 'towards', 'toward', 'their', 'through', 'between', 'beyond', 'without']);

/**
 * What the search bench types, for any survey: the first survey's queries its papers contain (each
 * in some paper's title or abstract), then the two-word phrases most frequent in its titles, then
 * their words, up to `count`. A fork's survey has other words, in which those queries found nothing.
 */
export function searchQueries(papers: readonly { title: string; abstract: string }[], preferred = SEARCH_QUERIES, count = preferred.length): string[] {
  const texts = papers.map((p) => `${p.title} ${p.abstract}`.toLowerCase());
  const queries = preferred.filter((q) => texts.some((text) => text.includes(q)));
  const phrases = new Map<string, number>();
  const words = new Map<string, number>();
  for (const paper of papers) {
    const kept = paper.title.toLowerCase().split(/[^\p{L}\p{N}-]+/u).filter((w) => w.length >= 4 && !QUERY_STOPWORDS.has(w));
    for (const word of new Set(kept)) words.set(word, (words.get(word) ?? 0) + 1);
    const pairs = paper.title.toLowerCase().split(/[^\p{L}\p{N}-]+/u).filter(Boolean);
    for (let i = 1; i < pairs.length; i++) {
      const [a, b] = [pairs[i - 1]!, pairs[i]!];
      if (a.length >= 4 && b.length >= 4 && !QUERY_STOPWORDS.has(a) && !QUERY_STOPWORDS.has(b)) phrases.set(`${a} ${b}`, (phrases.get(`${a} ${b}`) ?? 0) + 1);
    }
  }
  const byCount = (found: Map<string, number>) => [...found].sort(([a, m], [b, n]) => n - m || compareText(a, b)).map(([q]) => q);
  for (const q of [...byCount(phrases), ...byCount(words)]) {
    if (queries.length >= count) break;
    if (!queries.includes(q)) queries.push(q);
  }
  return queries;
}

/** One phase of a build, from the build's own log. */
export interface Phase {
  name: string;
  ms: number;
}

/**
 * Splits a build's wall time into phases, from when its log lines arrived: Astro's start-up, our
 * content check and compile (its own figure), the content layer's start-up and sync, Astro's setup
 * (types, build info), the Vite build of the entry points, page generation, then each step of ours
 * that reports its own time after the pages (Pagefind, the offline edition), and the exit.
 * A phase whose lines are missing is folded into the next one.
 */
export function phasesOf(log: readonly LogLine[], wallMs: number): Phase[] {
  const at = (pattern: RegExp, after = 0) => log.find((l) => l.ms >= after && pattern.test(l.text));
  const took = (line: LogLine | undefined) => Number(/ in (\d+) ms\.?\s*$/.exec(line?.text ?? '')?.[1] ?? NaN);
  const checked = at(/\[survey-press\] Checked \d+ papers/);
  const routes = at(/generating static routes/);
  const generated = routes && at(/^(?:\S+ )?✓ Completed in/, routes.ms);
  const marks: [string, number | undefined][] = [
    ['start-up', checked && checked.ms - took(checked)],
    ['check + compile', checked?.ms],
    ['content layer start-up', at(/\[content\] Syncing content/)?.ms],
    ['content sync', at(/\[content\] Synced content/)?.ms],
    ['types + build info', at(/Building static entrypoints/)?.ms],
    ['vite build', routes?.ms],
    ['page generation', generated?.ms],
  ];
  // Steps of ours after the pages (Pagefind, the offline edition) log their own duration.
  for (const line of generated ? log.filter((l) => l.ms >= generated.ms && /\[survey-press\]/.test(l.text)) : []) {
    const ms = took(line);
    if (!Number.isFinite(ms)) continue;
    const label = /Pagefind/.test(line.text)
      ? 'pagefind'
      : /offline/i.test(line.text)
        ? 'offline edition'
        : /citation files/.test(line.text)
          ? 'citation files'
          : /of the previous build/.test(line.text)
            ? 'clean-up of the previous build'
            : line.text.replace(/^.*\[survey-press\]\s*/, '').replace(/ in \d+ ms.*$/, '');
    marks.push(['other (Astro, hooks)', line.ms - ms], [label, line.ms]);
  }
  // The sitemap integration runs its hook after ours.
  marks.push(['sitemap', generated && at(/`sitemap-index\.xml` created/, generated.ms)?.ms], ['exit', wallMs]);
  const phases: Phase[] = [];
  let previous = 0;
  for (const [name, end] of marks) {
    if (end === undefined || !Number.isFinite(end) || end < previous) continue;
    const phase = phases.find((p) => p.name === name);
    if (phase) phase.ms += Math.round(end - previous);
    else phases.push({ name, ms: Math.round(end - previous) });
    previous = end;
  }
  return phases;
}

/** The machine a benchmark ran on. */
export interface Machine {
  cpu: string;
  cores: number;
  ramBytes: number;
  node: string;
  os: string;
  date: string;
}

/** Describes this machine, for the record next to the figures. */
export function describeMachine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    ramBytes: totalmem(),
    node: process.version,
    os: `${platform()} ${release()}`,
    date: new Date().toISOString().slice(0, 10),
  };
}

/** The figures for one survey size. */
export interface BenchRun {
  papers: number;
  /** Set when a build failed; the other figures may be missing. */
  error?: string;
  build?: {
    wallMs: number;
    peakRssBytes: number;
    cpuMs: number;
    pagesPerSecond: number;
    phases: Phase[];
    /** The machine's 1-minute load average when the build started: other work skews the times. */
    loadBefore: number;
  };
  dist?: DistFigures;
  /** Rebuild after adding one paper; `ok` when its page appeared. */
  addOne?: Rebuild;
  /** Rebuild after editing one paper's notes; `ok` when the page shows the edit. */
  editNotes?: Rebuild;
  /** `astro dev` after the clean build (its compile cache warm): first page and a paper page. */
  dev?: DevFigures;
  /** Where a profiled clean build spent its CPU (with `--profile`). */
  profile?: ProfileSummary;
}

/** A rebuild of a survey already built once, after a change. */
export interface Rebuild {
  wallMs: number;
  peakRssBytes: number;
  cpuMs?: number;
  /** Whether the output shows the change. */
  ok: boolean;
  phases?: Phase[];
}

/** A benchmark's whole record, as written to scripts/bench/latest.json. */
export interface BenchReport {
  machine: Machine;
  seed: number;
  runs: BenchRun[];
}

const MB = 1024 * 1024;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const megabytes = (bytes: number) => `${(bytes / MB).toFixed(bytes < 10 * MB ? 2 : 0)} MB`;
const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const memory = (bytes: number) => (bytes === 0 ? 'n/a' : bytes >= 1024 * MB ? `${(bytes / 1024 / MB).toFixed(2)} GB` : `${Math.round(bytes / MB)} MB`);

/** The figures as Markdown: the machine, a table of full builds and rebuilds, and one of phases. */
export function formatReport(report: BenchReport): string {
  const { machine } = report;
  const lines = [
    `Measured ${machine.date} on ${machine.cpu}, ${machine.cores} cores, ${memory(machine.ramBytes)} RAM, ` +
      `Node ${machine.node}, ${machine.os}; synthetic papers (seed ${report.seed}), \`npm run bench\`.`,
    '',
    '| papers | pages | full build | peak memory | pages/s | dist/ | search index | offline zip | paper page, median | paper page, largest | +1 paper rebuild | notes edit rebuild | dev: first page, a paper, all papers |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const run of report.runs) {
    const { build, dist, addOne, editNotes } = run;
    if (!build || !dist) {
      lines.push(`| ${run.papers} | failed: ${(run.error ?? '').replace(/\|/g, '\\|').split('\n')[0]} ||||||||||||`);
      continue;
    }
    const rebuild = (r: BenchRun['addOne']) => (r ? `${seconds(r.wallMs)}, ${memory(r.peakRssBytes)}${r.ok ? '' : ' (wrong output)'}` : 'n/a');
    lines.push(
      `| ${[
        run.papers,
        dist.htmlPages,
        seconds(build.wallMs),
        memory(build.peakRssBytes),
        Math.round(build.pagesPerSecond),
        megabytes(dist.distBytes),
        megabytes(dist.pagefindBytes),
        dist.offlineZipBytes === null ? 'n/a' : megabytes(dist.offlineZipBytes),
        kilobytes(dist.medianPaperBytes),
        kilobytes(dist.largestPaperBytes),
        rebuild(addOne),
        rebuild(editNotes),
        run.dev ? `${seconds(run.dev.firstPageMs)}, ${seconds(run.dev.paperPageMs)}, ${seconds(run.dev.allPapersMs)}` : 'n/a',
      ].join(' | ')} |`,
    );
  }
  const built = report.runs.filter((r) => r.build);
  const names = [...new Set(built.flatMap((r) => r.build!.phases.map((p) => p.name)))];
  if (names.length > 0) {
    lines.push('', `Where a full build's time goes (from its log):`, '');
    lines.push(`| phase | ${built.map((r) => `${r.papers} papers`).join(' | ')} |`);
    lines.push(`|---|${built.map(() => '---:').join('|')}|`);
    for (const name of names) {
      lines.push(`| ${name} | ${built.map((r) => {
        const phase = r.build!.phases.find((p) => p.name === name);
        return phase ? seconds(phase.ms) : '';
      }).join(' | ')} |`);
    }
    lines.push(`| CPU time (all cores) | ${built.map((r) => seconds(r.build!.cpuMs)).join(' | ')} |`);
    lines.push(`| load average at start | ${built.map((r) => r.build!.loadBefore.toFixed(1)).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Start and end markers of the README's benchmark section. */
const README_MARKERS = ['<!-- bench:start -->', '<!-- bench:end -->'] as const;

/**
 * README text with the part between the benchmark markers replaced by `section`. When the markers
 * are missing they are added under a new "## Performance" heading at the end.
 */
export function replaceReadmeSection(readme: string, section: string): string {
  const [start, end] = README_MARKERS;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end, from);
  if (from < 0 || to < 0) {
    return `${readme.trimEnd()}\n\n## Performance\n\n${start}\n${section.trim()}\n${end}\n`;
  }
  return `${readme.slice(0, from + start.length)}\n${section.trim()}\n${readme.slice(to)}`;
}

/** Time spent by one function or package, in ms. */
export interface Spent {
  name: string;
  ms: number;
}

/** Where the CPU profiles of one build spent their time. */
export interface ProfileSummary {
  /** CPU time sampled across all threads (workers included), idle excluded. */
  busyMs: number;
  /** Each profiled thread: how long it lived and how much of it it was busy. */
  threads: { file: string; spanMs: number; busyMs: number }[];
  /** Self time by package (or project folder), all threads, largest first. */
  packages: Spent[];
  /** Self time by function, all threads, largest first. */
  functions: Spent[];
  /** The main thread's self time during each phase of the build log, by package. */
  phases: { name: string; ms: number; top: Spent[] }[];
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Sums the self time of each function and each package (or project folder) over the `.cpuprofile`
 * files Node writes with `--cpu-prof`, and splits the main thread's time by the phases of the build
 * log (the main thread's profile starts with the process, so the two clocks line up to a few ms).
 */
export function summarizeProfiles(dir: string, phases: readonly Phase[] = [], top = 15): ProfileSummary {
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  const threads: ProfileSummary['threads'] = [];
  let main: { profile: CpuProfile; spanUs: number } | undefined;
  for (const file of existsSync(dir) ? readdirSync(dir).sort() : []) {
    if (!file.endsWith('.cpuprofile')) continue;
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
    let spanUs = 0;
    let busyUs = 0;
    profile.samples.forEach((id, i) => {
      const us = profile.timeDeltas[i] ?? 0;
      const frame = frames.get(id);
      spanUs += us;
      if (!frame || frame.functionName === '(idle)') return;
      busyUs += us;
      const where = ownerOf(frame.url);
      add(byFunction, `${frame.functionName || '(anonymous)'} ${where}${frame.url ? `:${frame.lineNumber + 1}` : ''}`, us);
      add(byPackage, where === '(native)' ? frame.functionName || '(native)' : where, us);
    });
    threads.push({ file, spanMs: Math.round(spanUs / 1000), busyMs: Math.round(busyUs / 1000) });
    if (!main || spanUs > main.spanUs) main = { profile, spanUs };
  }
  const rank = (map: Map<string, number>, n = top): Spent[] =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, us]) => ({ name, ms: Math.round(us / 1000) }));

  const byPhase = phases.map((phase) => ({ ...phase, spent: new Map<string, number>() }));
  if (main) {
    const frames = new Map(main.profile.nodes.map((n) => [n.id, n.callFrame]));
    let t = 0;
    let phase = 0;
    let phaseEnd = byPhase[0]?.ms ?? Infinity;
    main.profile.samples.forEach((id, i) => {
      const us = main.profile.timeDeltas[i] ?? 0;
      t += us / 1000;
      while (t >= phaseEnd && phase < byPhase.length - 1) phaseEnd += byPhase[++phase]!.ms;
      const frame = frames.get(id);
      if (!frame || !byPhase[phase]) return;
      const where = ownerOf(frame.url);
      add(byPhase[phase]!.spent, where === '(native)' ? frame.functionName || '(native)' : where, us);
    });
  }
  return {
    busyMs: Math.round(threads.reduce((a, t) => a + t.busyMs, 0)),
    threads,
    packages: rank(byPackage),
    functions: rank(byFunction),
    phases: byPhase.map(({ name, ms, spent }) => ({ name, ms, top: rank(spent, 6) })),
  };
}

/**
 * `node_modules/@astrojs/mdx/...` → `@astrojs/mdx`; Astro's bundle of our pages by chunk
 * (`site: survey`); project files by folder; V8 internals as they are.
 */
function ownerOf(url: string): string {
  if (!url) return '(native)';
  const path = url.replace(/^file:\/\//, '');
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (inModules) return inModules[1]!;
  if (path.startsWith('node:')) return 'node';
  // The site's own page code, bundled by Astro: name the chunk without its hash.
  const page = /\/dist\/\.prerender\/(?:chunks\/)?([^/]+?)(?:[._-][A-Za-z0-9_-]{8})?\.mjs$/.exec(path);
  if (page) return `site: ${page[1]!}`;
  const project = /\/(src\/[^/]+|dist\/[^/]+|\.astro|node_modules)\b/.exec(path);
  return project ? project[1]! : path.split('/').slice(-2).join('/');
}

interface BenchOptions {
  /** The real papers and topics, from which the synthetic ones are made. */
  pool: SyntheticPool;
  seed: number;
  timeoutMs: number;
  /** Also measure rebuilds after adding a paper and editing one. */
  incremental: boolean;
  /** Also time `astro dev` serving its first page after the clean build. */
  dev: boolean;
  /** Also run one clean build under `--cpu-prof` and summarise it. */
  profile: boolean;
  /** Keep the project copy for inspection instead of deleting it. */
  keep: boolean;
  /** Progress messages. */
  say: (message: string) => void;
}

/**
 * Benchmarks a survey of `papers` synthetic papers: writes them into a fresh project copy, builds it
 * from a cold state, measures the build and its output, then the rebuilds after adding one paper and
 * after editing one paper's notes. The real `content/` is never touched.
 */
export async function benchSurvey(papers: number, options: BenchOptions): Promise<BenchRun> {
  const { pool, seed, say } = options;
  const dir = projectCopy(undefined, `survey-bench-${papers}-`);
  const write = (file: SourceFile) => writeFileSync(join(dir, file.file), file.source);
  const run: BenchRun = { papers };
  try {
    say(`${papers} papers: writing the synthetic survey into ${dir}`);
    for (const file of syntheticSurvey(pool, papers, seed)) write(file);

    say(`${papers} papers: clean build`);
    cleanBuildState(dir);
    const loadBefore = loadavg()[0] ?? 0;
    const build = await runBuild(dir, { timeoutMs: options.timeoutMs });
    if (build.status !== 0) throw new Error(`the build failed (exit ${build.status}):\n${tail(build.log)}`);
    const dist = measureDist(join(dir, 'dist'));
    run.build = {
      wallMs: Math.round(build.wallMs),
      peakRssBytes: build.peakRssBytes,
      cpuMs: build.cpuMs,
      pagesPerSecond: dist.htmlPages / (build.wallMs / 1000),
      phases: phasesOf(build.log, build.wallMs),
      loadBefore: Math.round(loadBefore * 100) / 100,
    };
    run.dist = dist;

    if (options.dev) {
      say(`${papers} papers: astro dev, first page`);
      run.dev = await measureDev(dir, `papers/${syntheticId(0)}/`);
    }

    if (options.incremental) {
      say(`${papers} papers: rebuild after adding one paper`);
      const added = syntheticPaper(pool, papers, papers + 1, seed);
      write(added);
      const addRun = await runBuild(dir, { timeoutMs: options.timeoutMs });
      if (addRun.status !== 0) throw new Error(`the rebuild failed (exit ${addRun.status}):\n${tail(addRun.log)}`);
      const addedPage = join(dir, 'dist', 'papers', syntheticId(papers), 'index.html');
      run.addOne = { ...rebuildFigures(addRun), ok: existsSync(addedPage) };

      say(`${papers} papers: rebuild after editing one paper's notes`);
      const edited = syntheticPath(0);
      const marker = `Edited by the benchmark at step ${papers + 1}.`;
      write({ file: edited, source: editNotes(readFileSync(join(dir, edited), 'utf8'), marker) });
      const editRun = await runBuild(dir, { timeoutMs: options.timeoutMs });
      if (editRun.status !== 0) throw new Error(`the rebuild failed (exit ${editRun.status}):\n${tail(editRun.log)}`);
      const editedPage = join(dir, 'dist', 'papers', syntheticId(0), 'index.html');
      run.editNotes = {
        ...rebuildFigures(editRun),
        ok: existsSync(editedPage) && readFileSync(editedPage, 'utf8').includes(marker),
      };
    }

    if (options.profile) {
      say(`${papers} papers: profiled clean build (--cpu-prof)`);
      const profiles = join(dir, 'cpu-profiles');
      cleanBuildState(dir);
      const profiled = await runBuild(dir, {
        timeoutMs: options.timeoutMs,
        env: { NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --cpu-prof --cpu-prof-dir=${profiles}`.trim() },
      });
      if (profiled.status !== 0) throw new Error(`the profiled build failed:\n${tail(profiled.log)}`);
      run.profile = summarizeProfiles(profiles, phasesOf(profiled.log, profiled.wallMs));
    }
  } catch (error) {
    run.error = error instanceof Error ? error.message : String(error);
  } finally {
    if (options.keep) say(`${papers} papers: kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  return run;
}

function rebuildFigures(run: BuildRun) {
  return {
    wallMs: Math.round(run.wallMs),
    peakRssBytes: run.peakRssBytes,
    cpuMs: run.cpuMs,
    phases: phasesOf(run.log, run.wallMs),
  };
}

/** The last 30 lines of a build's log, for an error message. */
function tail(log: readonly LogLine[]): string {
  return log.slice(-30).map((l) => l.text).join('\n');
}
