import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HtmlValidate, StaticConfigLoader } from 'html-validate';
import { beforeAll, describe, expect, it } from 'vitest';
import { astroBuild, projectCopy } from '../helpers/build';
import { DIST, listFiles, requireBuild } from '../helpers/dist';
import { contentEntries, oneLine, OUR_SURVEY, pick, withId } from '../helpers/survey';

// A rebuild after a contributor's edit reuses the paper pages the edit does not touch (Astro's
// incremental build, keyed by src/lib/survey.ts paperPageKey), and must build what a full build
// of the edited survey builds: the renamed paper's own page, the pages listing it as related,
// the listings and the search indexes, and nothing of a paper removed since. A notes edit reaches
// the paper's own page only.
const dir = projectCopy('content');
const full = join(mkdtempSync(join(tmpdir(), 'survey-full-')), 'dist');
// With a formula, as arXiv titles may have: KaTeX shows it on every page that lists the paper.
const NEW_TITLE = 'Draft Verification of $k$-ary Trees, Retitled By A Contributor';
const NEW_TITLE_TEXT = 'Draft Verification of k-ary Trees, Retitled By A Contributor';
const NEW_TITLE_SHOWN = /<span class="katex">.*?<\/span>-ary Trees, Retitled By A Contributor/;
const NEW_NOTE = 'A sentence a contributor added to the notes.';
let rebuildLog = '';
// When the first build wrote the topic pages' search index, the bundle Pagefind's code loads from.
let topicIndexWritten = 0;
// The related-paper sections of the first build's paper pages.
let relatedBefore: Record<string, string> = {};

const digests = (root: string) =>
  Object.fromEntries(listFiles(root).map((file) => [file, createHash('sha256').update(readFileSync(join(root, file))).digest('hex')]));
const page = (root: string, id: string) => readFileSync(join(root, 'papers', id, 'index.html'), 'utf8');
// Papers whose "Related papers" link to `id`.
const relatedTo = (root: string, id: string) =>
  listFiles(join(root, 'papers'), (f) => f.endsWith('/index.html') && f !== 'index.html')
    .map((f) => f.split('/')[0]!)
    .filter((other) => other !== id && relatedSection(root, other).includes(`/papers/${id}/`));
const relatedSection = (root: string, id: string) => /<section class="related"[\s\S]*<\/section>/.exec(page(root, id))?.[0] ?? '';

