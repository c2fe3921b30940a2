import { isAbsolute, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { distance } from 'fastest-levenshtein';
import { Document, isMap, isScalar, type Pair, type Scalar, type YAMLSeq } from 'yaml';
import { KEBAB, arxivIdError, idProblem, shortenId } from '../schemas/paper';
import { ArxivError, arxivIdFrom } from './arxiv';
import { BibtexError } from './bibtex-import';
import { parseFrontmatter, splitFrontmatter } from './frontmatter';
import { idFromPath, normalizeTitle, slugify } from './normalize';
import { didYouMean } from './validate';
import { printable, type Issue } from './issues';

/** What `new-paper` learns about a paper from its source, before the contributor adds to it. */
export interface PaperMetadata {
  title: string;
  authors: string[];
  /** Year of the venue when published, else of the preprint; undefined when the source has none. */
  year: number | undefined;
  arxiv?: string | undefined;
  doi?: string | undefined;
  url?: string | undefined;
  /** A `url` the source gave that the survey cannot link to (not https, say), left out, and why. */
  refusedUrl?: { url: string; reason: string } | undefined;
  venue?: string | undefined;
  abstract?: string | undefined;
  /** Things the contributor should check by hand, as sentences. */
  notes: string[];
}

/** The command line of `npm run new-paper`. */
export interface NewPaperOptions {
  /** An arXiv id or URL, a saved arXiv API response (`.xml`, `.atom`) or a `.bib` file, as given. */
  source: string;
  /** Where a source file is read from: `source` from the folder the command was typed in. */
  sourceFile?: string | undefined;
  topics: string[];
  tags: string[];
  /** The content folder holding `papers/` and `topics/`. */
  content: string;
  /** `added`, `YYYY-MM-DD`; today when not given. */
  date: string | undefined;
  /** The file name to use instead of the generated one. */
  id: string | undefined;
  /** The one-sentence summary, if the contributor has it already. */
  tldr: string | undefined;
}

/** A reason `new-paper` refuses to write the file, and how to get past it. */
export interface Problem {
  message: string;
  fix?: string | undefined;
}

/** The survey as `new-paper` needs it: which topics exist, and what each paper is. */
export interface SurveyIndex {
  /** Topic ids: the file names under `<content>/topics/`. */
  topics: string[];
  papers: ExistingPaper[];
}

/** A paper already in the survey, read from its front-matter. */
export interface ExistingPaper {
  /** Path of its file, as it should be shown: `content/papers/var.mdx`. */
  file: string;
  id: string;
  title: string | undefined;
  arxiv: string | undefined;
  doi: string | undefined;
  tags: string[];
}

/** The paper file `new-paper` writes. */
export interface NewPaper {
  id: string;
  /** `<content>/papers/<id>.mdx`. */
  file: string;
  /** The whole file: front-matter and the commented notes template. */
  text: string;
  /** Line of the file where the tldr goes (its placeholder comment, or the tldr itself). */
  tldrLine: number;
  /** Required fields the source could not fill; `npm run check` fails until they are written. */
  missing: ('tldr' | 'abstract')[];
  /** The short name the abstract introduces (`suggestedName`), written commented out, and its line. */
  name?: { value: string; line: number };
}

const USAGE = `Usage: npm run new-paper -- <source> --topic <id> [--topic <id>]... [--tag <tag>]...
       [--tldr "<one sentence>"] [--id <file-name>] [--content <dir>] [--date YYYY-MM-DD]

<source> is one of:
  an arXiv id or URL          2404.02905, https://arxiv.org/abs/2404.02905v2 (asks the arXiv API)
  a saved arXiv API response  2404.02905.xml (the page https://export.arxiv.org/api/query?id_list=2404.02905)
  a BibTeX file               paper.bib, holding the paper's one entry

Writes <content>/papers/<id>.mdx and prints what to do next. See CONTRIBUTING.md.`;

/** Where paths on the command line start from, and where the survey is. */
export interface CommandDirs {
  /** The folder the contributor ran the command in: relative paths they give start here. */
  cwd: string;
  /** The project root, where npm runs the script: paths are shown from here, and `content` is here. */
  root: string;
}

/**
 * Parses the command line, or says what is wrong with it. A source file is read from `dirs.cwd`;
 * `--content` too, and it is then shown from `dirs.root` (absolute when outside it), like the
 * paths of the files it holds.
 */
export function parseNewPaperArgs(
  argv: readonly string[],
  dirs: CommandDirs = { cwd: '.', root: '.' },
): { options: NewPaperOptions } | { problems: Problem[] } | { help: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        topic: { type: 'string', multiple: true },
        tag: { type: 'string', multiple: true },
        content: { type: 'string' },
        date: { type: 'string' },
        id: { type: 'string' },
        tldr: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { problems: [{ message: `${(error as Error).message.split('\n')[0]}`, fix: USAGE }] };
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: USAGE };
  if (positionals.length === 0) return { problems: [{ message: 'Give the paper to add.', fix: USAGE }] };
  const problems: Problem[] = [];
  if (positionals.length > 1) {
    problems.push({
      message: `new-paper takes one source, but got ${positionals.length}: ${positionals.join(' ')}.`,
      fix: 'Add one paper per run; write each option as --topic <id>, and put -- after npm run new-paper.',
    });
  }
  const date = values.date;
  if (date !== undefined && !isIsoDate(date)) {
    problems.push({ message: `--date ${date} is not a date written YYYY-MM-DD.`, fix: 'Write it like 2026-11-29, or leave it out for today.' });
  }
  const list = (items: string[] | undefined) =>
    (items ?? []).flatMap((item) => item.split(',')).map((item) => item.trim()).filter(Boolean);
  const source = positionals[0]!;
  const kind = sourceKind(source);
  const options: NewPaperOptions = {
    source,
    sourceFile: 'kind' in kind && kind.kind !== 'arxiv' ? resolve(dirs.cwd, source) : undefined,
    topics: list(values.topic),
    tags: list(values.tag),
    content: values.content === undefined ? 'content' : shownPath(values.content, dirs),
    date,
    id: values.id,
    tldr: values.tldr?.replace(/\s+/g, ' ').trim(),
  };
  return problems.length > 0 ? { problems } : { options };
}

