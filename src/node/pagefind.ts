import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pagefind from 'pagefind';
import { nameKey } from '../lib/search-terms';
import { expandTopics, type TopicLike } from '../lib/topics';
import type { LoadedSurvey } from './content';
import { walk } from './files';

/** Where the survey's search index lives in the output, and the file naming its extra bundles. */
const SEARCH_DIR = 'pagefind';
const BUNDLES_FILE = `${SEARCH_DIR}/survey-bundles.json`;

/** One Pagefind bundle: the pages it indexes and, when it can be reused, what they were made from. */
export interface SearchBundle {
  /** Its folder in the output, relative to it: `pagefind` (the one the browser loads first) or `pagefind/papers-<n>`. */
  dir: string;
  /** Pagefind glob over the output, relative to it. */
  glob: string;
  pages: number;
  /** Digest of everything its pages' indexed text comes from; a bundle without one is always indexed. */
  key?: string;
}

/** The parts of the loaded survey a plan needs. */
export interface IndexedSurvey {
  papers: readonly { id: string; file: string; year: number; topics: readonly string[] }[];
  topics: readonly (TopicLike & { file: string })[];
  digests: ReadonlyMap<string, string>;
}

/**
 * The short names the survey's papers go by, as the search looks them up (`nameKey`), for the
 * bundle file: only a query that is one of them loads Pagefind's `name` filter.
 */
export function searchNames(survey: LoadedSurvey): string[] {
  return [...new Set(survey.papers.flatMap((paper) => (paper.data?.name ? [nameKey(paper.data.name)] : [])))].sort();
}

/** What a plan needs of a loaded survey: the entries that passed the check, and the digests. */
export function indexedSurvey(survey: LoadedSurvey): IndexedSurvey {
  return {
    papers: survey.papers.flatMap((paper) => (paper.data ? [{ id: paper.id, file: paper.file, year: paper.data.year, topics: paper.data.topics }] : [])),
    topics: survey.topics.flatMap((topic) => (topic.data ? [{ ...topic.data, id: topic.id, file: topic.file }] : [])),
    digests: survey.digests,
  };
}

/**
 * Splits the survey's pages into Pagefind bundles. Pagefind holds everything it indexes in memory
 * until it writes and has no way to update an index, so a large survey is indexed in bundles, one
 * after the other, that the browser merges. Up to `perBundle` papers, one bundle holds every paper
 * and topic page. Beyond, the topic pages make the first bundle, and papers go to one of 2, 4, 8…
 * more (the fewest that keep `perBundle` papers a bundle on average) by a hash of their id, so
 * adding a paper changes one bundle. A bundle's key covers what its pages show to Pagefind and the
 * site's code (`version`). For a paper bundle: each paper's entry and the entries of its topics
 * (their titles are on the page) and the split itself; not the related papers or citation keys,
 * which are outside what Pagefind indexes. For the topic bundle: every topic's entry (a page shows
 * its parent's title) and each topic's newest year, its sort key; not its papers, which its page
 * lists outside what Pagefind indexes.
 */
export function planSearchBundles(survey: IndexedSurvey, version: string, perBundle: number): SearchBundle[] {
  const { papers, topics, digests } = survey;
  if (papers.length <= perBundle) {
    return [{ dir: SEARCH_DIR, glob: '{papers,topics}/*/index.html', pages: papers.length + topics.length }];
  }
  // A power of two, so the papers move between bundles (and all are indexed again) only when the
  // survey doubles, not each time it passes a multiple of the bundle size.
  const count = 2 ** Math.ceil(Math.log2(papers.length / perBundle));
  const members = Array.from({ length: count }, () => [] as (typeof papers)[number][]);
  for (const paper of papers) members[createHash('sha1').update(paper.id).digest().readUInt32BE(0) % count]!.push(paper);
  const topicFile = new Map(topics.map((topic) => [topic.id, topic.file]));
  const newest = new Map<string, number>();
  for (const paper of papers) {
    for (const topic of expandTopics(paper.topics, topics)) newest.set(topic, Math.max(newest.get(topic) ?? 0, paper.year));
  }
  const topicsKey = createHash('sha1').update(`${version}\ntopics\n`);
  for (const topic of topics) topicsKey.update(`${topic.id} ${digests.get(topic.file)} ${newest.get(topic.id) ?? 0}\n`);
  const bundles: SearchBundle[] = [{ dir: SEARCH_DIR, glob: 'topics/*/index.html', pages: topics.length, key: topicsKey.digest('hex') }];
  members.forEach((group, n) => {
    if (group.length === 0) return; // Pagefind cannot write an index of nothing.
    const sorted = [...group].sort((a, b) => (a.id < b.id ? -1 : 1));
    const key = createHash('sha1').update(`${version}\n${n} of ${count}\n`);
    for (const paper of sorted) {
      key.update(`${paper.id} ${digests.get(paper.file)}`);
      for (const topic of expandTopics(paper.topics, topics)) key.update(` ${topic} ${digests.get(topicFile.get(topic) ?? '')}`);
      key.update('\n');
    }
    bundles.push({
      dir: `${SEARCH_DIR}/papers-${n + 1}`,
      glob: `{${sorted.map((paper) => `papers/${paper.id}/index.html`).join(',')}}`,
      pages: sorted.length,
      key: key.digest('hex'),
    });
  });
  return bundles;
}

