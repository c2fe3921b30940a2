import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { PaperJson, TopicJson } from '../../src/lib/feeds';
import { venueName } from '../../src/lib/labels';
import { tagLabel } from '../../src/lib/tags';
import { survey } from '../../src/survey.config';
import { DIST, requireBuild } from './dist';

/**
 * Whether the survey being tested is this repository's own, "Autoregressive Generation and Its
 * Rivals" (told by its citation key in src/survey.config.ts, which a fork changes with the title).
 *
 * It is for the few assertions that are about that survey's content rather than about the site:
 * that "speculative decoding" ranks the speculative-decoding papers first, VAR's exact title and
 * BibTeX key, its 75 papers. Those run with `it.runIf(OUR_SURVEY)`, here always, and are skipped in a
 * fork that publishes its own survey, so that the fork's `npm test` stays green. Every other test
 * chooses its samples from the survey at hand (`pick` below): here the samples they always used.
 */
export const OUR_SURVEY = survey.citation.key === 'arsurvey2026';

/** A paper as papers.json has it (README, "Data for machines"). */
export type SurveyPaper = PaperJson;

/** A topic as topics.json has it; `papers` holds those of its sub-topics too. */
export type SurveyTopic = TopicJson;

/** The survey as a build wrote it: papers.json (newest first) and topics.json (in display order). */
export function builtSurvey(dir = DIST): { papers: SurveyPaper[]; topics: SurveyTopic[] } {
  requireBuild(dir);
  const read = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
  return { papers: read('papers.json').papers, topics: read('topics.json').topics };
}

/** A paper or topic file of `content/` as written: its front matter, parsed, and its body. */
export interface ContentEntry {
  id: string;
  file: string;
  source: string;
  data: Record<string, unknown>;
  /**
   * The body as its page shows it, without MDX comments: the notes template `new-paper` writes is
   * one (`{/* ... $...$ ... *\/}`), and its `$...$` and `[Name](/papers/<id>/)` are no math and no link.
   */
  body: string;
}

/** `text` without its MDX comments (`{/* ... *\/}`), which a page leaves out. */
export const withoutComments = (text: string) => text.replace(/\{\/\*[\s\S]*?\*\/\}/g, '');

/** The entries of `content/papers` or `content/topics`, drafts (`_*.mdx`) left out; no build needed. */
export function contentEntries(kind: 'papers' | 'topics', root = '.'): ContentEntry[] {
  const dir = join(root, 'content', kind);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.mdx') && !name.startsWith('_'))
    .sort()
    .map((name) => {
      const source = readFileSync(join(dir, name), 'utf8');
      const [, front = '', body = ''] = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source) ?? [];
      return { id: name.replace(/\.mdx$/, ''), file: join(dir, name), source, data: (parse(front) ?? {}) as Record<string, unknown>, body: withoutComments(body) };
    });
}

/**
 * The first of `candidates` that passes `ok`, or the one `preferred` picks among those that do.
 * Tests name the samples the first survey's tests always used as preferred, so that here they check
 * what they always checked, and a fork's survey gets samples of its own; `undefined` when none fits.
 */
export function pick<T>(candidates: Iterable<T>, ok: (candidate: T) => boolean, preferred?: (candidate: T) => boolean): T | undefined {
  const list = [...candidates];
  if (preferred) for (const candidate of list) if (preferred(candidate) && ok(candidate)) return candidate;
  return list.find(ok);
}

/** For `pick`: the paper or topic with this id. */
export const withId =
  (id: string) =>
  (entry: { id: string }): boolean =>
    entry.id === id;

/** `text` as a regular expression that matches it literally. */
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Words too common to say anything of a paper, left out of `titleWords`.
const COMMON = new Set(
  'about after against also among and are based beyond between both but can does each for from how into its more not over than that the their them these this through towards under using via what when where which while with without your'.split(' '),
);

/**
 * The words of the papers' titles (lowercase, four letters or more, hyphenated words whole), each
 * with the papers whose title has it; the words of the most papers first, then alphabetically.
 */
export function titleWords(papers: readonly Pick<SurveyPaper, 'id' | 'title'>[]): { word: string; ids: string[] }[] {
  const ids = new Map<string, Set<string>>();
  for (const paper of papers) {
    for (const word of paper.title.toLowerCase().split(/[^\p{L}\p{N}-]+/u)) {
      if (!/^[a-z][a-z-]{2,}[a-z]$/.test(word) || COMMON.has(word)) continue;
      if (!ids.has(word)) ids.set(word, new Set());
      ids.get(word)!.add(paper.id);
    }
  }
  return [...ids]
    .map(([word, set]) => ({ word, ids: [...set] }))
    .sort((a, b) => b.ids.length - a.ids.length || (a.word < b.word ? -1 : 1));
}

