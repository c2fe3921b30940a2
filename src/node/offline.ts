import { createWriteStream, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { build } from 'vite';
import { assignmentScript, buildOfflineData, OFFLINE_FILES } from '../lib/offline-search';
import { offlineDocs } from '../lib/offline-docs';
import { OFFLINE_SCRIPT, rewriteCss, rewriteHtml } from '../lib/offline-links';
import type { LoadedSurvey } from './content';
import { inParallel, walk } from './files';


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
  // 1. One pass over the hosted build: pages and stylesheets get relative links, other files are
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

  // 2. The browser code as one classic script, its lazy parts inlined.
  await bundleClient(root, join(out, OFFLINE_SCRIPT));

  // 3. The search index, loaded by a classic <script> when a reader first searches.
  const papers = survey.papers.flatMap((p) => (p.data ? [{ ...p, data: p.data }] : []));
  const topics = survey.topics.flatMap((t) => (t.data ? [{ ...t, data: t.data }] : []));
  const { docs, topics: topicDocs } = offlineDocs(papers, topics);
  const { data, texts } = buildOfflineData(docs, topicDocs);
  writeFileSync(join(out, OFFLINE_FILES.data.file), assignmentScript(OFFLINE_FILES.data.global, data));
  writeFileSync(join(out, OFFLINE_FILES.texts.file), assignmentScript(OFFLINE_FILES.texts.global, texts));

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

/** Files up to this size are read whole into the zip. */
const SMALL_FILE = 8 * 1024;

function zipFolder(dir: string, zipPath: string, folder: string): Promise<void> {
  mkdirSync(dirname(zipPath), { recursive: true });
  const zip = new ZipFile();
  // Sorted, with a fixed timestamp, so two builds of one commit give the same zip.
  const mtime = new Date('2000-01-01T00:00:00Z');
  // Small files (citations, most pages) go in as buffers: a stream per file costs about a
  // millisecond, and there are tens of thousands. Larger ones stream, so memory stays bounded.
  for (const file of walk(dir).sort()) {
    const path = join(dir, file);
    const options = { mtime, mode: 0o644 };
    if (statSync(path).size <= SMALL_FILE) zip.addBuffer(readFileSync(path), `${folder}/${file}`, options);
    else zip.addFile(path, `${folder}/${file}`, options);
  }
  zip.end();
  return pipeline(zip.outputStream, createWriteStream(zipPath));
}
