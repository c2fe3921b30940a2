import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, type Dirent } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompiledPaper, CompiledTopic } from '../lib/compile';
import { compileJobs } from './compile-pool';
import { sortIssues, type Issue } from '../lib/issues';
import { validateSurvey } from '../lib/validate';

/** Folders of the survey's content, relative to the project root. */
export const PAPERS_DIR = 'content/papers';
export const TOPICS_DIR = 'content/topics';

/** Paths the dev server's file watcher skips: the loaders watch the content directories themselves. */
export function contentWatchIgnores(root: string): string[] {
  return [PAPERS_DIR, TOPICS_DIR].map((dir) => `${join(root, dir)}/**`);
}

/** Bump when compiled output changes shape, so stale caches are ignored. */
const CACHE_VERSION = 'compile-v6';

/**
 * The code that compiles entries and the exact dependency versions: a cached entry (or a file the
 * offline edition derived) is reused only if both are unchanged since it was made.
 */
export function codeFingerprint(root: string): string {
  const hash = createHash('sha1').update(CACHE_VERSION);
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [join(here, '..', 'lib'), join(here, '..', 'schemas')]) {
    for (const name of readdirSync(dir).sort()) if (name.endsWith('.ts')) hash.update(readFileSync(join(dir, name)));
  }
  const lock = join(root, 'package-lock.json');
  if (existsSync(lock)) hash.update(readFileSync(lock));
  return hash.digest('hex');
}

/** The whole survey, checked and rendered, with every problem found. */
export interface LoadedSurvey {
  papers: CompiledPaper[];
  topics: CompiledTopic[];
  issues: Issue[];
  /**
   * For each entry's file, a hash of its source, the base and the compiler: equal hashes, equal
   * compiled entries. The content loaders hand it to Astro as the entry's digest.
   */
  digests: ReadonlyMap<string, string>;
}

interface LoadOptions {
  /** Project root; content lives in `<root>/content`. */
  root: string;
  /** Astro's base with a trailing slash. */
  base: string;
  /** Directory for the compile cache; none when undefined. */
  cacheDir?: string | undefined;
}

/** Lists `*.mdx` files of a content folder, skipping drafts named `_*.mdx`, in a stable order. */
export function listEntries(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.mdx') && !name.startsWith('_'))
    .sort()
    .map((name) => join(dir, name));
}

/** The entries of a content folder (`listEntries`) as text, each with its path from `root`. */
export function readEntries(root: string, dir: string): { file: string; source: string }[] {
  return listEntries(join(root, dir)).map((path) => ({ file: relative(root, path), source: readFileSync(path, 'utf8') }));
}

/** What the loader does with a file under `content/`, given its path from the project root. */
export type ContentRole =
  | { role: 'paper' | 'topic' }
  /** A draft (`_*.mdx`) or a hidden file (`.gitkeep`), skipped as CONTRIBUTING.md says. */
  | { role: 'skipped'; reason: 'draft' | 'hidden' }
  /** A file that is never read: it is reported, so a pull request cannot add a paper that never shows. */
  | { role: 'stray'; message: string; fix: string };

/**
 * Tells whether a file under `content/` is a paper, a topic, a skipped draft or hidden file, or a
 * stray file that nothing reads: `content/papers/x.md`, `content/papers/2024/x.mdx`,
 * `content/paper/x.mdx`. `file` is relative to the project root, with `/` separators.
 */
export function contentRole(file: string): ContentRole {
  const parts = file.split('/');
  const name = parts.at(-1)!;
  if (parts.some((part) => part.startsWith('.'))) return { role: 'skipped', reason: 'hidden' };
  if (/^_.*\.mdx$/.test(name)) return { role: 'skipped', reason: 'draft' };
  const folder = [PAPERS_DIR, TOPICS_DIR].find((dir) => file.startsWith(`${dir}/`));
  const kind = folder === PAPERS_DIR ? 'paper' : 'topic';
  const inFolder = folder !== undefined && parts.length === folder.split('/').length + 1;
  if (inFolder && name.endsWith('.mdx')) return { role: kind };
  // A Markdown file under another name is most likely a paper or topic in the wrong place.
  const base = /^(.+)\.(?:mdx|md|markdown)$/i.exec(name)?.[1];
  const remove = 'Delete it, or keep it outside content/.';
  if (inFolder) {
    return base
      ? { role: 'stray', message: `This file is never read: only files ending in .mdx (lowercase) are ${kind}s.`, fix: `Rename it to ${folder}/${base}.mdx.` }
      : { role: 'stray', message: `This file is never read: ${folder}/ holds only ${kind}s, one .mdx file each.`, fix: remove };
  }
  if (folder) {
    return {
      role: 'stray',
      message: `This file is never read: files in subfolders of ${folder}/ are not ${kind}s.`,
      fix: base ? `Move it to ${folder}/${base}.mdx.` : remove,
    };
  }
  return {
    role: 'stray',
    message: `This file is never read: only ${PAPERS_DIR}/ and ${TOPICS_DIR}/ hold the survey's files.`,
    fix: base ? `If it is a paper, move it to ${PAPERS_DIR}/${base}.mdx; if a topic, to ${TOPICS_DIR}/${base}.mdx; anything else belongs outside content/.` : remove,
  };
}

