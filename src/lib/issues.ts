import { count } from './plural';
import { compareText } from './collate';

/** One problem found in a content file, pointing at the line and column to fix. */
export interface Issue {
  /** Path of the file, relative to the project root: `content/papers/var.mdx`. */
  file: string;
  /** 1-based line; 1 when the problem concerns the whole file. */
  line: number;
  /** 1-based column. */
  column: number;
  /** Stable identifier of the rule, e.g. `schema`, `unknown-topic`, `mdx-esm`. */
  rule: string;
  /** What is wrong, as a full sentence. */
  message: string;
  /** How to fix it, as a full sentence. */
  fix?: string;
}

/** Orders issues by file, then position, then rule, so every run prints the same list. */
export function sortIssues(issues: readonly Issue[]): Issue[] {
  return [...issues].sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compareText(a.rule, b.rule) ||
      compareText(a.message, b.message),
  );
}

/**
 * Characters a terminal or a CI log would act on instead of showing: C0 and C1 controls (ESC starts
 * commands that retitle the window or clear the screen; a line break starts a line, which GitHub's
 * runner reads as a workflow command when it begins with `::`), and those that move or reorder the
 * text around them (line and paragraph separators, bidirectional controls).
 */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with each character a terminal would act on shown as `\xNN` (C0, C1) or `U+NNNN`: file
 * names, messages and fixes quote content, which a stranger's pull request may fill with them.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `U+${code.toString(16).toUpperCase()}`;
  });
}

/** `path:line:column  rule  message  (fix)`: the one-line form printed by `npm run check`. */
export function formatIssue(issue: Issue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  const fix = issue.fix ? `  (${issue.fix})` : '';
  return printable(`${where}  ${issue.rule}  ${issue.message}${fix}`);
}

/**
 * A GitHub Actions workflow command that annotates the line in the pull request; a hint is a warning.
 * Its properties and its message are escaped as GitHub's runner reads them
 * (https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts): a file name holding
 * `,title=` or a line break could otherwise add properties or commands of its own.
 */
export function formatGithubAnnotation(issue: Issue, level: 'error' | 'warning' = 'error'): string {
  const data = (s: string) => printable(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
  const property = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const props = `file=${property(issue.file)},line=${issue.line},col=${issue.column},title=${property(issue.rule)}`;
  const text = issue.fix ? `${issue.message} ${issue.fix}` : issue.message;
  return `::${level} ${props}::${data(text)}`;
}

/** Summary line printed after the list, e.g. `3 problems in 2 files.` */
export function summarizeIssues(issues: readonly Issue[]): string {
  if (issues.length === 0) return 'No problems found.';
  const files = new Set(issues.map((i) => i.file)).size;
  return `${count(issues.length, 'problem')} in ${count(files, 'file')}.`;
}

/**
 * Keeps the issues of some files and folders, given as paths from the project root; a folder's
 * path ends with `/` (`content/papers/`) and keeps the issues of every file under it.
 */
export function issuesIn(issues: readonly Issue[], paths: readonly string[]): Issue[] {
  return issues.filter((issue) => paths.some((path) => issue.file === path || (path.endsWith('/') && issue.file.startsWith(path))));
}

/** Summary line of a check of some files or folders, e.g. `Checked content/papers/t1.mdx: 7 problems.` */
export function summarizeChecked(paths: readonly string[], issues: readonly Issue[]): string {
  const names = printable(paths.length === 1 ? paths[0]! : `${paths.slice(0, -1).join(', ')} and ${paths.at(-1)!}`);
  if (issues.length === 0) return `Checked ${names}: no problems found.`;
  if (paths.length === 1 && issues.every((issue) => issue.file === paths[0])) {
    return `Checked ${names}: ${count(issues.length, 'problem')}.`;
  }
  return `Checked ${names}: ${summarizeIssues(issues)}`;
}