/** `path`, given from `dirs.cwd`, as seen from `dirs.root`: `content/papers/x.bib`, or absolute outside it. */
function shownPath(path: string, dirs: CommandDirs): string {
  const absolute = resolve(dirs.cwd, path);
  const fromRoot = relative(resolve(dirs.root), absolute);
  if (fromRoot === '') return '.';
  return fromRoot.startsWith('..') || isAbsolute(fromRoot) ? absolute : fromRoot.split(sep).join('/');
}

/** How a source is read: a `.bib` file, a saved API response, or an arXiv id to look up. */
export type SourceKind = { kind: 'bib' } | { kind: 'atom' } | { kind: 'arxiv'; id: string };

/** Tells what kind of source the contributor gave, or why it is none of them. */
export function sourceKind(source: string): SourceKind | Problem {
  if (/\.bib$/i.test(source)) return { kind: 'bib' };
  if (/\.(?:xml|atom)$/i.test(source)) return { kind: 'atom' };
  const id = arxivIdFrom(source);
  if (id) return { kind: 'arxiv', id };
  const bare = /^(?:arxiv:)?(\d{4}\.\d+)(?:v\d+)?$/i.exec(source.trim())?.[1];
  if (bare) {
    return { message: `${source} is not an arXiv id: ${arxivIdError(bare)}`, fix: 'Copy the id from the paper\'s arXiv page, like 2404.02905.' };
  }
  return {
    message: `"${source}" is not an arXiv id, an arXiv URL, a .bib file or a saved .xml response.`,
    fix: 'Give an id like 2404.02905, a URL like https://arxiv.org/abs/2404.02905, or a file ending in .bib or .xml.',
  };
}

