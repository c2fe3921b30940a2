import { distance } from 'fastest-levenshtein';
import type { PaperData } from '../schemas/paper';
import type { CompiledPaper, CompiledTopic } from './compile';
import { positionOf } from './frontmatter';
import type { Issue } from './issues';
import { normalizeTitle } from './normalize';
import { nameKey } from './search-terms';
import { compareText } from './collate';

/** The parts of a compiled entry the cross-file rules read. */
type Entry<T extends CompiledPaper | CompiledTopic> = Pick<T, 'id' | 'file' | 'data' | 'links' | 'positions'> & Partial<Pick<T, 'fields'>>;

/** An entry's checked front-matter, or the fields of it that passed their own rules. */
const fieldsOf = <T extends CompiledPaper | CompiledTopic>(entry: Entry<T>): Partial<NonNullable<T['data']>> | undefined =>
  (entry.data ?? entry.fields) as Partial<NonNullable<T['data']>> | undefined;

/**
 * Rules that need the whole survey: every topic, parent and link exists, and no paper is in the
 * survey twice. Per-file rules (schema, MDX safety, math) are already in each entry's `issues`.
 * `publicFiles` are the paths under `public/` (`favicon.svg`), which the site serves from its root.
 */
export function validateSurvey(
  papers: readonly Entry<CompiledPaper>[],
  topics: readonly Entry<CompiledTopic>[],
  publicFiles: Iterable<string> = [],
): Issue[] {
  const issues: Issue[] = [];
  const topicIds = new Set(topics.map((t) => t.id));
  const paperIds = new Set(papers.map((p) => p.id));
  const tagIds = new Set(papers.flatMap((p) => fieldsOf(p)?.tags ?? []));
  const topicList = [...topicIds].sort().join(', ');

  // A day to spare for the time zones ahead of this machine's. Checked here, not with the front
  // matter, whose verdict the compile cache keeps: the same file passes once its day has come.
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  for (const paper of papers) {
    const added = fieldsOf(paper)?.added;
    if (added && added > tomorrow) {
      issues.push({
        file: paper.file,
        ...positionOf(paper.positions, 'added'),
        rule: 'schema',
        message: `added: ${added} is a day still to come; a paper dated later stays at the top of the feeds of new papers until then.`,
        fix: 'Write the day the paper entered the survey.',
      });
    }
    // A paper accepted at a venue can carry next year's date; one further ahead is a typo (2204 for 2024).
    const year = fieldsOf(paper)?.year;
    const latest = Number((added ?? tomorrow).slice(0, 4)) + 1;
    if (year !== undefined && year > latest) {
      issues.push({
        file: paper.file,
        ...positionOf(paper.positions, 'year'),
        rule: 'schema',
        message: `year: ${year} is more than a year after the paper entered the survey (${added ?? 'today'}).`,
        fix: 'Write the year the paper was published, like 2024.',
      });
    }
    fieldsOf(paper)?.topics?.forEach((topic, i) => {
      if (!topicIds.has(topic)) {
        issues.push({
          file: paper.file,
          ...positionOf(paper.positions, 'topics', i),
          rule: 'unknown-topic',
          message: `topics[${i}]: unknown topic "${topic}".`,
          fix: `${didYouMean(topic, topicIds)}Use one of: ${topicList}; or add content/topics/${topic}.mdx.`,
        });
      }
    });
  }

  for (const topic of topics) {
    const parent = fieldsOf(topic)?.parent;
    if (parent === undefined) continue;
    const parentTopic = topics.find((t) => t.id === parent);
    if (!parentTopic) {
      issues.push({
        file: topic.file,
        ...positionOf(topic.positions, 'parent'),
        rule: 'unknown-parent',
        message: `parent: unknown topic "${parent}".`,
        fix: `${didYouMean(parent, topicIds)}Use one of: ${topicList}; or remove parent to make this a top-level topic.`,
      });
    } else if (parent === topic.id) {
      issues.push({
        file: topic.file,
        ...positionOf(topic.positions, 'parent'),
        rule: 'nested-topic',
        message: `parent: "${parent}" is this topic itself.`,
        fix: 'Name another topic as the parent, or remove parent to make this a top-level topic.',
      });
    } else if (fieldsOf(parentTopic)?.parent !== undefined) {
      issues.push({
        file: topic.file,
        ...positionOf(topic.positions, 'parent'),
        rule: 'nested-topic',
        message: `parent: "${parent}" is itself a sub-topic; topics nest one level deep.`,
        fix: `Use "${fieldsOf(parentTopic)?.parent ?? parent}" as the parent instead.`,
      });
    }
  }

  const known = { papers: paperIds, topics: topicIds, tags: tagIds, files: new Set(publicFiles) };
  for (const entry of [...papers, ...topics]) {
    for (const link of entry.links) {
      if (known[link.kind].has(link.id)) continue;
      const at = { file: entry.file, line: link.line, column: link.column, rule: 'unknown-link' };
      if (link.kind === 'files') {
        issues.push({
          ...at,
          message: `The ${link.what} ${link.path} is no ${link.what === 'image' ? 'image' : 'page or file'} of the survey.`,
          fix:
            link.what === 'image'
              ? `Add the image to public/ (public/${link.id} is served as ${link.path}), or link to it elsewhere with [what it shows](https://...).`
              : 'Link to /papers/<id>/, /topics/<id>/, /tags/<tag>/, another page the site has such as /timeline/, or a file in public/.',
        });
        continue;
      }
      const what = { papers: 'paper', topics: 'topic', tags: 'tag' }[link.kind];
      issues.push({
        ...at,
        message: `The ${link.what} ${link.path} points at a ${what} that does not exist.`,
        fix:
          link.kind === 'papers'
            ? 'Use the file name of a paper in content/papers/ (without .mdx).'
            : link.kind === 'topics'
              ? `${didYouMean(link.id, topicIds)}Use the file name of a topic in content/topics/ (without .mdx).`
              : 'Use a tag that a paper has; the Tags page lists them.',
      });
    }
  }

  issues.push(...findDuplicates(papers), ...findCommonNames(papers));
  return issues;
}

