import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { astroBuild, projectCopy } from '../helpers/build';
import { listFiles } from '../helpers/dist';

// A rebuild after a contributor's edit reuses the paper pages the edit does not touch (Astro's
// incremental build, keyed by src/lib/survey.ts paperPageKey), and must build what a full build
// of the edited survey builds: the renamed paper's own page, the pages listing it as related,
// the listings and the search indexes, and nothing of a paper removed since. A notes edit reaches
// the paper's own page only.
const dir = projectCopy('content');
const full = join(mkdtempSync(join(tmpdir(), 'survey-full-')), 'dist');
const NEW_TITLE = 'Draft Verification Retitled By A Contributor';
const NEW_NOTE = 'A sentence a contributor added to the notes.';
let rebuildLog = '';
// When the first build wrote the topic pages' search index, the bundle Pagefind's code loads from.
let topicIndexWritten = 0;
// The search index in bundles of 20 papers, as a survey past 2,000 papers is (src/node/pagefind.ts).
const BUNDLES = { SURVEY_SEARCH_BUNDLE: '20' };

const digests = (root: string) =>
  Object.fromEntries(listFiles(root).map((file) => [file, createHash('sha256').update(readFileSync(join(root, file))).digest('hex')]));
const page = (root: string, id: string) => readFileSync(join(root, 'papers', id, 'index.html'), 'utf8');
// Papers whose "Related papers" link to `id`.
const relatedTo = (root: string, id: string) =>
  listFiles(join(root, 'papers'), (f) => f.endsWith('/index.html') && f !== 'index.html')
    .map((f) => f.split('/')[0]!)
    .filter((other) => other !== id && /<section class="related"[\s\S]*<\/section>/.exec(page(root, other))?.[0].includes(`/papers/${id}/`));

beforeAll(() => {
  const file = join(dir, 'content', 'papers', 'adaptix.mdx');
  const removed = join(dir, 'content', 'papers', 'removed-later.mdx');
  writeFileSync(removed, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: A Paper Removed Before The Rebuild').replace(/^arxiv: .*$/m, 'arxiv: "2407.99999"'));
  const first = astroBuild(dir, BUNDLES);
  if (first.status !== 0) throw new Error(first.output);
  if (!existsSync(join(dir, 'dist', 'papers', 'removed-later', 'index.html'))) throw new Error('The first build has no page for removed-later.');
  topicIndexWritten = statSync(join(dir, 'dist', 'pagefind', 'pagefind-entry.json')).mtimeMs;

  writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, `title: ${NEW_TITLE}`));
  const noted = join(dir, 'content', 'papers', 'smetimes.mdx');
  writeFileSync(noted, `${readFileSync(noted, 'utf8').trimEnd()}\n\n${NEW_NOTE}\n`);
  rmSync(removed);
  const rebuild = astroBuild(dir, BUNDLES);
  if (rebuild.status !== 0) throw new Error(rebuild.output);
  rebuildLog = rebuild.output;
  const forced = astroBuild(dir, BUNDLES, ['--force', '--outDir', full]);
  if (forced.status !== 0) throw new Error(forced.output);
}, 600_000);

/**
 * The routes a build's log reports as reused from Astro's incremental cache. Pages are rendered
 * several at a time, so the log's lines interleave (a route being rendered is printed before its
 * time is): a reused route is one printed with "(cached)" or "(restored)" right after it.
 */
const reusedRoutes = (log: string) => new Set([...log.matchAll(/├─ (\S+) \((?:cached|restored)\)/g)].map((match) => match[1]!));