/** Reads what duplicate detection needs from a paper file; undefined when it has no readable front-matter. */
export function readExistingPaper(file: string, source: string): ExistingPaper | undefined {
  const split = splitFrontmatter(file, source);
  if ('rule' in split) return undefined;
  const { data } = parseFrontmatter(file, split);
  if (!data || typeof data !== 'object') return undefined;
  const fields = data as Record<string, unknown>;
  const string = (key: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : undefined);
  return {
    file,
    id: idFromPath(file),
    title: string('title'),
    arxiv: string('arxiv'),
    doi: string('doi'),
    tags: Array.isArray(fields['tags']) ? fields['tags'].filter((t): t is string => typeof t === 'string') : [],
  };
}

/**
 * Checks what the contributor asked for before the source is read: at least one topic and only
 * known ones, kebab-case tags and id, a one-sentence tldr.
 */
export function checkRequest(options: NewPaperOptions, survey: SurveyIndex): Problem[] {
  const problems: Problem[] = [];
  const known = new Set(survey.topics);
  const valid = `Use one of: ${[...survey.topics].sort().join(', ')}.`;
  if (options.topics.length === 0) {
    problems.push({ message: 'Give at least one topic with --topic <id>, the most specific first.', fix: valid });
  }
  for (const topic of options.topics) {
    if (!known.has(topic)) {
      problems.push({ message: `--topic ${topic}: unknown topic "${topic}".`, fix: `${didYouMean(topic, known)}${valid} A new topic needs its own content/topics/${topic}.mdx first.` });
    }
  }
  for (const tag of options.tags) {
    if (!KEBAB.test(tag)) {
      problems.push({ message: `--tag ${tag}: a tag must be lowercase kebab-case.`, fix: `Write it as ${shortenId(slugify(tag)) || 'speculative-decoding'}.` });
    } else if (idProblem(tag)) {
      problems.push({ message: `--tag ${tag}: the tag ${idProblem(tag)}.`, fix: 'Choose a shorter tag, or another word.' });
    }
  }
  if (options.id !== undefined && !KEBAB.test(options.id)) {
    problems.push({ message: `--id ${options.id}: the id becomes the file name and the URL, so it must be lowercase kebab-case.`, fix: `Write it as ${shortenId(slugify(options.id)) || 'flow-ar'}.` });
  } else if (options.id !== undefined && idProblem(options.id)) {
    problems.push({ message: `--id ${options.id}: the id becomes the file name and the URL, and it ${idProblem(options.id)}.`, fix: 'Choose a shorter id, or another word.' });
  }
  if (options.tldr !== undefined && (options.tldr.length === 0 || options.tldr.length > 320)) {
    problems.push({ message: `--tldr must be one sentence of 1 to 320 characters; it has ${options.tldr.length}.`, fix: 'Say what the paper does, from its abstract, in one sentence.' });
  }
  return problems;
}

/** Refuses a paper the survey already lists: the same arXiv id, DOI or normalised title, naming its file. */
export function findExisting(paper: Pick<PaperMetadata, 'arxiv' | 'doi'> & { title?: string | undefined }, papers: readonly ExistingPaper[]): Problem[] {
  const fix = 'Edit that file instead, for instance to add a topic or a tag; the survey lists each paper once.';
  const title = paper.title ? normalizeTitle(paper.title) : undefined;
  for (const existing of papers) {
    if (paper.arxiv && existing.arxiv === paper.arxiv) {
      return [{ message: `arXiv ${paper.arxiv} is already in the survey: ${existing.file}.`, fix }];
    }
    if (paper.doi && existing.doi?.toLowerCase() === paper.doi.toLowerCase()) {
      return [{ message: `DOI ${paper.doi} is already in the survey: ${existing.file}.`, fix }];
    }
    if (title && existing.title && normalizeTitle(existing.title) === title) {
      return [{ message: `"${paper.title}" is already in the survey: ${existing.file} has the same title.`, fix }];
    }
  }
  return [];
}

/** Checks the metadata read from the source: a year, and some way for readers to find the paper. */
export function checkMetadata(meta: PaperMetadata, source: string): Problem[] {
  const problems: Problem[] = [];
  if (meta.year === undefined) {
    problems.push({ message: `${source} gives no year for "${meta.title}".`, fix: 'Add year = {2024} to the BibTeX entry.' });
  }
  if (!meta.arxiv && !meta.doi && !meta.url) {
    problems.push({
      message: `${source} gives no arXiv id, DOI or https URL for "${meta.title}", so readers could not find the paper.`,
      fix: meta.refusedUrl
        ? `Its url ${meta.refusedUrl.url} was left out (${meta.refusedUrl.reason}): write the https:// address of the same page, or add eprint = {2404.02905} or doi = {10...}.`
        : 'Add eprint = {2404.02905}, doi = {10...} or url = {https://...} to the BibTeX entry.',
    });
  }
  return problems;
}