/** The file listing the bundles the browser merges into the first; with their keys, and the first's. */
interface BundlesFile {
  key?: string | undefined;
  bundles: { path: string; key: string }[];
  /** The short names papers go by (`searchNames`). */
  names: string[];
}

/** The bundles a previous build wrote into `out` and named in its bundle file, by folder. */
export function previousBundles(out: string): Map<string, string> {
  try {
    const { key, bundles } = JSON.parse(readFileSync(join(out, BUNDLES_FILE), 'utf8')) as BundlesFile;
    const keys = new Map(bundles.map((bundle) => [`${SEARCH_DIR}/${bundle.path.replace(/\/$/, '')}`, bundle.key]));
    if (key) keys.set(SEARCH_DIR, key);
    return keys;
  } catch {
    return new Map();
  }
}

/** The bundles of `plan` that a previous build left in `out` as they should be. */
export function reusableBundles(out: string, plan: readonly SearchBundle[], previous: ReadonlyMap<string, string>): SearchBundle[] {
  return plan.filter(
    (bundle) => bundle.key !== undefined && previous.get(bundle.dir) === bundle.key && existsSync(join(out, bundle.dir, 'pagefind-entry.json')),
  );
}

/**
 * Indexes the built site with Pagefind, one bundle after another, each in a Pagefind process of
 * its own (its memory goes back when it ends), skipping the bundles in `reused`; then writes the
 * bundle file the browser reads to merge them, with the papers' short `names`. Throws when Pagefind reports an error or the bundles
 * hold fewer pages than `expected` (every paper and topic page carries `data-pagefind-body`).
 */
export async function indexSite(
  dir: string,
  plan: readonly SearchBundle[],
  expected: number,
  reused: readonly SearchBundle[] = [],
  names: readonly string[] = [],
): Promise<{ pages: number; indexed: number }> {
  let pages = 0;
  let indexed = 0;
  for (const bundle of plan) {
    const outputPath = join(dir, bundle.dir);
    if (!reused.includes(bundle)) {
      await indexBundle(dir, bundle, outputPath);
      indexed++;
      // The browser loads Pagefind's code and WebAssembly from the first bundle only.
      if (bundle.dir !== SEARCH_DIR) {
        for (const name of readdirSync(outputPath)) if (/\.(js|css)$|^wasm\./.test(name)) unlinkSync(join(outputPath, name));
      }
    }
    pages += indexedPages(outputPath);
  }
  if (pages < expected) {
    throw new Error(
      `Pagefind indexed ${pages} pages but the survey has ${expected} papers and topics; ` +
        'a page is missing its data-pagefind-body attribute.',
    );
  }
  const bundles = plan.slice(1).map((bundle) => ({ path: `${bundle.dir.slice(SEARCH_DIR.length + 1)}/`, key: bundle.key! }));
  const file: BundlesFile = { key: plan[0]!.key, bundles, names: [...names] };
  writeFileSync(join(dir, BUNDLES_FILE), `${JSON.stringify(file)}\n`);
  return { pages, indexed };
}

async function indexBundle(dir: string, bundle: SearchBundle, outputPath: string): Promise<void> {
  const { index, errors } = await pagefind.createIndex({
    // KaTeX writes each formula three times (MathML, TeX annotation, glyph spans); index it once.
    excludeSelectors: ['.katex-html', '.katex-mathml annotation'],
  });
  try {
    if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
    // Only paper and topic pages are indexed (they carry data-pagefind-body); naming them spares
    // Pagefind from reading the listings, which grow with the survey.
    const added = await index.addDirectory({ path: dir, glob: bundle.glob });
    if (added.errors.length) throw new Error(`Pagefind failed to index ${dir}: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length) throw new Error(`Pagefind failed to write its index: ${written.errors.join('; ')}`);
  } finally {
    await pagefind.close();
  }
}

/** Files of the bundles in `bundles`, relative to `out`; the first bundle's folder holds the others', which are not its files. */
export function bundleFiles(out: string, bundles: readonly SearchBundle[], plan: readonly SearchBundle[]): string[] {
  return bundles.flatMap((bundle) =>
    walk(join(out, bundle.dir))
      .map((file) => `${bundle.dir}/${file}`)
      .filter((file) => !plan.some((other) => other.dir.startsWith(`${bundle.dir}/`) && file.startsWith(`${other.dir}/`))),
  );
}

/** A digest of the site's code (everything under `src/`) and dependencies, for the bundles' keys. */
export function siteFingerprint(root: string, base: string): string {
  const hash = createHash('sha1').update(base);
  for (const file of walk(join(root, 'src')).sort()) hash.update(file).update(readFileSync(join(root, 'src', file)));
  const lock = join(root, 'package-lock.json');
  if (existsSync(lock)) hash.update(readFileSync(lock));
  return hash.digest('hex');
}

/** Pages in a written Pagefind index, summed over its languages. */
function indexedPages(outputPath: string): number {
  const entry = JSON.parse(readFileSync(join(outputPath, 'pagefind-entry.json'), 'utf8')) as {
    languages: Record<string, { page_count: number }>;
  };
  return Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
}