/**
 * Reports a paper's `name` written as a capitalised word (`Decoding`, `Model`) that the titles of
 * at least `COMMON_IN_TITLES` other papers have as a word: a query of one word that is a paper's
 * name puts that paper first (`queryName`, src/lib/search-terms.ts), so such a name would put this
 * paper before every other paper about the word. A name shaped like a name (`VAR`, `SpaceTime`,
 * `GPT-2`) is left alone however many titles cite it: those titles build on the paper, and a search
 * for the name should still find it first; so is one word in a title or two (`Medusa`), which a
 * later paper's title may borrow, and which should not then fail the check on this paper's file.
 * A query's word is compared as search keys it, without case, accents or punctuation: `(VAR)` is the
 * word `var`, and `M-VAR` another.
 */
const COMMON_IN_TITLES = 3;

function findCommonNames(papers: readonly Entry<CompiledPaper>[]): Issue[] {
  const titled = new Map<string, string[]>();
  for (const paper of papers) {
    const words = new Set((fieldsOf(paper)?.title ?? '').split(/\s+/).map(nameKey));
    for (const word of words) if (word) titled.set(word, [...(titled.get(word) ?? []), paper.file]);
  }
  const issues: Issue[] = [];
  for (const paper of papers) {
    const name = fieldsOf(paper)?.name;
    const others = name && /^\p{Lu}\p{Ll}+$/u.test(name) ? (titled.get(nameKey(name)) ?? []).filter((file) => file !== paper.file) : [];
    if (!name || others.length < COMMON_IN_TITLES) continue;
    const listed = others.length > 3 ? `${others.slice(0, 3).join(', ')} and ${others.length - 3} more` : others.join(', ');
    issues.push({
      file: paper.file,
      ...positionOf(paper.positions, 'name'),
      rule: 'name-word',
      message: `name: "${name}" is a word of the title of ${others.length === 1 ? 'another paper' : `${others.length} other papers`} (${listed}), and a search for it would list this paper before ${others.length === 1 ? 'it' : 'them'}.`,
      fix: 'Leave name out, or give the short name that only this paper goes by, as its title or abstract writes it (VAR, S-Mamba).',
    });
  }
  return issues;
}

/**
 * The ids of the entries a site can show while others have problems (the dev server shows the
 * survey as it is saved): topics with checked front-matter that are top-level or under a shown
 * top-level topic, and papers with checked front-matter whose every topic is shown. A paper under a
 * topic that does not exist would have no page to link to; it is left out until the topic is written.
 */
export function shownEntries(
  papers: readonly Pick<CompiledPaper, 'id' | 'data'>[],
  topics: readonly Pick<CompiledTopic, 'id' | 'data'>[],
): { papers: Set<string>; topics: Set<string> } {
  const topLevel = new Set(topics.filter((t) => t.data && t.data.parent === undefined).map((t) => t.id));
  const shownTopics = new Set(topics.filter((t) => t.data && (t.data.parent === undefined || topLevel.has(t.data.parent))).map((t) => t.id));
  const shownPapers = papers.filter((p) => p.data?.topics.every((topic) => shownTopics.has(topic))).map((p) => p.id);
  return { papers: new Set(shownPapers), topics: shownTopics };
}