const STOPWORDS = new Set(['a', 'an', 'the', 'on', 'of', 'for', 'to', 'in', 'is', 'are', 'and', 'with', 'via', 'towards', 'toward', 'do', 'does', 'how', 'what', 'why', 'when', 'can', 'we', 'shall']);
const SUFFIXES = /^(?:jr|sr|ii|iii|iv)\.?$/i;

/**
 * The file name for a paper: the short name before the title's colon when it has one
 * (`Judge Decoding: ...` → `judge-decoding`), else first author, year and first significant
 * title word (`blattmann-2022-semi-parametric`).
 */
export function paperId(meta: Pick<PaperMetadata, 'title' | 'authors' | 'year'> & { arxiv?: string | undefined }): string {
  const name = /^([^:]{1,30}):\s/.exec(meta.title)?.[1]?.trim();
  // A name Windows keeps for a device ("AUX: ...") cannot be a file name: the longer form is used.
  if (name && name.split(/\s+/).length <= 3 && slugify(name) && !idProblem(slugify(name))) return slugify(name);
  const family = (meta.authors[0] ?? '').split(/\s+/).filter((w) => !SUFFIXES.test(w)).at(-1) ?? '';
  const word = meta.title.split(/\s+/).find((w) => slugify(w) && !STOPWORDS.has(slugify(w))) ?? '';
  // A name and a title with no Latin letter (王小明, 图神经网络) leave the year alone, no name for a paper.
  if (!slugify(family) && !slugify(word)) return meta.arxiv ? `arxiv-${slugify(meta.arxiv)}` : `paper-${meta.year}`;
  return shortenId([slugify(family), meta.year, slugify(word)].filter(Boolean).join('-'));
}

/** Letters that Unicode does not decompose into an ASCII letter and an accent. */
/** Tags that no paper uses yet, each with the existing tag it may be a misspelling of. */
export function newTags(tags: readonly string[], papers: readonly ExistingPaper[]): { tag: string; similar: string | undefined }[] {
  const used = new Set(papers.flatMap((p) => p.tags));
  return tags
    .filter((tag) => !used.has(tag))
    .map((tag) => ({ tag, similar: [...used].sort().find((u) => distance(u, tag) <= 2) }));
}

/**
 * The short name a paper's abstract introduces, when its title does not give it ("VAR" for "We
 * present Visual AutoRegressive modeling (VAR), ..."): in a sentence where the paper proposes,
 * presents, introduces or develops something, a name in brackets or the one proposed (`we propose
 * FreeCache, a ...`); else a name after "called", "named" or "termed". A name has two capitals or more
 * (`BiLD`, `Hi-MAR`, `SpaceTime`) and is not a plural acronym (`LLMs`). `new-paper` offers it
 * commented out, for the contributor to keep or delete.
 */
export function suggestedName(title: string, abstract: string | undefined): string | undefined {
  // "Dimple: Discrete Diffusion ..." gives its name; "Transition Matching: ..." may not.
  if (!abstract || /^\S+:\s/.test(title)) return undefined;
  const NAME = String.raw`((?:\p{Lu}[\p{L}\p{N}]*-?){1,3}\p{Lu}[\p{L}\p{N}-]*|\p{Lu}\p{Ll}+\p{Lu}[\p{L}\p{N}-]*)`;
  const named = new RegExp(String.raw`\b(?:called|named|termed(?: as)?|dubbed)\s+${NAME}`, 'u');
  const proposed = [new RegExp(String.raw`\(${NAME}\)`, 'u'), new RegExp(String.raw`\b(?:propose|present|introduce|develop)s?\s+${NAME}\s*[,:(]`, 'u')];
  const PROPOSES = /\b(?:we|this (?:paper|work|study))\b.*\b(?:propose|present|introduce|develop)/i;
  for (const sentence of abstract.replace(/\s+/g, ' ').split(/(?<=[.!?])\s+(?=\p{Lu})/u)) {
    // The first name the sentence proposes, else one it calls by name.
    const found = (patterns: RegExp[]) =>
      patterns
        .map((pattern) => pattern.exec(sentence))
        .filter((m): m is RegExpExecArray => m !== null)
        .sort((a, b) => a.index - b.index)
        .map((m) => m[1]!.replace(/-$/, ''))
        .find((name) => name.length <= 40 && !/^\p{Lu}+s$/u.test(name) && !title.includes(name));
    const name = (PROPOSES.test(sentence) ? found(proposed) : undefined) ?? found([named]);
    if (name) return name;
  }
  return undefined;
}

