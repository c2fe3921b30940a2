import { fileURLToPath } from 'node:url';
import type { Loader } from 'astro/loaders';
import { cacheDirOf, forgetSurvey, getSurvey, normalizeBase, PAPERS_DIR, TOPICS_DIR } from './content';
import { setRendered } from './rendered';

/**
 * Hands the checked and rendered papers or topics to Astro's content layer. Entries are compiled by
 * our own restricted-MDX pipeline (src/lib/compile.ts), never executed; invalid entries are left
 * out here and reported by the check, which stops a build before it starts.
 */
export function surveyLoader(kind: 'papers' | 'topics'): Loader {
  return {
    name: `survey-${kind}`,
    async load({ store, config, watcher, generateDigest, logger }) {
      const root = fileURLToPath(config.root);
      const options = { root, base: normalizeBase(config.base), cacheDir: cacheDirOf(root) };
      const sync = async () => {
        const survey = await getSurvey(options);
        store.clear();
        for (const entry of survey[kind]) {
          if (!entry.data) continue;
          const rendered =
            entry.kind === 'paper'
              ? { data: entry.data, html: entry.html, abstractHtml: entry.abstractHtml, tldrHtml: entry.tldrHtml }
              : { data: entry.data, html: entry.html };
          // Front matter and HTML stay in this process (src/node/rendered.ts); the data store keeps
          // the entry's id, file and digest, which tell Astro and the dev server what changed.
          setRendered(kind, entry.id, rendered);
          store.set({
            id: entry.id,
            data: {},
            filePath: entry.file,
            // The compile cache's key already covers the data and the HTML, and costs nothing here.
            digest: survey.digests.get(entry.file) ?? generateDigest(rendered),
          });
        }
      };
      await sync();
      const dir = kind === 'papers' ? PAPERS_DIR : TOPICS_DIR;
      watcher?.on('all', (_event, path) => {
        if (!path.replace(/\\/g, '/').includes(`/${dir}/`)) return;
        forgetSurvey();
        sync().then(
          () => logger.info(`Reloaded ${kind} after a change to ${path}.`),
          (error: unknown) => logger.error(String(error)),
        );
      });
    },
  };
}