// The samples, chosen from the survey (content/ and the hosted build of it) before anything is edited.
requireBuild();
const papers = contentEntries('papers');
const parentOf = new Map(contentEntries('topics').map((t) => [t.id, t.data['parent'] as string | undefined]));
const topicIds = [...parentOf.keys()];
/** A paper's topics with the parents of its sub-topics: the topic pages that list it. */
const topicsOf = (paper: (typeof papers)[number]) => {
  const own = paper.data['topics'] as string[];
  return [...new Set([...own, ...own.map((t) => parentOf.get(t)).filter((t): t is string => !!t)])];
};
// The papers some paper of the hosted build lists as related.
const listed = new Set(papers.flatMap((p) => [...relatedSection(DIST, p.id).matchAll(/\/papers\/([a-z0-9-]+)\//g)].map((m) => m[1]!)));
// The paper retitled (a copy of it is the paper removed), one that other papers list as related: AdapTix in
// the first survey; its title and arXiv id on one line each, and no DOI, so that its copy, with an arXiv id of
// its own from the paper's year, is no duplicate.
const edited = pick(papers, (p) => oneLine(p, 'title', 'arxiv') && !p.data['doi'] && Number(p.data['year']) >= 2015 && listed.has(p.id), withId('adaptix'))!;
const copyArxiv = `${String(Number(edited.data['year']) % 100).padStart(2, '0')}07.99999`;
// A topic page that lists neither it nor its copy, which the rebuild reuses: time series in the first survey.
const untouchedTopic = pick(topicIds, (t) => !topicsOf(edited).includes(t), (t) => t === 'time-series');
// The paper whose notes are edited (SMETimes), and a topic listing it but not the retitled paper.
const noted = pick(papers, (p) => p.id !== edited.id && topicsOf(p).some((t) => !topicsOf(edited).includes(t)), withId('smetimes'));
const notedTopic = noted && pick(topicsOf(noted), (t) => !topicsOf(edited).includes(t), (t) => t === 'llms-for-time-series');
// The search index in bundles of at most 20 papers, as a survey past 2,000 papers is (src/node/pagefind.ts):
// at least three bundles of papers, and as many with one paper more (the one removed later), so that
// no paper changes bundle between the builds.
const bundleCount = (papers: number, size: number) => 2 ** Math.ceil(Math.log2(papers / size));
const bundleSize = [...Array(20).keys()]
  .map((i) => 20 - i)
  .find((size) => papers.length / size > 2 && bundleCount(papers.length, size) === bundleCount(papers.length + 1, size)) ?? 1;
const BUNDLES = { SURVEY_SEARCH_BUNDLE: String(bundleSize) };

beforeAll(() => {
  const file = join(dir, 'content', 'papers', `${edited.id}.mdx`);
  const removed = join(dir, 'content', 'papers', 'removed-later.mdx');
  writeFileSync(removed, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: A Paper Removed Before The Rebuild').replace(/^arxiv: .*$/m, `arxiv: "${copyArxiv}"`));
  const first = astroBuild(dir, BUNDLES);
  if (first.status !== 0) throw new Error(first.output);
  if (!existsSync(join(dir, 'dist', 'papers', 'removed-later', 'index.html'))) throw new Error('The first build has no page for removed-later.');
  topicIndexWritten = statSync(join(dir, 'dist', 'pagefind', 'pagefind-entry.json')).mtimeMs;
  relatedBefore = Object.fromEntries(papers.map((p) => [p.id, relatedSection(join(dir, 'dist'), p.id)]));

  writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, `title: ${NEW_TITLE}`));
  if (noted) {
    const notes = join(dir, 'content', 'papers', `${noted.id}.mdx`);
    writeFileSync(notes, `${readFileSync(notes, 'utf8').trimEnd()}\n\n${NEW_NOTE}\n`);
  }
  rmSync(removed);
  const rebuild = astroBuild(dir, BUNDLES);
  if (rebuild.status !== 0) throw new Error(rebuild.output);
  rebuildLog = rebuild.output;
  // The full build takes nothing from the rebuild's caches: not its compiled entries, nor its zip.
  const forced = astroBuild(dir, { ...BUNDLES, SURVEY_CACHE: 'off' }, ['--force', '--outDir', full]);
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
    const reusedPapers = [...reused].filter((route) => /^\/papers\/[^/]+\/index\.html$/.test(route));
    if (OUR_SURVEY) expect(reusedPapers.length).toBeGreaterThan(40);
    // Every paper page the edits leave as it was: neither edited, nor with other related papers.
    const untouched = papers.filter((p) => p.id !== edited.id && p.id !== noted?.id && relatedSection(join(dir, 'dist'), p.id) === relatedBefore[p.id]);
    for (const p of untouched) expect(reusedPapers, p.id).toContain(`/papers/${p.id}/index.html`);
    expect(reused).not.toContain(`/papers/${edited.id}/index.html`);
    // The paper's own topics are built again.
    for (const topic of topicsOf(edited)) expect(reused, topic).not.toContain(`/topics/${topic}/index.html`);
  });

  it.runIf(untouchedTopic)('reuses the page of a topic without the edited paper', () => {
    expect(reusedRoutes(rebuildLog)).toContain(`/topics/${untouchedTopic}/index.html`);
  });

  it.runIf(notedTopic)('builds again only the page of a paper whose notes were edited, not the listings of it', () => {
    const dist = join(dir, 'dist');
    expect(page(dist, noted!.id)).toContain(NEW_NOTE);
    expect(reusedRoutes(rebuildLog)).not.toContain(`/papers/${noted!.id}/index.html`);
    // Its topic lists it (title, authors, summary), and shows nothing of its notes.
    expect(reusedRoutes(rebuildLog)).toContain(`/topics/${notedTopic}/index.html`);
    expect(readFileSync(join(dist, 'topics', notedTopic!, 'index.html'), 'utf8')).toContain(`/papers/${noted!.id}/`);
  });

  it('indexes again only the search bundles holding the edited or removed papers', () => {
    const [, bundles, indexed] = /Pagefind indexed \d+ pages in (\d+) bundles \((\d+) indexed/.exec(rebuildLog) ?? [];
    // The topic pages' bundle and one per group of papers that has any (src/node/pagefind.ts): 5 in the first survey.
    const count = bundleCount(papers.length, bundleSize);
    const groups = new Set(papers.map((p) => createHash('sha1').update(p.id).digest().readUInt32BE(0) % count));
    expect(Number(bundles)).toBe(1 + groups.size);
    if (OUR_SURVEY) expect(Number(bundles)).toBe(5);
    expect(Number(indexed)).toBeGreaterThanOrEqual(1);
    expect(Number(indexed)).toBeLessThanOrEqual(3);
    // No topic changed, nor any topic's newest year: the topic pages' index is the one already there.
    expect(statSync(join(dir, 'dist', 'pagefind', 'pagefind-entry.json')).mtimeMs).toBe(topicIndexWritten);
  });

  it('shows the new title, its math rendered, on the paper and on the papers that list it as related', () => {
    const dist = join(dir, 'dist');
    const own = page(dist, edited.id);
    expect(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(own)?.[1]).toMatch(NEW_TITLE_SHOWN);
    expect(own).toContain(`<title>${NEW_TITLE_TEXT} · `);
    // The TeX stays only in the BibTeX, where it is math too.
    const bibtex = /<pre id="bibtex">[\s\S]*?<\/pre>/.exec(own)?.[0] ?? '';
    expect(bibtex).toContain('{$k$}-ary');
    expect(own.replace(bibtex, '')).not.toContain('$k$');
    const listing = relatedTo(dist, edited.id);
    expect(listing.length).toBeGreaterThan(0);
    for (const id of listing) expect(relatedSection(dist, id), id).toMatch(NEW_TITLE_SHOWN);
  });

  it('shows the title\'s math in valid HTML, on its page and in the listings', async () => {
    const validator = new HtmlValidate(new StaticConfigLoader(JSON.parse(readFileSync('.htmlvalidate.json', 'utf8'))));
    const topic = join(dir, 'dist', 'topics', topicsOf(edited)[0]!, 'index.html');
    for (const file of [join(dir, 'dist', 'papers', edited.id, 'index.html'), topic]) {
      const html = readFileSync(file, 'utf8');
      expect(html, file).toMatch(NEW_TITLE_SHOWN);
      const report = await validator.validateString(html);
      expect(report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`)), file).toEqual([]);
    }
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
    const notes = join(dir, 'content', 'papers', `${(noted ?? edited).id}.mdx`);
    writeFileSync(notes, `${readFileSync(notes, 'utf8').trimEnd()}\n\nOne more sentence of notes.\n`);
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
    expect(reusedRoutes(notesLog)).not.toContain(`/papers/${(noted ?? edited).id}/index.html`);
  });
});
