import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Exportable } from '../lib/citation';
import { paperCitationJobs } from '../lib/citation-files';
import { inBatches } from './files';
import { DerivedFiles, writeIfChanged } from './folder-update';
import { tsWorker } from './workers';

/** What writing the papers' citation files needs: plain data, so that a worker thread can do it. */
export interface CitationJob {
  /** The hosted build's folder (Astro's outDir). */
  out: string;
  /** The papers that passed the check. */
  papers: Exportable[];
  /** Where the previous build recorded what it made; none to make everything. */
  cacheDir: string | undefined;
  /** The build code's fingerprint: files made by other code are made again. */
  fingerprint: string;
}

/** How many citation files were written (the others were as the previous build left them), and in how long. */
export interface CitationReport {
  written: number;
  total: number;
  ms: number;
}

/**
 * Writes each paper's BibTeX, RIS and CSL-JSON next to its page. One the previous build wrote the
 * same is left alone (and so is its offline copy), and one it made from the same data with the same
 * code, untouched since, is not even formatted again.
 */
export async function writeCitationFiles({ out, papers, cacheDir, fingerprint }: CitationJob): Promise<CitationReport> {
  const started = performance.now();
  const jobs = paperCitationJobs(papers);
  const made = new DerivedFiles(cacheDir && join(cacheDir, 'citation-files.json'), fingerprint);
  // Their folders may not exist yet: the build writes them while Astro writes the pages.
  for (const dir of new Set(jobs.map((job) => dirname(join(out, job.path))))) mkdirSync(dir, { recursive: true });
  let written = 0;
  await inBatches(jobs, 500, (job) => {
    const path = join(out, job.path);
    if (made.unchangedFrom(job.path, job.digest, path)) return;
    if (writeIfChanged(path, job.file().body)) written++;
    made.recordFrom(job.path, job.digest, path);
  });
  made.save();
  return { written, total: jobs.length, ms: Math.round(performance.now() - started) };
}

/**
 * `writeCitationFiles` on a worker thread, which the build starts while Astro renders the pages:
 * the files depend only on the checked survey, and page generation leaves a core idle once the
 * offline search index is made. At 10,000 papers the 30,000 files took 9 to 13 s of the build's
 * thread after the pages, where Pagefind's process needs the CPU. `SURVEY_WORKERS=0` keeps it on
 * this thread.
 */
export function writeCitationFilesInBackground(job: CitationJob): Promise<CitationReport> {
  if (process.env['SURVEY_WORKERS'] === '0') return writeCitationFiles(job);
  const worker = tsWorker(new URL('./citation-worker.ts', import.meta.url), { workerData: job });
  return new Promise<CitationReport>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The citation files' worker stopped (exit code ${code}).`)));
  }).finally(() => worker.terminate());
}
