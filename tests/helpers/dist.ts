import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { load, type CheerioAPI } from 'cheerio';
import { unzipSync } from 'fflate';
import { survey } from '../../src/survey.config';

/** The hosted build that `npm run build` writes. */
export const DIST = resolve('dist');

/** What a formula KaTeX could not render leaves in a page: KaTeX's own mark (rehype-katex, about.mdx) or ours (src/lib/render.ts). */
export const MATH_ERROR = /katex-error|math-error/;

/** The address `npm run build` builds for without SITE_URL and BASE_PATH, which the tests expect of dist/. */
const TEST_SITE = 'http://localhost:4321/';

/**
 * Fails with a useful message when the site has not been built yet, or when dist/ was built to be
 * deployed (with SITE_URL or BASE_PATH), whose addresses and links the tests would report one by one.
 */
export function requireBuild(dir = DIST): void {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`${dir} has no index.html. Run \`npm run build\` before \`npm test\`.`);
  }
  const builtFor = load(readFileSync(join(dir, 'index.html'), 'utf8'))('link[rel="canonical"]').attr('href');
  if (dir === DIST && builtFor !== TEST_SITE) {
    throw new Error(
      `${dir} was built for ${builtFor}, with SITE_URL or BASE_PATH set, and the tests check a build for ${TEST_SITE}. ` +
        'Run `npm run build` without them, then `npm test`; set them only to build the site you deploy.',
    );
  }
}

/**
 * What a reader does with the offline edition: the zip from the hosted build, unpacked into a new
 * temporary folder. Returns the folder holding its `index.html`.
 */
export function unpackOfflineZip(): string {
  const dir = mkdtempSync(join(tmpdir(), 'survey-offline-'));
  for (const [name, data] of Object.entries(unzipSync(readFileSync(join(DIST, `${survey.offlineName}-offline.zip`))))) {
    if (name.endsWith('/')) continue;
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
  return join(dir, `${survey.offlineName}-offline`);
}

/** Every file under `dir`, as paths relative to it, in a stable order. */
export function listFiles(dir: string, filter: (path: string) => boolean = () => true): string[] {
  const out: string[] = [];
  const walk = (sub: string) => {
    for (const name of readdirSync(join(dir, sub)).sort()) {
      const path = join(sub, name);
      if (statSync(join(dir, path)).isDirectory()) walk(path);
      else if (filter(path)) out.push(path.split('\\').join('/'));
    }
  };
  walk('');
  return out;
}

/** A built page, parsed. `path` is relative to the output folder: `papers/var/index.html`. */
export function page(path: string, dir = DIST): CheerioAPI {
  return load(readFileSync(join(dir, path), 'utf8'));
}

interface PagefindResult {
  id: string;
  data(): Promise<{ url: string; meta: Record<string, string>; excerpt: string }>;
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  search(term: string | null, options?: Record<string, unknown>): Promise<{ results: PagefindResult[]; filters: Record<string, Record<string, number>> }>;
  filters(): Promise<Record<string, Record<string, number>>>;
}

/**
 * Loads the built Pagefind index in Node with its own JS API. Pagefind fetches its files relative
 * to its script; Node's fetch cannot read file:// URLs, so those reads go to the disk.
 */
export async function loadPagefind(dir = DIST): Promise<Pagefind> {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('file:')) return realFetch(input, init);
    const body = await readFile(fileURLToPath(url.split('?')[0]!));
    const type = url.endsWith('.wasm') || url.includes('wasm.') ? 'application/wasm' : 'application/octet-stream';
    return new Response(body, { headers: { 'content-type': type } });
  }) as typeof fetch;
  const pagefind = (await import(pathToFileURL(join(dir, 'pagefind', 'pagefind.js')).href)) as Pagefind;
  await pagefind.options({ basePath: pathToFileURL(join(dir, 'pagefind') + '/').href, baseUrl: '/' });
  return pagefind;
}

/** Turns a result URL (`/papers/var/`) into the paper id. */
export function idOf(url: string): string {
  return url.replace(/\/$/, '').split('/').pop()!;
}
