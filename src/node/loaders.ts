import { type FSWatcher, watch } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader } from 'astro/loaders';
import { cacheDirOf, forgetSurvey, getSurvey, normalizeBase, PAPERS_DIR, TOPICS_DIR } from './content';
import { formatIssue, summarizeIssues } from '../lib/issues';
import { shownEntries } from '../lib/validate';
import { type ListedEntry, setListed, setRendered } from './rendered';
import { reloads } from './reloads';

/** What `astro dev` does with an entry that has problems, said with them. */
export const leftOut =
  'An entry whose front-matter has problems is left out (papers that repeat each other all stay, for you to choose the one to keep), and a body with problems is shown without its notes, until fixed.';

/**
 * Hands the checked and rendered papers or topics to Astro's content layer. Entries are compiled by
 * our own restricted-MDX pipeline (src/lib/compile.ts), never executed; invalid entries, and papers
 * under a topic that is not shown (src/lib/validate.ts, shownEntries), are left out here and
 * reported by the check, which stops a build before it starts.
 */
export function surveyLoader(kind: 'papers' | 'topics'): Loader {
  return {
    name: `survey-${kind}`,
    async load({ store, config, watcher, generateDigest, logger }) {
      const root = fileURLToPath(config.root);
      const options = { root, base: normalizeBase(config.base), cacheDir: cacheDirOf(root) };
      const sync = async () => {
        const survey = await getSurvey(options);
        const shown = shownEntries(survey.papers, survey.topics)[kind];
        store.clear();
        const handed: ListedEntry[] = [];
        for (const entry of survey[kind]) {
          if (!entry.data || !shown.has(entry.id)) continue;
          // Front matter and HTML stay in this process (src/node/rendered.ts), a paper's abstract and
          // notes on disk until its page asks for them (src/node/content.ts); the data store keeps
          // the entry's id, file and digest, which tell Astro and the dev server what changed.
          setRendered(kind, entry.id, entry);
          // The compile cache's key already covers the data and the HTML, and costs nothing here.
          const digest = survey.digests.get(entry.file) ?? generateDigest({ data: entry.data, html: entry.html });
          store.set({ id: entry.id, data: {}, filePath: entry.file, digest });
          handed.push({ id: entry.id, digest });
        }
        setListed(kind, handed);
      };
      await sync();
      syncs.set(kind, sync);
      reported = new Set((await getSurvey(options)).issues.map(formatIssue));
      // Only the dev server passes a watcher. Vite's would stat each of the survey's files at start
      // (about a second at 10,000 papers), so it leaves content/ alone (see contentWatchIgnores) and
      // one watch on the directory reports changes to its entries.
      if (!watcher) return;
      const dir = kind === 'papers' ? PAPERS_DIR : TOPICS_DIR;
      const recheck = (paths: string[], what: string) =>
        reload(paths.join('\n'), async () => {
          // A topic's file decides which papers are shown, so both stores follow every change.
          for (const each of syncs.values()) await each();
          // The check's findings for the files just saved, where their author is looking, and those
          // the change made in other files: links to a paper renamed, papers under a topic deleted.
          const all = (await getSurvey(options)).issues;
          const issues = all.filter((issue) => paths.includes(issue.file) || !reported.has(formatIssue(issue)));
          const fixed = [...reported].filter((issue) => !all.some((each) => formatIssue(each) === issue)).length;
          reported = new Set(all.map(formatIssue));
          if (issues.length === 0) logger.info(`Reloaded ${what} after a change to ${paths.join(', ')}${fixed > 0 ? `; ${fixed} problem${fixed === 1 ? '' : 's'} fewer` : ''}.`);
          else logger.error(`${issues.map(formatIssue).join('\n')}\n${summarizeIssues(issues)} ${leftOut}`);
        }).catch((error: unknown) => logger.error(String(error)));
      watchEntries(join(root, dir), (files) => recheck(files.map((file) => `${dir}/${file}`), kind));
      // Content may link to files in public/, which Vite's watcher follows: adding or removing one
      // checks the links again. One loader listens, for both.
      if (kind === 'papers') watchPublic(watcher, join(root, 'public'), (path) => recheck([path], 'the survey'));
    },
  };
}

// Both loaders reload through one queue: the papers' and the topics' stores come from one survey.
const RELOADS = Symbol.for('survey-press.reloads');
const reload = ((globalThis as Record<symbol, unknown>)[RELOADS] ??= reloads(forgetSurvey)) as ReturnType<typeof reloads>;

// Each loader's latest sync, replaced when the dev server loads the content again; on globalThis
// for the same reason as the queue.
const SYNCS = Symbol.for('survey-press.content-syncs');
const syncs = ((globalThis as Record<symbol, unknown>)[SYNCS] ??= new Map()) as Map<'papers' | 'topics', () => Promise<void>>;

// The survey's problems as last printed or found at start, so a reload prints those it brings.
let reported = new Set<string>();

// One watch per directory, replaced when the dev server restarts and loads the content again. The
// loaders are bundled more than once, so the watches are kept on globalThis.
const WATCHERS = Symbol.for('survey-press.content-watchers');
const watchers = ((globalThis as Record<symbol, unknown>)[WATCHERS] ??= new Map()) as Map<string, FSWatcher>;

// The listener on the dev server's watcher for files added to or removed from public/, replaced when
// the dev server restarts and loads the content again.
const PUBLIC_LISTENER = Symbol.for('survey-press.public-listener');
type Watcher = NonNullable<Parameters<Loader['load']>[0]['watcher']>;

function watchPublic(watcher: Watcher, folder: string, changed: (path: string) => void): void {
  const state = globalThis as Record<symbol, { watcher: Watcher; listener: (path: string) => void } | undefined>;
  const previous = state[PUBLIC_LISTENER];
  if (previous) for (const event of ['add', 'unlink'] as const) previous.watcher.off(event, previous.listener);
  const listener = (path: string) => {
    const under = relative(folder, path);
    if (under.startsWith('..') || isAbsolute(under)) return;
    changed(`public/${under.split(sep).join('/')}`);
  };
  for (const event of ['add', 'unlink'] as const) watcher.on(event, listener);
  state[PUBLIC_LISTENER] = { watcher, listener };
}

/**
 * Calls `changed` once per burst of changes (an editor's save is several events, a search-and-replace
 * saves several files) to Markdown files in `dir`, with the names of the files changed.
 */
function watchEntries(dir: string, changed: (files: string[]) => void): void {
  watchers.get(dir)?.close();
  let timer: NodeJS.Timeout | undefined;
  const files = new Set<string>();
  try {
    const watcher = watch(dir, (_event, file) => {
      // A Markdown file under another name (`x.md`) is reported as never read (contentRole); other
      // files, such as an editor's backups, are left alone.
      if (!file || !/\.(?:mdx|md|markdown)$/i.test(file)) return;
      files.add(file);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const burst = [...files].sort();
        files.clear();
        changed(burst);
      }, 50);
    });
    watcher.unref();
    watchers.set(dir, watcher);
  } catch {
    // A survey without this directory has nothing to watch.
  }
}