/** The files the loader reads, and an issue for every other file under `content/`. */
export interface ContentFiles {
  /** Absolute paths of `content/papers/*.mdx`, drafts left out, in a stable order. */
  papers: string[];
  topics: string[];
  /** One `stray-file` issue per file that is neither read nor a draft or hidden file. */
  strays: Issue[];
}

/** Lists every file under `<root>/content`, and sorts them into papers, topics and stray files. */
function listContent(root: string): ContentFiles {
  const found: ContentFiles = { papers: [], topics: [], strays: [] };
  const content = join(root, 'content');
  if (!existsSync(content)) return found;
  const realRoot = realPath(root);
  for (const file of filesUnder(content, 'content').sort()) {
    const role = contentRole(file);
    if (role.role !== 'skipped' && isLinked(root, realRoot, file)) {
      found.strays.push({
        file,
        line: 1,
        column: 1,
        rule: 'stray-file',
        message: 'This file is a symbolic link, or is in a folder that is one: the check reads no file through a link, which could lead anywhere on the machine that runs it.',
        fix: 'Put the file itself here instead of a link to it.',
      });
    } else if (role.role === 'paper') found.papers.push(join(root, file));
    else if (role.role === 'topic') found.topics.push(join(root, file));
    else if (role.role === 'stray') found.strays.push({ file, line: 1, column: 1, rule: 'stray-file', message: role.message, fix: role.fix });
  }
  return found;
}

/**
 * The files of `<root>/public`, which the site serves from its root, as paths under it
 * (`favicon.svg`): content may link to them and show them as images.
 */
export function publicFiles(root: string): string[] {
  const folder = join(root, 'public');
  if (!existsSync(folder)) return [];
  return filesUnder(folder, '').map((path) => path.slice(1));
}

/** Paths (`<prefix>/<name>`) of the files under `dir`, at any depth; hidden folders are not entered. */
function filesUnder(dir: string, prefix: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = `${prefix}/${entry.name}`;
    if (entry.name.startsWith('.') || !isFolder(entry, join(dir, entry.name))) return [path];
    return filesUnder(join(dir, entry.name), path);
  });
}

/**
 * Whether `file` (from `root`) is a symbolic link or is reached through one, or leads nowhere: a
 * pull request could otherwise make CI read, and quote in its messages, any file of its machine.
 */
function isLinked(root: string, realRoot: string | undefined, file: string): boolean {
  return realRoot === undefined || realPath(join(root, file)) !== join(realRoot, file);
}

/**
 * The path with every link resolved, by one call to the system (Node's own `realpathSync` looks at
 * each folder of the path in turn: 0.5 s for 10,000 papers), or undefined if it leads nowhere.
 */
function realPath(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

function isFolder(entry: Dirent, path: string): boolean {
  return entry.isDirectory() || (entry.isSymbolicLink() && existsSync(path) && statSync(path).isDirectory());
}

/**
 * The survey a path from the command line belongs to: its project root (the folder holding
 * `content/`) and, for a file or folder under `content/`, its path from there (`content/papers/x.mdx`,
 * a folder's ending in `/`). `path` is absolute; undefined when it is in no survey.
 */
export function locateInSurvey(path: string): { root: string; file: string | undefined } | undefined {
  const isFolderPath = (p: string) => existsSync(p) && statSync(p).isDirectory();
  if (isFolderPath(join(path, 'content'))) return { root: path, file: undefined };
  for (let dir = path; dirname(dir) !== dir; dir = dirname(dir)) {
    if (basename(dir) !== 'content' || !isFolderPath(dir)) continue;
    const file = relative(dirname(dir), path).split(sep).join('/');
    return { root: dirname(dir), file: isFolderPath(path) ? `${file}/` : file };
  }
  return undefined;
}

// One decoder for every file: `fatal` makes a byte that is not UTF-8 an error instead of a silent
// U+FFFD; `ignoreBOM` keeps a byte-order mark in the text, as readFileSync(path, 'utf8') did.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads a file as UTF-8. A file that is not valid UTF-8 is still read (each bad byte becomes
 * U+FFFD, so its other problems are found too), with an `encoding` issue at its first bad byte.
 */
