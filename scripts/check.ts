/**
 * `npm run check [-- <path>...] [--json]`: validates every paper and topic under content/ without
 * executing any of it, and prints every problem, one per line. Given files or folders under content/,
 * it still checks the whole survey (some rules compare files) but prints only their problems.
 * `--json` prints them as JSON; with `CI` set, problems are also printed as GitHub annotations.
 * Hints (a tag that may be misspelt) follow the problems and never change the exit code.
 * Exit code 1 when there is any problem, 2 when the command line is wrong.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatGithubAnnotation, formatIssue, issuesIn, printable, summarizeChecked, summarizeIssues } from '../src/lib/issues';
import { count } from '../src/lib/plural';
import { tagHints } from '../src/lib/validate';
import { cacheDirOf, contentRole, loadSurvey, locateInSurvey, normalizeBase } from '../src/node/content';

const USAGE = `Usage: npm run check [-- <path>...] [--json]

  <path>   a file or folder under content/ (content/papers/var.mdx): the whole survey is checked,
           and only the problems of these files are printed; or the folder of another survey
  --json   print the problems as JSON
  --help   print this help`;

/** Runs the check; returns the exit code. */
async function run(argv: string[]): Promise<number> {
  const refuse = (message: string, fix: string) => {
    console.error(`check: ${printable(message)}\n  ${fix.split('\n').map(printable).join('\n  ')}`);
    return 2;
  };

  // 1. Read the command line.
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    return refuse(`${(error as Error).message.split('. ')[0]!}.`, 'The options are --json and --help; npm run check -- --help explains them.');
  }
  if (parsed.values.help) {
    console.log(USAGE);
    return 0;
  }

  // 2. Find the survey and the files to report on. npm runs scripts from the project root, and
  // says in INIT_CWD where the contributor typed the command: relative paths start there.
  const located = locateTargets(parsed.positionals, process.env['INIT_CWD'] || process.cwd());
  if ('message' in located) return refuse(located.message, located.fix);
  const { root, scope } = located;

  // 3. Check and render everything, exactly as the build does (base does not change any rule). In
  // an installed project, with the build's compile cache and its base (BASE_PATH, as in
  // astro.config.mjs), so only what changed since the last build, check or dev server is compiled.
  const cacheDir = existsSync(join(root, 'node_modules')) ? cacheDirOf(root) : undefined;
  const { papers, topics, issues: all } = await loadSurvey({ root, base: normalizeBase(process.env['BASE_PATH']), cacheDir });
  const issues = scope ? issuesIn(all, scope) : all;
  // Hints (a tag that may be misspelt) are printed after the problems and never fail the check.
  const hints = scope ? issuesIn(tagHints(papers), scope) : tagHints(papers);

  // 4. Report: JSON for machines, one line per problem for people, annotations for pull requests.
  if (parsed.values.json) {
    console.log(JSON.stringify({ papers: papers.length, topics: topics.length, ...(scope && { checked: scope }), issues, hints }, null, 2));
  } else {
    for (const issue of issues) console.log(formatIssue(issue));
    if (hints.length > 0) {
      console.log(hints.length === 1 ? 'A hint, which does not fail the check:' : 'Hints, which do not fail the check:');
      for (const hint of hints) console.log(formatIssue(hint));
    }
    if (process.env['CI']) {
      for (const issue of issues) console.log(formatGithubAnnotation(issue));
      for (const hint of hints) console.log(formatGithubAnnotation(hint, 'warning'));
    }
    if (!scope) console.log(`Checked ${count(papers.length, 'paper')} and ${count(topics.length, 'topic')}. ${summarizeIssues(issues)}`);
    else {
      const others = all.length - issues.length;
      const rest = others > 0 ? ` Other files have ${count(others, 'problem')}: run npm run check without a path to see them.` : '';
      console.log(`${summarizeChecked(scope, issues)}${rest}`);
    }
  }
  return issues.length > 0 ? 1 : 0;
}

/**
 * The survey to check (`root`) and, when the paths name files or folders in its content/, those
 * (`scope`, from the root, a folder's ending in `/`); or why the paths cannot be checked.
 */
function locateTargets(args: readonly string[], here: string): { root: string; scope: string[] | undefined } | { message: string; fix: string } {
  const targets = [];
  for (const arg of args) {
    const path = resolve(here, arg);
    if (!existsSync(path)) {
      return { message: `There is no file or folder ${arg} (looked for ${path}).`, fix: 'Check the path: a relative path starts from the folder you run the command in.' };
    }
    const found = locateInSurvey(path);
    if (!found) {
      return {
        message: `${arg} is neither a survey (a folder holding content/) nor a file or folder in one's content/.`,
        fix: 'Give a file or folder under content/, like content/papers/var.mdx, or nothing to check the whole survey.',
      };
    }
    const role = found.file && !found.file.endsWith('/') ? contentRole(found.file) : undefined;
    if (role?.role === 'skipped') {
      return role.reason === 'draft'
        ? { message: `${found.file} is a draft (its name starts with _), which the check and the build skip.`, fix: `Rename it to ${found.file!.replace(/_+([^/]*)$/, '$1')} to check it.` }
        : { message: `${found.file} is a hidden file, which the check and the build skip.`, fix: 'Give a paper or topic file.' };
    }
    targets.push(found);
  }
  if (new Set(targets.map((t) => t.root)).size > 1 || (targets.length > 1 && targets.some((t) => t.file === undefined))) {
    return { message: `${args.join(', ')} are not all in one survey's content/ folder.`, fix: 'Check one survey at a time.' };
  }
  const files = targets.flatMap((t) => t.file ?? []);
  return { root: targets[0]?.root ?? resolve('.'), scope: files.length > 0 ? [...new Set(files)] : undefined };
}

process.exitCode = await run(process.argv.slice(2));