const TLDR_HELP = [
  ' tldr: replace these three lines with one sentence (at most 320 characters) saying what the',
  ' paper does, from its abstract; npm run check reports "tldr is missing" until then. Like:',
  ' tldr: <Name> does <what> by <how>, and <the main result the abstract states>.',
];
const ABSTRACT_HELP = [
  ' abstract: the source had none. Replace these three lines with the abstract as published:',
  ' abstract: >-',
  '   We present ...',
];

/** The commented template of the curator's notes: MDX comments, so an untouched file renders no notes. */
const NOTES_TEMPLATE = `{/*
Curator's notes (optional), shown on the paper's page below the abstract. Write them in Markdown,
then delete this comment; or leave it, and the page has no notes. Everything comes from the
abstract; a figure from elsewhere in the paper names its table or section. Math is written $...$,
a paper of the survey is linked as [Name](/papers/<id>/), a topic as [Name](/topics/<id>/).
Only Markdown and the elements listed in CONTRIBUTING.md are allowed: no imports, no code.

## Key idea

## Why it matters

## Related work in this survey
*/}
`;

/**
 * The file for a new paper: front-matter in the survey's field order (`added` = `date`), a
 * commented placeholder for each required field the source could not fill (tldr, abstract),
 * and the commented notes template.
 */
