import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { paperCitationFiles, paperCitationJobs, parseCitationPath } from '../lib/citation-files';
import { formatIssue, summarizeIssues } from '../lib/issues';
import { cacheDirOf, codeFingerprint, contentWatchIgnores, getSurvey, normalizeBase, type LoadedSurvey } from './content';
import { inBatches, removeStale } from './files';
import { collectGarbage } from './gc';
import { DerivedFiles, writeIfChanged } from './folder-update';
import { openMemos, saveMemos } from './memo';
import { buildOfflineEdition, startOfflineIndex, type OfflineIndex } from './offline';
import { bundleFiles, indexedSurvey, indexSite, planSearchBundles, previousBundles, reusableBundles, siteFingerprint } from './pagefind';
import { survey as site } from '../survey.config';

/**
 * The survey's build steps around Astro: check all content before anything is compiled (a failed
 * check stops the build), and index the output with Pagefind once the pages are written.
 */
export default function surveyPress(): AstroIntegration {
  let expectedPages = 0;
  let buildStarted = 0;
  let offlineIndex: OfflineIndex | undefined;
  let root = '';
  let base = '/';
  return {
    name: 'survey-press',
    hooks: {
      'astro:config:setup': async ({ config, command, logger, updateConfig }) => {
        root = fileURLToPath(config.root);
        base = normalizeBase(config.base);
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
          }
          return;
        }
        const report = survey.issues.map(formatIssue).join('\n');
        if (command !== 'build') {
          logger.error(`${report}\n${summarizeIssues(survey.issues)} Those entries are left out until fixed.`);
          return;
        }
        throw new Error(
          `The content check failed, so nothing was built.\n${report}\n${summarizeIssues(survey.issues)} ` +
            'Run `npm run check` after fixing them.',
        );
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
      'astro:build:start': () => {
        buildStarted = Date.now();
      },
      'astro:build:done': async ({ dir, assets, logger }) => {
        const out = fileURLToPath(dir);
        const survey = await getSurvey({ root, base, cacheDir: cacheDirOf(root) });
        const cacheDir = cacheDirOf(root);
        const citations = paperCitationJobs(validPapers(survey));
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
        for (const file of citations) outputs.add(file.path);
        const plan = planSearchBundles(
          indexedSurvey(survey),
          siteFingerprint(root, base),
          Number(process.env['SURVEY_SEARCH_BUNDLE']) || site.searchBundlePapers,
        );
        const reused = cacheDir ? reusableBundles(out, plan, previousBundles(out)) : [];
        for (const file of bundleFiles(out, reused, plan)) outputs.add(file);
        const removed = removeStale(out, buildStarted, outputs);
        logger.info(`Removed ${removed} files of the previous build in ${Math.round(performance.now() - started)} ms.`);
        // Pagefind reads only the pages, which are final now, and runs in its own process: it
        // indexes while this thread writes the citation files and then the offline edition.
        const timed = async <T>(work: Promise<T>) => {
          const started = performance.now();
          const result = await work;
          return { result, ms: Math.round(performance.now() - started) };
        };
        const indexing = timed(indexSite(out, plan, expectedPages, reused));
        // If this thread fails first, Pagefind's own failure (if any) is not left unhandled.
        indexing.catch(() => {});
        // Each paper's BibTeX, RIS and CSL-JSON, next to its page; one the previous build wrote
        // the same is left alone (and so is its offline copy), and one it made from the same data
        // with the same code, untouched since, is not even formatted again.
        started = performance.now();
        const made = new DerivedFiles(cacheDir && join(cacheDir, 'citation-files.json'), codeFingerprint(root));
        let written = 0;
        await inBatches(citations, 500, (job) => {
          const path = join(out, job.path);
          if (made.unchangedFrom(job.path, job.digest, path)) return;
          if (writeIfChanged(path, job.file().body)) written++;
          made.recordFrom(job.path, job.digest, path);
        });
        made.save();
        saveMemos();
        logger.info(`Wrote ${written} of the ${citations.length} citation files in ${Math.round(performance.now() - started)} ms.`);
        const [pagefind, offline] = await Promise.all([
          indexing,
          timed(
            buildOfflineEdition({
              dist: out,
              out: `${out.replace(/[\\/]+$/, '')}-offline`,
              zip: join(out, `${site.offlineName}-offline.zip`),
              base,
              root,
              survey,
              cacheDir,
              index: offlineIndex,
            }),
          ),
        ]);
        const { pages, indexed } = pagefind.result;
        const bundles = plan.length === 1 ? '' : ` in ${plan.length} bundles (${indexed} indexed, ${plan.length - indexed} unchanged)`;
        logger.info(`Pagefind indexed ${pages} pages${bundles} in ${pagefind.ms} ms.`);
        logger.info(`Wrote the offline edition (${Math.round(offline.result.bytes / 1024)} KB zipped) in ${offline.ms} ms.`);
      },
    },
  };
}

/** The papers that passed the check, as plain data. */
function validPapers(survey: LoadedSurvey) {
  return survey.papers.flatMap((paper) => (paper.data ? [{ ...paper.data, id: paper.id }] : []));
}
