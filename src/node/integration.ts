import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { formatIssue, summarizeIssues } from '../lib/issues';
import { cacheDirOf, getSurvey, normalizeBase } from './content';
import { indexSite } from './pagefind';

/**
 * The survey's build steps around Astro: check all content before anything is compiled (a failed
 * check stops the build), and index the output with Pagefind once the pages are written.
 */
export default function surveyPress(): AstroIntegration {
  let expectedPages = 0;
  return {
    name: 'survey-press',
    hooks: {
      'astro:config:setup': async ({ config, command, logger }) => {
        const root = fileURLToPath(config.root);
        const started = performance.now();
        const survey = await getSurvey({ root, base: normalizeBase(config.base), cacheDir: cacheDirOf(root) });
        expectedPages = survey.papers.length + survey.topics.length;
        const took = Math.round(performance.now() - started);
        if (survey.issues.length === 0) {
          logger.info(`Checked ${survey.papers.length} papers and ${survey.topics.length} topics in ${took} ms.`);
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
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const started = performance.now();
        const pages = await indexSite(out, expectedPages);
        logger.info(`Pagefind indexed ${pages} pages in ${Math.round(performance.now() - started)} ms.`);
      },
    },
  };
}
