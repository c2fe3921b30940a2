/**
 * `npm run new-paper -- <source> --topic <id> [--tag <tag>]...`: writes content/papers/<id>.mdx for
 * one paper, from an arXiv id or URL (asks the arXiv API), a saved arXiv API response (.xml) or a
 * .bib file, then prints the next steps. Refuses, with exit code 1, a paper already in the survey,
 * an unknown topic, an existing file, and any source it cannot read.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fetchArxivResponse, metadataFromArxiv, parseArxivResponse, type Fetch } from '../src/lib/arxiv';
import { parseBibtexEntry } from '../src/lib/bibtex-import';
import {
  buildPaper,
  checkMetadata,
  checkRequest,
  findExisting,
  formatProblem,
  isInputError,
  newTags,
  nextSteps,
  parseNewPaperArgs,
  readExistingPaper,
  sourceKind,
  type PaperMetadata,
  type Problem,
  type SurveyIndex,
} from '../src/lib/new-paper';
import { listEntries, readUtf8 } from '../src/node/content';
import { compilePaper } from '../src/lib/compile';

/** What the command touches besides the disk; tests replace the network and the terminal. */
export interface Io {
  fetch?: Fetch | undefined;
  log: (text: string) => void;
  error: (text: string) => void;
  /** Today, `YYYY-MM-DD`. */
  today: () => string;
  /**
   * The folder the command was run in. npm runs scripts from the project root and says in
   * INIT_CWD where the contributor typed the command, so that is the default.
   */
  cwd?: string | undefined;
}

const defaultIo: Io = {
  log: (text) => console.log(text),
  error: (text) => console.error(text),
  today: () => new Date().toLocaleDateString('sv-SE'),
};

/** Runs the command; returns the exit code. */
export async function run(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  const refuse = (problems: Problem[]) => {
    for (const problem of problems) io.error(`new-paper: ${formatProblem(problem)}`);
    return 1;
  };

  // 1. Read the command line.
  const parsed = parseNewPaperArgs(argv, { cwd: io.cwd ?? (process.env['INIT_CWD'] || process.cwd()), root: process.cwd() });
  if ('help' in parsed) {
    io.log(parsed.help);
    return 0;
  }
  if ('problems' in parsed) return refuse(parsed.problems);
  const { options } = parsed;

  // 2. Read the survey: every topic id, and each paper's arXiv id, DOI, title and tags.
  const topicsDir = join(options.content, 'topics');
  if (!existsSync(topicsDir)) {
    return refuse([{ message: `There is no ${topicsDir} folder here.`, fix: 'Run the command from the root of the survey, or pass --content <dir>.' }]);
  }
  const survey: SurveyIndex = {
    topics: listEntries(topicsDir).map((path) => path.replace(/^.*[\\/]/, '').replace(/\.mdx$/, '')),
    papers: listEntries(join(options.content, 'papers')).flatMap((path) => readExistingPaper(path, readFileSync(path, 'utf8')) ?? []),
  };

  // 3. Refuse early what needs no metadata: unknown topics, malformed tags, an arXiv id already listed.
  const kind = sourceKind(options.source);
  if ('message' in kind) return refuse([kind]);
  const early = [...checkRequest(options, survey), ...(kind.kind === 'arxiv' ? findExisting({ arxiv: kind.id }, survey.papers) : [])];
  if (early.length > 0) return refuse(early);

  // 4. Read the paper's metadata; only a bare arXiv id needs the network.
  let meta: PaperMetadata;
  try {
    if (kind.kind === 'arxiv') {
      // Offline, the same command with a saved file instead of the id, its other options as typed.
      const args = [...options.topics.map((t) => `--topic ${t}`), ...options.tags.map((t) => `--tag ${t}`), ...(options.id ? [`--id ${options.id}`] : [])].join(' ');
      const xml = await fetchArxivResponse(kind.id, { args, ...(io.fetch && { fetch: io.fetch }) });
      meta = metadataFromArxiv(parseArxivResponse(xml, `arXiv's answer for ${kind.id}`));
    } else if (!existsSync(options.sourceFile ?? options.source)) {
      return refuse([{ message: `There is no file ${options.source} (looked for ${options.sourceFile}).`, fix: 'Check the path; a relative path starts from the folder you run the command in.' }]);
    } else {
      const { source: text, issue } = readUtf8(options.sourceFile ?? options.source, options.source);
      if (issue) return refuse([{ message: `${options.source}:${issue.line}:${issue.column}: ${issue.message}`, fix: issue.fix }]);
      meta = kind.kind === 'bib' ? parseBibtexEntry(text, options.source) : metadataFromArxiv(parseArxivResponse(text, options.source));
    }
  } catch (error) {
    if (isInputError(error)) return refuse([{ message: error.message, fix: error.fix }]);
    throw error;
  }

  // 5. Refuse a paper the survey already lists, or metadata the survey cannot use.
  const refusals = [...findExisting(meta, survey.papers), ...checkMetadata(meta, options.source)];
  if (refusals.length > 0) return refuse(refusals);

  // 6. Write the file; the 'wx' flag fails instead of overwriting one that exists.
  const paper = buildPaper(meta, options, options.date ?? io.today(), options.content);
  mkdirSync(dirname(paper.file), { recursive: true });
  try {
    writeFileSync(paper.file, paper.text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return refuse([{ message: `${paper.file} already exists and is another paper.`, fix: `Choose another file name with --id <name>, like --id ${paper.id}-2.` }]);
  }

  // 7. Say where the file is and what to do before opening a pull request, with what the check
  // finds in the text as published (an http:// link or "$5 and $10" in an abstract) besides the
  // tldr still to write.
  const { issues } = await compilePaper(paper.file, paper.text, { base: '/' });
  const found = issues.filter((issue) => !(paper.missing as readonly string[]).some((field) => issue.message.startsWith(field)));
  io.log(nextSteps(paper, meta, options, newTags(options.tags, survey.papers), found));
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await run(process.argv.slice(2));
}