export function readUtf8(path: string, file: string): { source: string; issue: Issue | undefined } {
  const bytes = readFileSync(path);
  try {
    return { source: UTF8.decode(bytes), issue: undefined };
  } catch {
    const source = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    return { source, issue: encodingIssue(file, bytes, source) };
  }
}

/** The `encoding` issue for the first byte of `bytes` that is not UTF-8; `text` is their lenient decoding. */
function encodingIssue(file: string, bytes: Uint8Array, text: string): Issue {
  // Each bad sequence decodes to U+FFFD. So does a real U+FFFD (EF BF BD): skip those; up to the
  // first bad one, text and bytes agree, so its offset in bytes is the UTF-8 length of what precedes it.
  let at = text.indexOf('\uFFFD');
  let offset = Buffer.byteLength(text.slice(0, at));
  while (bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd) {
    at = text.indexOf('\uFFFD', at + 1);
    offset = Buffer.byteLength(text.slice(0, at));
  }
  const before = text.slice(0, at).split('\n');
  const byte = bytes[offset]!.toString(16).toUpperCase().padStart(2, '0');
  return {
    file,
    line: before.length,
    column: before.at(-1)!.length + 1,
    rule: 'encoding',
    message: `The file is not valid UTF-8: byte 0x${byte} here is not part of any character (it would show as \uFFFD).`,
    fix: 'Save the file as UTF-8 (in most editors: "Save with Encoding", then UTF-8) and check the characters around it.',
  };
}

/**
 * Reads, checks and renders every paper and topic under `content/`, then runs the rules that look
 * across files. Results are cached by file content, so an unchanged file is not compiled twice.
 */
export async function loadSurvey({ root, base, cacheDir }: LoadOptions): Promise<LoadedSurvey> {
  const cache = openCache(cacheDir);
  const fingerprint = codeFingerprint(root);
  // Read every file and look it up in the cache; only the rest is compiled, on every core. A file
  // under content/ that is not read, or not UTF-8, is an issue of its own.
  const listed = listContent(root);
  const fileIssues = [...listed.strays];
  const entries = (['paper', 'topic'] as const).flatMap((kind) =>
    listed[kind === 'paper' ? 'papers' : 'topics'].map((path) => {
      const file = relative(root, path).split('\\').join('/');
      const { source, issue } = readUtf8(path, file);
      if (issue) fileIssues.push(issue);
      const key = createHash('sha1').update(`${fingerprint}\0${base}\0${file}\0${source}`).digest('hex');
      return { kind, file, source, key, compiled: cache.get(key) };
    }),
  );
  const missing = entries.filter((e) => e.compiled === undefined);
  const compiled = await compileJobs(missing, base);
  missing.forEach((entry, i) => {
    const result = compiled[i]!;
    entry.compiled = result;
    cache.set(entry.key, result);
  });
  cache.save();
  const papers = entries.filter((e) => e.kind === 'paper').map((e) => e.compiled as CompiledPaper);
  const topics = entries.filter((e) => e.kind === 'topic').map((e) => e.compiled as CompiledTopic);
  const issues = sortIssues([
    ...fileIssues,
    ...papers.flatMap((p) => p.issues),
    ...topics.flatMap((t) => t.issues),
    ...validateSurvey(papers, topics, publicFiles(root)),
  ]);
  return { papers, topics, issues, digests: new Map(entries.map((e) => [e.file, e.key])) };
}

/** What of a paper is needed only to render its own page, and stays on disk until then. */
const BODY_FIELDS = ['html', 'abstractHtml'] as const;
type Body = Record<(typeof BODY_FIELDS)[number], string>;

// A paper page reads its abstract and then its notes: the last body read is kept for the next read.
let lastBody: { path: string; body: Body } | undefined;

function readBody(path: string): Body {
  if (lastBody?.path !== path) lastBody = { path, body: JSON.parse(readFileSync(path, 'utf8')) as Body };
  return lastBody.body;
}

/**
 * Makes a paper's rendered abstract and notes read from `path` when asked for, so that a build
 * holds in memory only the bodies of the pages it renders (at 10,000 papers, 156 MB of the 260 MB
 * the compiled survey takes). The properties are not enumerable: the cache's JSON leaves them out.
 */
