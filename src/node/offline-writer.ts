import { readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CITATIONS_INDEX, offlineCitationScripts } from '../lib/offline-citations';
import { OFFLINE_FILES } from '../lib/offline-search';
import { OFFLINE_SCRIPT, rewriteCss, rewriteHtml } from '../lib/offline-links';
import { inBatches, walk } from './files';
import { DerivedFiles, FolderUpdate } from './folder-update';
import type { StagedScripts } from './offline-index';
import { zipFolder } from './zip';

/** What writing the offline edition needs: plain data, so that a worker thread can do it. */
export interface EditionJob {
  /** The hosted build (Astro's outDir), already indexed by Pagefind. */
  dist: string;
  /** Folder to write the offline edition to; brought up to date if it exists. */
  out: string;
  /** Path of the zip to write. */
  zip: string;
  /** Astro's base, with a trailing slash. */
  base: string;
  /** The published site's root URL (Astro's site and base), where the edition's feed links lead; none for a build made without SITE_URL. */
  published: string | undefined;
  /** Where to keep what the next build can reuse (the zip's deflated files); none by default. */
  cacheDir?: string | undefined;
  /**
   * The hosted build's files, relative to it, when the build knows them: listing its 51,000 files
   * at 10,000 papers took 0.25 to 0.35 s of the edition's time. By default the folder is walked.
   */
  files?: readonly string[] | undefined;
  /** What the edition's files are made by (the build's code, the base and the site): files made otherwise are made again. */
  fingerprint: string;
}

/** What the edition takes from elsewhere once it is ready: the search scripts and the browser code's bundle. */
export interface EditionInputs {
  staged: StagedScripts;
  /** Path of the browser code, bundled as one classic script. */
  client: string;
}

/** Writes the offline edition and its zip from the hosted build; returns the zip's size in bytes. */
export async function writeOfflineEdition({ dist, out, zip, base, published, cacheDir, fingerprint, files: hosted }: EditionJob, inputs: Promise<EditionInputs>): Promise<number> {
  // 1. One pass over the hosted build: pages and stylesheets get relative links, other files are
  //    the same as the hosted ones (hard links where the file system allows). Pagefind (it cannot
  //    run from disk), the hosted pages' modules (no offline page loads one: the browser code is
  //    one classic script, step 3) and zips are left out. The previous edition is updated, not deleted first.
  //    A batch at a time, so that without a worker the event loop still serves Pagefind's process.
  //    A file whose hosted page and offline copy are both as the previous build left them is kept
  //    without reading it (the pages Astro's incremental build reused).
  const folder = new FolderUpdate(out);
  const derived = new DerivedFiles(cacheDir && join(cacheDir, 'offline-files.json'), fingerprint);
  const files = (hosted ?? walk(dist)).filter((file) => !file.startsWith('pagefind/') && !/^_astro\/[^/]+\.js$/.test(file) && !file.endsWith('-offline.zip'));
  // The folders of the files steps 2 and 3 write too, so that nothing is in their way by then.
  folder.makeFolders([...files, OFFLINE_SCRIPT, CITATIONS_INDEX, ...[OFFLINE_FILES.shards.dir, OFFLINE_FILES.details.dir, OFFLINE_FILES.texts.dir].map((dir) => `${dir}/index.js`)]);
  await inBatches(files, 200, (file) => {
    const source = join(dist, file);
    const target = join(out, file);
    if (derived.unchanged(file, source, target)) return folder.keep(file);
    if (file.endsWith('.html')) folder.write(file, rewriteHtml(readFileSync(source, 'utf8'), file, base, published));
    else if (file.endsWith('.css')) folder.write(file, rewriteCss(readFileSync(source, 'utf8'), file, base));
    else folder.link(file, source);
    derived.record(file, source, target);
  });

  // 2. Every paper's citation entries and the survey's and topics' orders, in classic scripts, for
  //    the download buttons: a link's `download` does not work between file:// pages, so a click
  //    builds the file from these and saves it from a Blob. Made from the hosted files, which
  //    they must give back byte for byte.
  const topics = files.flatMap((file) => /^topics\/([^/]+)\.csv$/.exec(file)?.[1] ?? []);
  for (const { file, script } of offlineCitationScripts({ read: (path) => readFileSync(join(dist, path), 'utf8'), topics })) folder.write(file, script);

  // 3. The browser code and the search scripts, once they are ready; then what the previous
  //    edition had and this one has not (a removed paper, a renamed asset) goes.
  const { staged, client } = await inputs;
  folder.write(OFFLINE_SCRIPT, readFileSync(client));
  try {
    await inBatches(staged.files, 200, (file) => folder.write(file, readFileSync(join(staged.dir, file))));
  } finally {
    rmSync(staged.dir, { recursive: true, force: true });
  }
  folder.finish();
  derived.save();

  // 4. The zip a reader downloads: one folder named like the zip.
  await zipFolder(out, zip, basename(zip, '.zip'), { cacheDir, files: folder.files() });
  return statSync(zip).size;
}