export function buildPaper(meta: PaperMetadata, options: Pick<NewPaperOptions, 'topics' | 'tags' | 'tldr' | 'id'>, date: string, content = 'content'): NewPaper {
  const id = options.id ?? paperId(meta);
  const data: Record<string, unknown> = {
    title: meta.title,
    authors: meta.authors,
    year: meta.year,
    arxiv: meta.arxiv,
    doi: meta.doi,
    url: meta.url,
    venue: meta.venue,
    topics: options.topics,
    tags: options.tags,
    tldr: options.tldr,
    abstract: meta.abstract,
    added: date,
  };
  for (const key of Object.keys(data)) if (data[key] === undefined) delete data[key];
  const doc = new Document(data);
  const field = <T>(key: string) => doc.get(key, true) as T | undefined;
  for (const key of ['topics', 'tags']) field<YAMLSeq>(key)!.flow = true;
  const arxiv = field<Scalar>('arxiv');
  if (arxiv) arxiv.type = 'QUOTE_DOUBLE';
  for (const key of ['abstract', 'tldr']) {
    const node = field<Scalar>(key);
    if (node && String(node.value).length > 80) node.type = 'BLOCK_FOLDED';
  }
  const missing: NewPaper['missing'] = [];
  if (!options.tldr) missing.push('tldr');
  if (!meta.abstract) missing.push('abstract');
  // A placeholder is a comment, not a value: the check then fails with "tldr is missing" until it is written.
  const pairs = isMap(doc.contents) ? (doc.contents.items as Pair[]) : [];
  const before = (key: string) => pairs.find((p) => isScalar(p.key) && p.key.value === key)!.key as Scalar;
  const comments = [...(missing.includes('tldr') ? TLDR_HELP : []), ...(missing.includes('abstract') ? ABSTRACT_HELP : [])];
  if (comments.length > 0) before(meta.abstract ? 'abstract' : 'added').commentBefore = comments.join('\n');
  // A name is offered, not given: the contributor decides whether the paper goes by it.
  const name = suggestedName(meta.title, meta.abstract);
  if (name) before('authors').commentBefore = [` The abstract introduces the name ${name}: if the paper goes by it, delete "# " before name: below.`, ` name: ${name}`].join('\n');
  const yaml = doc.toString({ lineWidth: 100, minContentWidth: 40 });
  const text = `---\n${yaml}---\n\n${NOTES_TEMPLATE}`;
  const lines = text.split('\n');
  const tldrLine = lines.findIndex((line) => /^#? ?tldr:/.test(line)) + 1;
  const paper: NewPaper = { id, file: `${content.replace(/\/+$/, '')}/papers/${id}.mdx`, text, tldrLine, missing };
  if (name) paper.name = { value: name, line: lines.indexOf(`# name: ${name}`) + 1 };
  return paper;
}

/** What to print once the file is written: where it is, and the steps up to the pull request. */
export function nextSteps(
  paper: NewPaper,
  meta: PaperMetadata,
  options: Pick<NewPaperOptions, 'topics' | 'tags'>,
  tags: ReturnType<typeof newTags>,
  found: readonly Pick<Issue, 'line' | 'rule' | 'message' | 'fix'>[] = [],
): string {
  const steps: string[] = [];
  for (const issue of found) steps.push(`Line ${issue.line}: ${issue.message} ${issue.fix} The check fails until you do (${issue.rule}).`);
  if (paper.missing.includes('tldr')) {
    steps.push(`Write the tldr at line ${paper.tldrLine}, in place of the three comment lines: one sentence from the abstract. The check fails until you do.`);
  }
  if (paper.missing.includes('abstract')) {
    steps.push('Paste the abstract where the file says "# abstract:"; the source had none. The check fails until you do.');
  }
  if (paper.name) {
    steps.push(`The abstract introduces the name ${paper.name.value}: if the paper goes by it, delete the "# " before name: at line ${paper.name.line}, and a search for ${paper.name.value} lists it first. Otherwise delete that line.`);
  }
  steps.push(...meta.notes);
  if (options.tags.length === 0) {
    steps.push('Add tags: [...]: three to six keywords suit most papers, reusing those of the Tags page (CONTRIBUTING.md, "Choosing topics and tags").');
  }
  if (tags.length > 0) {
    const guesses = tags.filter((t) => t.similar).map((t) => `${t.similar} for ${t.tag}`);
    steps.push(
      `No paper uses the tag${tags.length > 1 ? 's' : ''} ${tags.map((t) => t.tag).join(', ')} yet: keep a new tag only if others will share it.` +
        (guesses.length > 0 ? ` Did you mean ${guesses.join(', and ')}?` : ''),
    );
  }
  steps.push(
    'Optionally add code: (the official repository), results: (figures the abstract states, each with source: abstract) and notes in the body.',
    'npm run check',
    `npm run build && npm run preview, then open /papers/${paper.id}/ and /topics/${options.topics[0]}/`,
    `Commit ${paper.file} and open a pull request; CONTRIBUTING.md lists what reviewers look for.`,
  );
  const where = [meta.year, meta.arxiv && `arXiv ${meta.arxiv}`, meta.doi && `DOI ${meta.doi}`].filter(Boolean).join(', ');
  // The title, the notes and the issues quote the source, whose control characters would act on the terminal.
  return [
    `Wrote ${paper.file}`,
    `  ${meta.title} (${where})`,
    '',
    'Next:',
    ...steps.map((step, i) => `  ${i + 1}. ${step}`),
  ]
    .map(printable)
    .join('\n');
}

/** One refusal as printed: the problem, then how to fix it, indented; what they quote is made printable. */
export function formatProblem(problem: Problem): string {
  const message = printable(problem.message);
  return problem.fix ? `${message}\n  ${problem.fix.split('\n').map(printable).join('\n  ')}` : message;
}

/** Errors of the source readers that are the input's fault; anything else is a bug to report. */
export function isInputError(error: unknown): error is ArxivError | BibtexError {
  return error instanceof ArxivError || error instanceof BibtexError;
}

/** `YYYY-MM-DD` naming a real day. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}