function bodyFrom(entry: CompiledPaper, path: string): void {
  for (const field of BODY_FIELDS) {
    Object.defineProperty(entry, field, { get: () => readBody(path)[field], enumerable: false, configurable: true });
  }
}

/** What of an entry only the offline edition's search index reads: the words of its abstract and body. */
const SEARCH_FIELDS = { paper: ['text', 'abstractText', 'terms'], topic: ['text'] } as const;
type SearchFields = Partial<Record<'text' | 'abstractText' | 'terms', string>>;

/**
 * Makes an entry's search words read from its shard's search file (`search`, read once for all the
 * shard's entries) when asked for: `astro dev` and a build's pages never ask, and at 10,000 papers
 * they are half of what the cache holds. Not enumerable, like the body (`bodyFrom`).
 */
function searchFrom(entry: CompiledPaper | CompiledTopic, key: string, search: () => Record<string, SearchFields>, file: string): void {
  for (const field of SEARCH_FIELDS[entry.kind]) {
    const get = () => {
      const value = search()[key]?.[field];
      if (value === undefined) throw new Error(`The compile cache's ${file} has no ${field} for ${entry.file}. Delete ${dirname(file)} and build again.`);
      return value;
    };
    Object.defineProperty(entry, field, { get, enumerable: false, configurable: true });
  }
}

/**
 * Writes `file` under another name, then renames it: a dev server, a build and `npm run check` may
 * save the same cache at once, and each then reads a file whole, never one half written.
 */
function writeWhole(file: string, text: string): void {
  const part = `${file}.${process.pid}.part`;
  writeFileSync(part, text);
  renameSync(part, file);
}

/** Whether process `pid` still runs (a process of another user counts too). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** An entry as its shard keeps it, and its search words as the search file beside it does. */
function splitSearch(entry: CompiledPaper | CompiledTopic): [Record<string, unknown>, SearchFields] {
  // Only what is enumerable: the body is in a file of its own (`bodyFrom`).
  const rest: Record<string, unknown> = { ...entry };
  const search: SearchFields = {};
  for (const field of SEARCH_FIELDS[entry.kind]) {
    search[field] = (entry as CompiledPaper)[field];
    delete rest[field];
  }
  return [rest, search];
}

/**
 * Compiled entries from earlier runs, keyed by a hash of the file and the options, kept in JSON
 * files by the first two characters of the key (256 at most), so a run that compiles one entry
 * rewrites one small file, not all of them (at 10,000 papers the cache is 178 MB, and writing it
 * whole took 2.6 s). A paper's rendered abstract and notes are in a file of their own, read when
 * its page is rendered (`bodyFrom`), and the search words of a shard's entries in one beside it,
 * read when the offline index is made (`searchFrom`). Entries not used by this run are dropped when saved.
 */