/**
 * What to do about a paper that repeats others, told by their `added` dates: the later file is the
 * one to give up, whichever file the problem is reported on.
 */
function duplicateFix(paper: Entry<CompiledPaper>, rest: readonly Entry<CompiledPaper>[]): string {
  const added = (p: Entry<CompiledPaper>) => fieldsOf(p)?.added ?? '';
  const others = rest.map((p) => p.file).join(', ');
  const mine = added(paper);
  if (mine && rest.every((p) => added(p) && added(p) < mine)) {
    return `The survey lists each paper once: to add to it, edit ${others} instead of adding this file.`;
  }
  if (mine && rest.every((p) => added(p) > mine)) {
    return `The survey lists each paper once, and this file was added first: move what ${others} adds into this file, and delete ${rest.length === 1 ? 'it' : 'them'}.`;
  }
  return `The survey lists each paper once: keep one of this file and ${others}, move into it what the other adds, and delete the other.`;
}

/**
 * Reports papers that share an arXiv id, a DOI or a normalised title, on each of the files, naming
 * the other: a pull request that adds a paper already in the survey gets the problem on its own
 * file, whichever name sorts first.
 */
function findDuplicates(papers: readonly Entry<CompiledPaper>[]): Issue[] {
  const issues: Issue[] = [];
  const keys = [
    ['arxiv', 'arXiv', (p: Partial<PaperData> | undefined) => p?.arxiv],
    ['doi', 'DOI', (p: Partial<PaperData> | undefined) => p?.doi?.toLowerCase()],
    ['title', 'title', (p: Partial<PaperData> | undefined) => (p?.title ? normalizeTitle(p.title) : undefined)],
  ] as const;
  for (const [field, label, key] of keys) {
    const byValue = new Map<string, Entry<CompiledPaper>[]>();
    for (const paper of [...papers].sort((a, b) => compareText(a.file, b.file))) {
      const value = key(fieldsOf(paper));
      if (value) byValue.set(value, [...(byValue.get(value) ?? []), paper]);
    }
    for (const [value, same] of byValue) {
      if (same.length < 2) continue;
      for (const paper of same) {
        const rest = same.filter((p) => p !== paper);
        const others = rest.map((p) => p.file).join(', ');
        issues.push({
          file: paper.file,
          ...positionOf(paper.positions, field),
          rule: `duplicate-${field}`,
          message: field === 'title' ? `This paper has the same title as ${others}.` : `${label} ${value} is also ${others}.`,
          fix: duplicateFix(paper, rest),
        });
      }
    }
  }
  return issues;
}

/**
 * Tags that may be misspelt: used by one paper only, and a letter or two from a tag other papers
 * use (`speculative-decodng`). Hints, not problems: a new tag may be meant, so they never fail the
 * check; `npm run check` prints them after the problems, and CI marks them as warnings.
 */
export function tagHints(papers: readonly Entry<CompiledPaper>[]): Issue[] {
  const usedBy = new Map<string, Set<string>>();
  for (const paper of papers) for (const tag of fieldsOf(paper)?.tags ?? []) usedBy.set(tag, (usedBy.get(tag) ?? new Set()).add(paper.file));
  const hints: Issue[] = [];
  for (const paper of papers) {
    fieldsOf(paper)?.tags?.forEach((tag, i) => {
      if (usedBy.get(tag)!.size > 1) return;
      // One edit in a short tag, two in a long one: `vae` and `mae` are different tags.
      const allowed = Math.min(2, Math.floor(tag.length / 4));
      const close = [...usedBy]
        .filter(([other, files]) => other !== tag && [...files].some((f) => f !== paper.file) && distance(other, tag) <= allowed)
        .map(([other]) => other)
        .sort()[0];
      if (!close) return;
      const others = [...usedBy.get(close)!].filter((f) => f !== paper.file);
      hints.push({
        file: paper.file,
        ...positionOf(paper.positions, 'tags', i),
        rule: 'tag-typo',
        message: `tags[${i}]: no other paper has the tag "${tag}", but ${others.length === 1 ? `${others[0]} has` : `${others.length} papers have`} "${close}": a misspelling?`,
        fix: 'If they are the same keyword, spell it the same way in every paper; the Tags page lists the tags in use.',
      });
    });
  }
  return hints;
}

/** "Did you mean speculative-decoding? " for a topic id at most two edits from a known one, else nothing. */
export function didYouMean(topic: string, known: Iterable<string>): string {
  const [nearest] = [...known]
    .map((id) => ({ id, edits: distance(id, topic) }))
    .filter(({ edits }) => edits <= 2)
    .sort((a, b) => a.edits - b.edits || compareText(a.id, b.id));
  return nearest ? `Did you mean ${nearest.id}? ` : '';
}