describe('a rebuild after editing one paper', () => {
  it('reuses the pages of papers the edit does not reach', () => {
    const reused = reusedRoutes(rebuildLog);
    expect([...reused].filter((route) => /^\/papers\/[^/]+\/index\.html$/.test(route)).length).toBeGreaterThan(40);
    expect(reused).not.toContain('/papers/adaptix/index.html');
    // A topic without the paper is reused too; the paper's own topic is built again.
    expect(reused).toContain('/topics/time-series/index.html');
    expect(reused).not.toContain('/topics/speculative-decoding/index.html');
  });

  it('builds again only the page of a paper whose notes were edited, not the listings of it', () => {
    const dist = join(dir, 'dist');
    expect(page(dist, 'smetimes')).toContain(NEW_NOTE);
    expect(reusedRoutes(rebuildLog)).not.toContain('/papers/smetimes/index.html');
    // Its topic and the topic above it list it (title, authors, summary), and show nothing of its notes.
    expect(reusedRoutes(rebuildLog)).toContain('/topics/llms-for-time-series/index.html');
    expect(readFileSync(join(dist, 'topics', 'llms-for-time-series', 'index.html'), 'utf8')).toContain('/papers/smetimes/');
  });

  it('indexes again only the search bundles holding the edited or removed papers', () => {
    const [, bundles, indexed] = /Pagefind indexed \d+ pages in (\d+) bundles \((\d+) indexed/.exec(rebuildLog) ?? [];
    expect(Number(bundles)).toBe(5);
    expect(Number(indexed)).toBeGreaterThanOrEqual(1);
    expect(Number(indexed)).toBeLessThanOrEqual(3);
    // No topic changed, nor any topic's newest year: the topic pages' index is the one already there.
    expect(statSync(join(dir, 'dist', 'pagefind', 'pagefind-entry.json')).mtimeMs).toBe(topicIndexWritten);
  });

  it('shows the new title on the paper and on the papers that list it as related', () => {
    const dist = join(dir, 'dist');
    expect(page(dist, 'adaptix')).toContain(NEW_TITLE);
    const listing = relatedTo(dist, 'adaptix');
    expect(listing.length).toBeGreaterThan(0);
    for (const id of listing) expect(page(dist, id), id).toContain(NEW_TITLE);
  });

  it('leaves nothing of the removed paper', () => {
    expect(existsSync(join(dir, 'dist', 'papers', 'removed-later'))).toBe(false);
    expect(existsSync(join(dir, 'dist', 'papers', 'removed-later.bib'))).toBe(false);
    expect(existsSync(join(dir, 'dist-offline', 'papers', 'removed-later'))).toBe(false);
  });

  it('writes what a full build of the edited survey writes, hosted and offline', () => {
    expect(digests(join(dir, 'dist'))).toEqual(digests(full));
    expect(digests(join(dir, 'dist-offline'))).toEqual(digests(`${full}-offline`));
  });
});

// The files made from every paper (src/pages/[file].*.ts) show each paper's front matter, never its notes.
const SURVEY_FILES = ['papers.json', 'paper-records.js', 'survey.bib', 'survey.ris', 'survey.csl.json', 'survey.csv'];
const reusedIn = (log: string, file: string) => reusedRoutes(log).has(`/${file}`);

describe('the files made from every paper', () => {
  let notesLog = '';
  beforeAll(() => {
    const noted = join(dir, 'content', 'papers', 'smetimes.mdx');
    writeFileSync(noted, `${readFileSync(noted, 'utf8').trimEnd()}\n\nOne more sentence of notes.\n`);
    const rebuild = astroBuild(dir, BUNDLES);
    if (rebuild.status !== 0) throw new Error(rebuild.output);
    notesLog = rebuild.output;
  }, 300_000);

  it('are made again when a paper is retitled or removed', () => {
    for (const file of SURVEY_FILES) expect(reusedIn(rebuildLog, file), file).toBe(false);
    expect(readFileSync(join(dir, 'dist', 'papers.json'), 'utf8')).toContain(NEW_TITLE);
  });

  it('are reused when only a paper\'s notes change', () => {
    for (const file of SURVEY_FILES) expect(reusedIn(notesLog, file), file).toBe(true);
    expect(reusedRoutes(notesLog)).not.toContain('/papers/smetimes/index.html');
  });
});