/** The distinct years of the papers, oldest first. */
export const yearsOf = (papers: readonly Pick<SurveyPaper, 'year'>[]) => [...new Set(papers.map((p) => p.year))].sort((a, b) => a - b);

/** The distinct tags of the papers. */
export const tagsOf = (papers: readonly Pick<SurveyPaper, 'tags'>[]) => [...new Set(papers.flatMap((p) => p.tags))].sort();

/** The pages a build writes for the survey's papers, topics and tags, relative to its output folder. */
export function surveyPages(papers: readonly Pick<SurveyPaper, 'id' | 'tags'>[], topics: readonly Pick<SurveyTopic, 'id'>[]): string[] {
  return [
    ...papers.map((p) => `papers/${p.id}/index.html`),
    ...topics.map((t) => `topics/${t.id}/index.html`),
    ...tagsOf(papers).map((tag) => `tags/${tag}/index.html`),
  ];
}

/** The ids of the papers a paper's notes link to (`[VAR](/papers/var/)`), in order. */
export const notesLinks = (paper: ContentEntry) => [...paper.body.matchAll(/\]\(\/papers\/([a-z0-9-]+)\/(?:#[^)]*)?\)/g)].map((m) => m[1]!);

/**
 * Whether each of `fields` is written on one line of the entry's front matter (`title: ...`), so that a
 * test can change it with a replace of `^field: .*$`; a folded or missing field is not.
 */
export function oneLine(entry: ContentEntry, ...fields: string[]): boolean {
  return fields.every((field) => {
    const line = new RegExp(`^${field}: (.+)$`, 'm').exec(entry.source)?.[1];
    if (line === undefined || /^[>|]/.test(line)) return false;
    return String((parse(`${field}: ${line}`) as Record<string, unknown>)[field]) === String(entry.data[field]);
  });
}

/** Whether `word` is a whole word of the paper's title or abstract, which its page shows and the search indexes. */
export function mentions(paper: Pick<SurveyPaper, 'title' | 'abstract'>, word: string): boolean {
  return new RegExp(`(?:^|[^\\p{L}\\p{N}-])${escapeRegExp(word)}(?:$|[^\\p{L}\\p{N}-])`, 'iu').test(`${paper.title}\n${paper.abstract}`);
}

/** Every pair of an item of `a` with one of `b`, in order. */
export const pairs = <A, B>(a: readonly A[], b: readonly B[]): [A, B][] => a.flatMap((x) => b.map((y): [A, B] => [x, y]));

/**
 * Two words that follow each other in a title (lowercase, four letters or more each, neither a common
 * word), for two-word queries and quoted phrases; those of the most papers first.
 */
export function titlePhrases(papers: readonly Pick<SurveyPaper, 'id' | 'title'>[]): string[] {
  const count = new Map<string, number>();
  for (const paper of papers) {
    const words = paper.title.toLowerCase().split(/[^\p{L}\p{N}-]+/u);
    const seen = new Set<string>();
    for (let i = 1; i < words.length; i++) {
      const [a, b] = [words[i - 1]!, words[i]!];
      if (![a, b].every((w) => /^[a-z]{4,}$/.test(w) && !COMMON.has(w))) continue;
      seen.add(`${a} ${b}`);
    }
    for (const phrase of seen) count.set(phrase, (count.get(phrase) ?? 0) + 1);
  }
  return [...count].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([phrase]) => phrase);
}

/**
 * The labels of the search's filters (topic titles, tag labels, venue names): a test finds a filter
 * by the start of its label (`/^Speculative decoding/`), which must then name no other.
 */
export function facetLabels(papers: readonly SurveyPaper[], topics: readonly SurveyTopic[]): string[] {
  return [...topics.map((t) => t.title), ...tagsOf(papers).map((tag) => tagLabel(tag)), ...new Set(papers.map((p) => venueName({ venue: p.venue ?? undefined })))];
}

/** The filter whose label starts with `title`, and only it: `/^Speculative decoding/`; undefined if others would match. */
export function filterName(title: string, labels: readonly string[]): RegExp | undefined {
  return labels.filter((label) => label.startsWith(title)).length === 1 ? new RegExp(`^${escapeRegExp(title)}`) : undefined;
}
