import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { build } from 'vite';
import { offlineDocs } from '../lib/offline-docs';
import { OFFLINE_SCRIPT } from '../lib/offline-links';
import { codeFingerprint, type LoadedSurvey } from './content';
import { stageOfflineScriptsInBackground, type StagedScripts } from './offline-index';
import { writeOfflineEdition, type EditionInputs, type EditionJob } from './offline-writer';
import { tsWorker } from './workers';

/** The edition's job, and what the build's thread makes of it before handing it on. */
interface OfflineOptions extends Omit<EditionJob, 'fingerprint'> {
  /** Project root, for the browser code's entry and the code's fingerprint. */
  root: string;
  survey: LoadedSurvey;
  /** The search index, if started already (startOfflineIndex). */
  index?: OfflineIndex | undefined;
  /** The thread to write the edition on, if started already (startEditionWorker); it is stopped when done. */
  worker?: EditionWorker | undefined;
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
  // The entries themselves, not copies: their search words are read from the compile cache when asked for.
  const papers = survey.papers.filter((p): p is typeof p & { data: NonNullable<typeof p.data> } => p.data !== undefined);
  const topics = survey.topics.filter((t): t is typeof t & { data: NonNullable<typeof t.data> } => t.data !== undefined);
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
export async function buildOfflineEdition({ survey, index, root, worker, ...job }: OfflineOptions) {
  // 1. The search index, loaded by a classic <script> when a reader first searches: started by the
  //    caller while Astro renders the pages, or now.
  const { pages, scripts } = index ?? startOfflineIndex(survey);
  // The browser code as one classic script, its lazy parts inlined: bundled here, where Vite is
  // loaded already, while the edition's pages are written.
  const clientDir = mkdtempSync(join(tmpdir(), 'survey-offline-client-'));
  const client = join(clientDir, OFFLINE_SCRIPT.split('/').pop()!);
  const inputs = Promise.all([scripts, bundleClient(root, client)]).then(([staged]) => ({ staged, client }));
  inputs.catch(() => undefined); // Its failure is reported where it is awaited.
  const edition = { ...job, fingerprint: `${codeFingerprint(root)}\0${job.base}\0${job.published ?? ''}` };
  const thread = process.env['SURVEY_WORKERS'] === '0' ? undefined : (worker ?? startEditionWorker());
  try {
    const bytes = thread ? await thread.run(edition, inputs) : await writeOfflineEdition(edition, inputs);
    return { pages, bytes };
  } finally {
    await thread?.stop();
    rmSync(clientDir, { recursive: true, force: true });
  }
}

/** The thread that writes the offline edition (`startEditionWorker`). */
export interface EditionWorker {
  /** Hands the thread its job, then its inputs once they are ready; resolves to the zip's size. */
  run(job: EditionJob, inputs: Promise<EditionInputs>): Promise<number>;
  /** Stops the thread, whether it ran or not. */
  stop(): Promise<void>;
}

/**
 * Starts a worker thread for `writeOfflineEdition`, which gets its job later. The edition reads,
 * rewrites and writes every page of the hosted build and deflates them for the zip; on the build's
 * thread, whose heap still holds Astro's build (about 400 MB at 10,000 papers), that churn made V8
 * mark the whole heap every couple of seconds, about 30 s of CPU at 10,000 papers taken from
 * Pagefind's process. A worker's heap holds only the edition's own data. Loading its code (through
 * tsx, as the rest of the build is TypeScript) takes about half a second, so the build starts it as
 * soon as the pages are written, and it loads while the build clears what the previous one left.
 */
export function startEditionWorker(): EditionWorker {
  const worker = tsWorker(new URL('./offline-worker.ts', import.meta.url));
  const done = new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The offline edition's worker stopped (exit code ${code}).`)));
  });
  done.catch(() => undefined); // Reported by `run`, if the edition gets that far.
  return {
    run(job, inputs) {
      worker.postMessage(job);
      return new Promise<number>((resolve, reject) => {
        inputs.then((ready) => worker.postMessage(ready), reject);
        done.then(resolve, reject);
      });
    },
    async stop() {
      await worker.terminate();
    },
  };
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