export function openCache(dir: string | undefined) {
  const folder = dir ? join(dir, CACHE_VERSION) : undefined;
  const bodies = folder && join(folder, 'bodies');
  const bodyPath = (key: string) => join(bodies!, `${key}.json`);
  // The body files there are, from one listing rather than a look for each paper.
  const bodyFiles = new Set(bodies && existsSync(bodies) ? readdirSync(bodies) : []);
  const shardOf = (key: string) => key.slice(0, 2);
  const searchPath = (shard: string) => join(folder!, `${shard}.search.json`);
  const stored = new Map<string, Record<string, CompiledPaper | CompiledTopic>>();
  if (folder && existsSync(folder)) {
    const names = new Set(readdirSync(folder));
    for (const name of names) {
      const shard = /^([0-9a-f]{2})\.json$/.exec(name)?.[1];
      // A shard without its search words is compiled again.
      if (!shard || !names.has(`${shard}.search.json`)) continue;
      try {
        const entries = JSON.parse(readFileSync(join(folder, name), 'utf8')) as Record<string, CompiledPaper | CompiledTopic>;
        let words: Record<string, SearchFields> | undefined;
        const search = () => (words ??= JSON.parse(readFileSync(searchPath(shard), 'utf8')) as Record<string, SearchFields>);
        for (const [key, entry] of Object.entries(entries)) {
          if (entry.kind === 'paper') bodyFrom(entry, bodyPath(key));
          searchFrom(entry, key, search, searchPath(shard));
        }
        stored.set(shard, entries);
      } catch {
        // A damaged file is compiled again.
      }
    }
  }
  const used = new Map<string, Record<string, CompiledPaper | CompiledTopic>>();
  const added = new Set<string>();
  const usedIn = (shard: string) => used.get(shard) ?? used.set(shard, {}).get(shard)!;
  return {
    get(key: string) {
      const hit = stored.get(shardOf(key))?.[key];
      // A paper whose body file has gone is compiled again.
      if (!hit || (hit.kind === 'paper' && !bodyFiles.has(`${key}.json`))) return undefined;
      usedIn(shardOf(key))[key] = hit;
      return hit;
    },
    /** Keeps `value` for the next run; a paper's body goes to its file now, and is read from there. */
    set(key: string, value: CompiledPaper | CompiledTopic) {
      usedIn(shardOf(key))[key] = value;
      added.add(shardOf(key));
      if (!bodies || value.kind !== 'paper') return;
      mkdirSync(bodies, { recursive: true });
      writeFileSync(bodyPath(key), JSON.stringify(Object.fromEntries(BODY_FIELDS.map((field) => [field, value[field]]))));
      bodyFiles.add(`${key}.json`);
      bodyFrom(value, bodyPath(key));
    },
    save() {
      if (!folder) return;
      mkdirSync(folder, { recursive: true });
      for (const shard of new Set([...stored.keys(), ...used.keys()])) {
        const entries = used.get(shard) ?? {};
        const count = Object.keys(entries).length;
        if (!added.has(shard) && count === Object.keys(stored.get(shard) ?? {}).length) continue;
        const file = join(folder, `${shard}.json`);
        if (count === 0) {
          for (const each of [file, searchPath(shard)]) rmSync(each, { force: true });
          continue;
        }
        // The search words first: a shard is read only with its search file beside it.
        const split = Object.entries(entries).map(([key, entry]) => [key, ...splitSearch(entry)] as const);
        writeWhole(searchPath(shard), JSON.stringify(Object.fromEntries(split.map(([key, , search]) => [key, search]))));
        writeWhole(file, JSON.stringify(Object.fromEntries(split.map(([key, rest]) => [key, rest]))));
      }
      if (bodies && existsSync(bodies)) {
        const kept = new Set([...used.values()].flatMap((entries) => Object.keys(entries)));
        for (const name of readdirSync(bodies)) if (!kept.has(name.slice(0, -'.json'.length))) rmSync(join(bodies, name), { force: true });
      }
      // What a process stopped between writing a file and renaming it left behind.
      for (const name of readdirSync(folder)) {
        const writer = Number(/\.(\d+)\.part$/.exec(name)?.[1]);
        if (writer && !running(writer)) rmSync(join(folder, name), { force: true });
      }
      // Caches of an older shape are of no use any more.
      for (const name of readdirSync(dirname(folder))) {
        if (/^compile-v\d+(\.json)?$/.test(name) && name !== CACHE_VERSION) rmSync(join(dirname(folder), name), { recursive: true, force: true });
      }
    },
  };
}

const SHARED = Symbol.for('survey-press.survey');
type Shared = Map<string, Promise<LoadedSurvey>>;

/**
 * The survey for this process, loaded once and shared by the integration (which checks it before
 * the build) and the content loaders (which hand it to Astro). They are bundled separately, so the
 * memo lives on `globalThis`.
 */
export function getSurvey(options: LoadOptions): Promise<LoadedSurvey> {
  const shared = ((globalThis as Record<symbol, unknown>)[SHARED] ??= new Map()) as Shared;
  const key = `${options.root}\0${options.base}`;
  let survey = shared.get(key);
  if (!survey) {
    survey = loadSurvey(options);
    shared.set(key, survey);
  }
  return survey;
}

/** Forgets the loaded survey, so the next `getSurvey` reads the files again (dev server edits). */
export function forgetSurvey(): void {
  ((globalThis as Record<symbol, unknown>)[SHARED] as Shared | undefined)?.clear();
}

/**
 * Where the build keeps what the next one can reuse (compiled entries, the zip's deflated files).
 * `SURVEY_CACHE=off` turns all of it off.
 */
export function cacheDirOf(root: string): string | undefined {
  return process.env['SURVEY_CACHE'] === 'off' ? undefined : join(root, 'node_modules', '.cache', 'survey-press');
}

/** Astro's `base` as a path with one trailing slash: `/`, `/survey/`. */
export function normalizeBase(base: string | undefined): string {
  const trimmed = (base ?? '/').replace(/^\/*|\/*$/g, '');
  return trimmed ? `/${trimmed}/` : '/';
}
