import { readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'vite';
import { OFFLINE_FILES } from '../lib/offline-search';
import { offlineDocs } from '../lib/offline-docs';
import { OFFLINE_SCRIPT, rewriteCss, rewriteHtml } from '../lib/offline-links';
import { codeFingerprint, type LoadedSurvey } from './content';
import { inBatches, walk } from './files';
import { DerivedFiles, FolderUpdate } from './folder-update';
import { stageOfflineScriptsInBackground, type StagedScripts } from './offline-index';
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
  /** Where to keep what the next build can reuse (the zip's deflated files); none by default. */
  cacheDir?: string | undefined;
  survey: LoadedSurvey;
  /** The search index, if started already (startOfflineIndex). */
  index?: OfflineIndex | undefined;
}

/** The offline search index being built, and how many papers and topics it holds. */
export interface OfflineIndex {
  pages: number;
  scripts: Promise<StagedScripts>;
}

/**
 * Starts building the offline edition's search index on a worker thread. It needs only the checked
 * survey, so the build starts it before Astro renders the pages, on the core Astro leaves idle.
 */
export function startOfflineIndex(survey: LoadedSurvey): OfflineIndex {
  const papers = survey.papers.flatMap((p) => (p.data ? [{ ...p, data: p.data }] : []));
  const topics = survey.topics.flatMap((t) => (t.data ? [{ ...t, data: t.data }] : []));
  const { docs, topics: topicDocs } = offlineDocs(papers, topics);
  const scripts = stageOfflineScriptsInBackground(docs, topicDocs);
  scripts.catch(() => undefined); // Its failure is reported where it is awaited.
  return { pages: docs.length, scripts };
}

/**
 * Builds the offline edition from the hosted build: the same pages with relative links to `.html`
 * files, classic scripts instead of modules, and a MiniSearch index in a script file instead of
 * Pagefind, all of which work when `index.html` is opened from disk. Then zips it.
 */
export async function buildOfflineEdition({ survey, index, ...job }: OfflineOptions) {
  // 1. The search index, loaded by a classic <script> when a reader first searches: started by the
  //    caller while Astro renders the pages, or now.
  const { pages, scripts } = index ?? startOfflineIndex(survey);
  const bytes = process.env['SURVEY_WORKERS'] === '0' ? await writeOfflineEdition(job, scripts) : await writeInWorker(job, scripts);
  return { pages, bytes };
}

/** What writing the edition needs: plain data, so that a worker thread can do it. */
export type EditionJob = Omit<OfflineOptions, 'survey' | 'index'>;

/**
 * `writeOfflineEdition` on a worker thread. The edition reads, rewrites and writes every page of
 * the hosted build and deflates them for the zip; on the build's thread, whose heap still holds
 * Astro's build (about 400 MB at 10,000 papers), that churn made V8 mark the whole heap every
 * couple of seconds, about 30 s of CPU at 10,000 papers taken from Pagefind's process. A worker's
 * heap holds only the edition's own data. The search scripts follow when their worker is done.
 */
function writeInWorker(job: EditionJob, scripts: Promise<StagedScripts>): Promise<number> {
  // The worker is TypeScript like the rest of the build; tsx loads it in the thread.
  const worker = new Worker(new URL('./offline-worker.ts', import.meta.url), { execArgv: ['--import', 'tsx'], workerData: job });
  return new Promise<number>((resolve, reject) => {
    scripts.then((staged) => worker.postMessage(staged), reject);
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The offline edition's worker stopped (exit code ${code}).`)));
  }).finally(() => worker.terminate());
}

/** Writes the offline edition and its zip from the hosted build; returns the zip's size in bytes. */
export async function writeOfflineEdition({ dist, out, zip, base, root, cacheDir }: EditionJob, scripts: Promise<StagedScripts>): Promise<number> {
  // 2. One pass over the hosted build: pages and stylesheets get relative links, other files are
  //    the same as the hosted ones (hard links where the file system allows). Pagefind (it cannot
  //    run from disk) and zips are left out. The previous edition is updated, not deleted first.
  //    A batch at a time, so the event loop still serves Pagefind's process meanwhile.
  //    A file whose hosted page and offline copy are both as the previous build left them is kept
  //    without reading it (the pages Astro's incremental build reused).
  const folder = new FolderUpdate(out);
  const derived = new DerivedFiles(cacheDir && join(cacheDir, 'offline-files.json'), `${codeFingerprint(root)}\0${base}`);
  const files = walk(dist).filter((file) => !file.startsWith('pagefind/') && !file.endsWith('-offline.zip'));
  // The folders of the files step 4 writes too, so that nothing is in their way by then.
  folder.makeFolders([...files, ...[OFFLINE_FILES.shards.dir, OFFLINE_FILES.details.dir].map((dir) => `${dir}/index.js`)]);
  await inBatches(files, 200, (file) => {
    const source = join(dist, file);
    const target = join(out, file);
    if (derived.unchanged(file, source, target)) return folder.keep(file);
    if (file.endsWith('.html')) folder.write(file, rewriteHtml(readFileSync(source, 'utf8'), file, base));
    else if (file.endsWith('.css')) folder.write(file, rewriteCss(readFileSync(source, 'utf8'), file, base));
    else folder.link(file, source);
    derived.record(file, source, target);
  });

  // 3. The browser code as one classic script, its lazy parts inlined.
  folder.clear(OFFLINE_SCRIPT);
  await bundleClient(root, join(out, OFFLINE_SCRIPT));

  // 4. The search scripts, once the index is built; then what the previous edition had and this
  //    one has not (a removed paper, a renamed asset) goes.
  const staged = await scripts;
  try {
    await inBatches(staged.files, 200, (file) => folder.write(file, readFileSync(join(staged.dir, file))));
  } finally {
    rmSync(staged.dir, { recursive: true, force: true });
  }
  folder.finish();
  derived.save();

  // 5. The zip a reader downloads: one folder named like the zip.
  await zipFolder(out, zip, basename(zip, '.zip'), { cacheDir });
  return statSync(zip).size;
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
