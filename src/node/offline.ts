import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { build } from 'vite';
import { OFFLINE_FILES } from '../lib/offline-search';
import { offlineDocs } from '../lib/offline-docs';
import { OFFLINE_SCRIPT, rewriteCss, rewriteHtml } from '../lib/offline-links';
import type { LoadedSurvey } from './content';
import { inParallel, walk } from './files';
import { offlineScriptsInBackground } from './offline-index';
import { zipFolder } from './zip';


interface OfflineOptions {
  /** The hosted build (Astro's outDir), already indexed by Pagefind. */
  dist: string;
  /** Folder to write the offline edition to; replaced if it exists. */
  out: string;
  /** Path of the zip to write. */
  zip: string;
  /** Astro's base, with a trailing slash. */
  base: string;
  /** Project root, for the browser code's entry. */
  root: string;
  survey: LoadedSurvey;
}

/**
 * Builds the offline edition from the hosted build: the same pages with relative links to `.html`
 * files, classic scripts instead of modules, and a MiniSearch index in a script file instead of
 * Pagefind, all of which work when `index.html` is opened from disk. Then zips it.
 */
export async function buildOfflineEdition({ dist, out, zip, base, root, survey }: OfflineOptions) {
  // 1. The search index, loaded by a classic <script> when a reader first searches. Built on a
  //    worker thread for a large survey, while this one copies the pages.
  const papers = survey.papers.flatMap((p) => (p.data ? [{ ...p, data: p.data }] : []));
  const topics = survey.topics.flatMap((t) => (t.data ? [{ ...t, data: t.data }] : []));
  const { docs, topics: topicDocs } = offlineDocs(papers, topics);
  const scripts = offlineScriptsInBackground(docs, topicDocs);
  scripts.catch(() => undefined); // Its failure is reported where it is awaited, below.

  // 2. One pass over the hosted build: pages and stylesheets get relative links, other files are
  //    copied as they are. Pagefind (it cannot run from disk) and zips are left out.
  //    Asynchronous, a few files at a time, so Pagefind's indexing (another process) goes on meanwhile.
  rmSync(out, { recursive: true, force: true });
  const files = walk(dist).filter((file) => !file.startsWith('pagefind/') && !file.endsWith('-offline.zip'));
  for (const dir of new Set(files.map((file) => dirname(join(out, file))))) mkdirSync(dir, { recursive: true });
  await inParallel(files, 16, async (file) => {
    const source = join(dist, file);
    const target = join(out, file);
    if (file.endsWith('.html')) await writeFile(target, rewriteHtml(await readFile(source, 'utf8'), file, base));
    else if (file.endsWith('.css')) await writeFile(target, rewriteCss(await readFile(source, 'utf8'), file, base));
    else await copyFile(source, target);
  });

  // 3. The browser code as one classic script, its lazy parts inlined.
  await bundleClient(root, join(out, OFFLINE_SCRIPT));

  // 4. The search scripts, once the index is built.
  const { data, texts, parts } = await scripts;
  writeFileSync(join(out, OFFLINE_FILES.data.file), data);
  writeFileSync(join(out, OFFLINE_FILES.texts.file), texts);
  for (const { dir } of [OFFLINE_FILES.shards, OFFLINE_FILES.details]) mkdirSync(join(out, dir), { recursive: true });
  await inParallel(parts, 16, ({ file, script }) => writeFile(join(out, file), script));

  // 5. The zip a reader downloads: one folder named like the zip.
  await zipFolder(out, zip, basename(zip, '.zip'));
  return { pages: docs.length, bytes: statSync(zip).size };
}

async function bundleClient(root: string, file: string) {
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir: dirname(file),
      emptyOutDir: false,
      minify: true,
      lib: { entry: join(root, 'src/scripts/site.ts'), formats: ['iife'], name: 'SurveySite', fileName: () => basename(file) },
      rolldownOptions: { output: { codeSplitting: false } },
    },
  });
}
