import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { PAPER_CITATION_FORMATS, paperCitationFiles, parseCitationPath } from '../lib/citation-files';
import { writeCitationFiles, writeCitationFilesInBackground, type CitationJob, type CitationReport } from './citation-writer';
import { formatIssue, summarizeIssues } from '../lib/issues';
import { cacheDirOf, codeFingerprint, contentWatchIgnores, getSurvey, normalizeBase, type LoadedSurvey } from './content';
import { removeStale } from './files';
import { collectGarbage } from './gc';
import { openMemos, saveMemos } from './memo';
import { leftOut } from './loaders';
import { droppedSitePath, publishedRoot } from '../lib/offline-links';
import { buildOfflineEdition, startEditionWorker, startOfflineIndex, type OfflineIndex } from './offline';
import { bundleFiles, indexedSurvey, indexSite, planSearchBundles, previousBundles, reusableBundles, searchNames, siteFingerprint } from './pagefind';
import { survey as site } from '../survey.config';

/**
 * The survey's build steps around Astro: check all content before anything is compiled (a failed
 * check stops the build), and index the output with Pagefind once the pages are written.
 */
export default function surveyPress(): AstroIntegration {
  let expectedPages = 0;
  let buildStarted = 0;
  let offlineIndex: OfflineIndex | undefined;
  let citationFiles: Promise<CitationReport> | undefined;
  let outDir = '';
  let root = '';
  let base = '/';
  /** The published site's root URL, where the offline edition's feed links lead (none without SITE_URL). */
  let published: string | undefined;
  const citationJob = async (): Promise<CitationJob> => {
    const survey = await getSurvey({ root, base, cacheDir: cacheDirOf(root) });
    return { out: outDir, papers: validPapers(survey), cacheDir: cacheDirOf(root), fingerprint: codeFingerprint(root) };
  };
  return {
    name: 'survey-press',
    hooks: {
      'astro:config:setup': async ({ config, command, logger, updateConfig }) => {
        root = fileURLToPath(config.root);
        base = normalizeBase(config.base);
        published = publishedRoot(config.site, base);
        if (command === 'dev') updateConfig({ vite: { server: { watch: { ignored: contentWatchIgnores(root) } } } });
        const started = performance.now();
        const survey = await getSurvey({ root, base, cacheDir: cacheDirOf(root) });
        expectedPages = survey.papers.length + survey.topics.length;
        const took = Math.round(performance.now() - started);
        if (survey.issues.length === 0) {
          logger.info(`Checked ${survey.papers.length} papers and ${survey.topics.length} topics in ${took} ms.`);
          if (command === 'build') {
            // The offline search index needs only the checked survey: its worker starts now, while
            // Astro syncs content and bundles on this thread.
            offlineIndex = startOfflineIndex(survey);
            openMemos(cacheDirOf(root), codeFingerprint(root));
            // Feeds, the sitemap, canonical links and the survey's citation carry the site's address.
            const dropped = droppedSitePath(config.site, base);
            if (dropped) {
              logger.warn(`SITE_URL has the path ${dropped}, which links leave out: they start at ${base} on ${new URL(config.site!).origin}. To publish under ${dropped}, set BASE_PATH=${dropped} and SITE_URL=${new URL(config.site!).origin}.`);
            }
            if (published === undefined) {
              logger.warn(`The site's address is ${config.site}: feeds, the sitemap, canonical links and the survey's citation point there, and the offline edition links to no online edition. Set SITE_URL to the published address when building the site to deploy.`);
            }
          }
          return;
        }
        const report = survey.issues.map(formatIssue).join('\n');
        if (command !== 'build') {
          logger.error(`${report}\n${summarizeIssues(survey.issues)} ${leftOut}`);
          return;
        }
        // Thrown, the report would read as a crash: Astro prints "An unhandled error occurred while
        // running the hook" around it and a stack trace into this file, which says nothing about the
        // content. So it is logged and the build stops here, before Astro compiles anything.
        logger.error(
          `The content check failed, so nothing was built.\n${report}\n${summarizeIssues(survey.issues)} ` +
            'Run `npm run check` after fixing them.',
        );
        process.exit(1);
      },
      'astro:server:setup': ({ server }) => {
        // In dev, the citation files the build writes are made on request.
        server.middlewares.use((request, response, next) => {
          const path = decodeURIComponent((request.url ?? '').split('?')[0]!);
          const wanted = path.startsWith(base) ? parseCitationPath(path.slice(base.length)) : undefined;
          if (!wanted) return next();
          getSurvey({ root, base, cacheDir: cacheDirOf(root) }).then((survey) => {
            const file = paperCitationFiles(validPapers(survey)).find((f) => f.path === `papers/${wanted.id}.${wanted.format}`);
            if (!file) return next();
            response.setHeader('Content-Type', file.type);
            response.end(file.body);
          }, next);
        });
      },
      'astro:config:done': ({ config }) => {
        outDir = fileURLToPath(config.outDir);
      },
      'astro:build:start': () => {
        buildStarted = Date.now();
        // The papers' citation files need only the checked survey: their worker writes them while
        // Astro renders the pages, which leaves a core idle once the offline search index's worker
        // is done. Started together, the two workers raised a cold build's peak at 10,000 papers
        // from about 1.6 to 1.85 GiB.
        if (process.env['SURVEY_WORKERS'] === '0') return;
        const indexed = offlineIndex?.scripts.then(noop, noop) ?? Promise.resolve();
        citationFiles = indexed.then(citationJob).then(writeCitationFilesInBackground);
        citationFiles.catch(noop); // Its failure is reported where it is awaited.
      },
      'astro:build:done': async ({ dir, assets, logger }) => {
        // The offline edition's thread loads its code while the previous build's leftovers go.
        const editionWorker = process.env['SURVEY_WORKERS'] === '0' ? undefined : startEditionWorker();
        try {
          const out = fileURLToPath(dir);
          const survey = await getSurvey({ root, base, cacheDir: cacheDirOf(root) });
          const cacheDir = cacheDirOf(root);
          // Astro does not empty dist/ first (astro.config.mjs), so what the previous build wrote and
          // this one did not (a removed paper's page and files, old assets, the search indexes, which
          // are written below) goes first, before Pagefind reads the pages. A file this build wrote is
          // newer than its start; the others it keeps are the routes' outputs (pages Astro reused),
          // the citation files and the search bundles whose papers did not change since the previous build.
          // What the pages left behind goes before Pagefind's process and the offline edition add
          // their memory: at 10,000 papers the build's peak fell from about 2.0 to 1.75 GiB.
          collectGarbage();
          let started = performance.now();
          const outputs = new Set([...assets.values()].flat().map((url) => relative(out, fileURLToPath(url)).split(sep).join('/')));
          const citationPaths = paperCitationPaths(survey);
          for (const file of citationPaths) outputs.add(file);
          // The offline zip is written again below, from the previous one's unchanged entries.
          outputs.add(`${site.offlineName}-offline.zip`);
          const plan = planSearchBundles(
            indexedSurvey(survey),
            siteFingerprint(root, base),
            Number(process.env['SURVEY_SEARCH_BUNDLE']) || site.searchBundlePapers,
          );
          const reused = cacheDir ? reusableBundles(out, plan, previousBundles(out)) : [];
          for (const file of bundleFiles(out, reused, plan)) outputs.add(file);
          const { removed, left } = removeStale(out, buildStarted, outputs);
          // The hosted build's files, as the offline edition will find them: those left, and the
          // citation files, which their worker may still be writing.
          const hosted = [...new Set([...left, ...citationPaths])];
          logger.info(`Removed ${removed} files of the previous build in ${Math.round(performance.now() - started)} ms.`);
          // Pagefind reads only the pages, which are final now, and runs in its own process: it
          // indexes while a worker thread writes the offline edition.
          const timed = async <T>(work: Promise<T>) => {
            const started = performance.now();
            const result = await work;
            return { result, ms: Math.round(performance.now() - started) };
          };
          const indexing = timed(indexSite(out, plan, expectedPages, reused, searchNames(survey)));
          // If this thread fails first, Pagefind's own failure (if any) is not left unhandled.
          indexing.catch(() => {});
          // Each paper's BibTeX, RIS and CSL-JSON, next to its page, written while the pages were made
          // (or now, without workers); the offline edition links to them.
          const citations = await (citationFiles ?? writeCitationFiles(await citationJob()));
          const where = citationFiles ? ' beside the pages' : '';
          logger.info(`Wrote ${citations.written} of the ${citations.total} citation files${where} in ${citations.ms} ms.`);
          const edition = timed(
            buildOfflineEdition({
              dist: out,
              out: `${out.replace(/[\\/]+$/, '')}-offline`,
              zip: join(out, `${site.offlineName}-offline.zip`),
              base,
              published,
              root,
              survey,
              cacheDir,
              index: offlineIndex,
              worker: editionWorker,
              files: hosted,
            }),
          );
          edition.catch(() => {}); // Awaited below.
          // For the next build; written while the edition's thread works.
          saveMemos();
          const [pagefind, offline] = await Promise.all([indexing, edition]);
          const { pages, indexed } = pagefind.result;
          const bundles = plan.length === 1 ? '' : ` in ${plan.length} bundles (${indexed} indexed, ${plan.length - indexed} unchanged)`;
          logger.info(`Pagefind indexed ${pages} pages${bundles} in ${pagefind.ms} ms.`);
          logger.info(`Wrote the offline edition (${Math.round(offline.result.bytes / 1024)} KB zipped) in ${offline.ms} ms.`);
        } finally {
          await editionWorker?.stop();
        }
      },
    },
  };
}

function noop() {}

/** The citation files written beside the papers' pages (`papers/<id>.bib` and the others). */
function paperCitationPaths(survey: LoadedSurvey): string[] {
  return validPapers(survey).flatMap((paper) => PAPER_CITATION_FORMATS.map((format) => `papers/${paper.id}.${format}`));
}

/** The papers that passed the check, as plain data. */
function validPapers(survey: LoadedSurvey) {
  return survey.papers.flatMap((paper) => (paper.data ? [{ ...paper.data, id: paper.id }] : []));
}
