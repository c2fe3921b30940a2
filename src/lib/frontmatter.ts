import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document } from 'yaml';
import type { Issue } from './issues';

/** Aliases a front-matter block may expand; more is rejected as a possible "billion laughs" bomb. */
const MAX_YAML_ALIASES = 20;

/** A content file cut into its YAML front-matter and its MDX body. */
export interface SplitFile {
  yaml: string;
  /** Line of the file on which the YAML text starts (the line after the opening `---`). */
  yamlLine: number;
  body: string;
  /** Line of the file on which the body starts. */
  bodyLine: number;
}

const FENCE = /^---[ \t]*$/;

/** Cuts `---\n yaml \n---\n body` apart; returns an issue when the fences are missing. */
export function splitFrontmatter(file: string, source: string): SplitFile | Issue {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (/^---[ \t]*\r(?!\n)/.test(lines[0] ?? '')) {
    return {
      file,
      line: 1,
      column: 4,
      rule: 'frontmatter',
      message: 'The lines of the file end with a carriage return alone (the line ends of old Mac editors), so it reads as one line.',
      fix: 'Save the file with Unix (LF) or Windows (CRLF) line ends; most editors offer the choice in their status bar.',
    };
  }
  if (!FENCE.test(lines[0] ?? '')) {
    return {
      file,
      line: 1,
      column: 1,
      rule: 'frontmatter',
      message: 'The file does not start with a front-matter block.',
      fix: 'Put the metadata between two lines of three dashes (---) at the very top of the file.',
    };
  }
  const close = lines.findIndex((line, i) => i > 0 && FENCE.test(line));
  if (close < 0) {
    return {
      file,
      line: 1,
      column: 1,
      rule: 'frontmatter',
      message: 'The front-matter block is never closed.',
      fix: 'End the metadata with a line of three dashes (---).',
    };
  }
  return {
    yaml: lines.slice(1, close).join('\n'),
    yamlLine: 2,
    body: lines.slice(close + 1).join('\n'),
    bodyLine: close + 2,
  };
}

/** Parsed front-matter, with a way to find the line of any field for error messages. */
export interface ParsedYaml {
  data: unknown;
  issues: Issue[];
  /** Position of the value at `path` (or of its nearest existing parent) in the file. */
  locate(path: readonly PropertyKey[]): { line: number; column: number };
  /** Position of the key `key` inside the mapping at `path`. */
  locateKey(path: readonly PropertyKey[], key: string): { line: number; column: number };
  /** Positions of every top-level field and of each item of a top-level list (`topics[1]`). */
  positions(): Positions;
  /** The text of the scalar at `path` as the file writes it (`1.80` for the number 1.8), if it is one. */
  sourceOf(path: readonly PropertyKey[]): string | undefined;
  /** The text of the value at `path` as the file writes it, quotes and escapes included, if it is there. */
  textOf(path: readonly PropertyKey[]): string | undefined;
}

/** Field positions kept with a compiled entry, for rules that run across files. */
export type Positions = Record<string, { line: number; column: number }>;

/** Looks up a field (or one item of a list field) in recorded positions. */
export function positionOf(positions: Positions | undefined, field: string, index?: number) {
  return (
    (index !== undefined ? positions?.[`${field}[${index}]`] : undefined) ??
    positions?.[field] ?? { line: 1, column: 1 }
  );
}

/** Parses front-matter YAML without executing anything: no custom tags, a bounded alias count. */
export function parseFrontmatter(file: string, split: SplitFile): ParsedYaml {
  const counter = new LineCounter();
  const doc = parseDocument(split.yaml, {
    lineCounter: counter,
    prettyErrors: false,
    uniqueKeys: true,
    schema: 'core',
  });
  const offsetLine = split.yamlLine - 1;
  const at = (offset: number) => {
    const pos = counter.linePos(offset);
    return { line: Math.max(pos.line, 1) + offsetLine, column: Math.max(pos.col, 1) };
  };
  const issues: Issue[] = [];
  // One mistake, such as a line indented by one space too few, makes the YAML parser report two or
  // three errors on that line; the first says the most.
  const lines = new Set<number>();
  for (const error of [...doc.errors, ...doc.warnings]) {
    // A quote never closed runs to the end of the front-matter, where YAML notices it; the reader
    // is sent to the quote that opened it instead.
    const unclosed = error.code === 'MISSING_CHAR' && /closing .?quote/i.test(error.message) ? unclosedQuote(doc, error.pos[0]) : undefined;
    const where = at(unclosed?.start ?? error.pos[0]);
    if (lines.has(where.line)) continue;
    lines.add(where.line);
    if (unclosed) {
      const quote = unclosed.double ? 'double' : 'single';
      issues.push({
        file,
        ...where,
        rule: 'yaml',
        message: `The front-matter is not valid YAML: ${unclosed.key ? `a value of "${unclosed.key}"` : 'a value'} opens a ${quote} quote that is never closed, so YAML reads every line after it as part of that value.`,
        fix: `End the value with ${unclosed.double ? '"' : "'"}, or remove the opening quote.`,
      });
      continue;
    }
    // What the line holds from where the error is: the key a duplicate is, or the value ": " is in.
    const rest = split.yaml.slice(error.pos[0]).split('\n')[0]!;
    issues.push({ file, ...where, rule: 'yaml', ...yamlProblem(error.code, firstLine(error.message), rest) });
  }
  // A tag the core schema does not resolve is an error above; one it does (`!!binary`, `!!set`,
  // `!!timestamp`) makes a value of a type no field has, which the schema would call "a mapping".
  if (issues.length === 0) {
    visit(doc, {
      Node(_, node) {
        if (node.tag && !CORE_TAGS.has(node.tag) && node.range) issues.push({ file, ...at(node.range[0]), rule: 'yaml', ...tagProblem(node.tag) });
      },
    });
  }
  let data: unknown = undefined;
  if (issues.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (error) {
      issues.push({
        file,
        line: split.yamlLine,
        column: 1,
        rule: 'yaml-alias',
        message: `The front-matter expands YAML aliases too far (${firstLine(String(error))}).`,
        fix: `Write the values out instead of using anchors and aliases (at most ${MAX_YAML_ALIASES}).`,
      });
    }
  }
  const locate = (path: readonly PropertyKey[]) => {
    for (let n = path.length; n >= 0; n--) {
      const node = getNode(doc, path.slice(0, n));
      if (node?.range) return at(node.range[0]);
    }
    return { line: split.yamlLine, column: 1 };
  };
  const locateKey = (path: readonly PropertyKey[], key: string) => {
    const parent = path.length ? getNode(doc, path) : doc.contents;
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (pair && isScalar(pair.key) && pair.key.range) return at(pair.key.range[0]);
    }
    return locate(path);
  };
  const positions = () => {
    const out: Positions = {};
    if (!isMap(doc.contents)) return out;
    for (const pair of doc.contents.items) {
      if (!isScalar(pair.key) || !pair.key.range) continue;
      const name = String(pair.key.value);
      out[name] = at(pair.key.range[0]);
      if (isSeq(pair.value)) {
        pair.value.items.forEach((item, i) => {
          const range = (item as { range?: [number, number, number] }).range;
          if (range) out[`${name}[${i}]`] = at(range[0]);
        });
      }
    }
    return out;
  };
  const sourceOf = (path: readonly PropertyKey[]) => {
    const node = getNode(doc, path);
    return isScalar(node) && typeof node.source === 'string' ? node.source : undefined;
  };
  const textOf = (path: readonly PropertyKey[]) => {
    const range = getNode(doc, path)?.range;
    return range ? split.yaml.slice(range[0], range[1]) : undefined;
  };
  return { data, issues, locate, locateKey, positions, sourceOf, textOf };
}

function getNode(doc: Document, path: readonly PropertyKey[]) {
  const node = path.length === 0 ? doc.contents : doc.getIn(path as unknown[], true);
  return node && typeof node === 'object' && 'range' in node
    ? (node as { range?: [number, number, number] })
    : undefined;
}

/** The quoted value that runs, unclosed, up to `offset`: where it starts, the field it is in, and its quote. */
function unclosedQuote(doc: Document, offset: number): { start: number; key: string | undefined; double: boolean } | undefined {
  let found: { start: number; key: string | undefined; double: boolean } | undefined;
  visit(doc, {
    Scalar(_, node, path) {
      if (found || !node.range || (node.type !== 'QUOTE_DOUBLE' && node.type !== 'QUOTE_SINGLE')) return;
      if (node.range[0] >= offset || node.range[1] < offset) return;
      const pair = path.findLast((ancestor) => isPair(ancestor));
      const key = pair && isPair(pair) && isScalar(pair.key) && pair.key !== node ? String(pair.key.value) : undefined;
      found = { start: node.range[0], key, double: node.type === 'QUOTE_DOUBLE' };
    },
  });
  return found;
}

/** The tags of YAML's core schema: text, numbers, true and false, null, lists and mappings, as written without a tag. */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`));

/** The message and fix for a value with a YAML tag (`!!binary`, `!custom`). */
function tagProblem(tag: string): { message: string; fix: string } {
  return {
    message: `The front-matter gives a value the YAML tag ${tag.replace(/^tag:yaml\.org,2002:/, '!!')}: tags are not allowed, since they make YAML build something other than text, a number or a list.`,
    fix: 'Remove the tag and write the value as text, in double quotes if it starts with "!".',
  };
}

/** What a contributor is told about a YAML error: its cause in their terms where it is a common one. */
function yamlProblem(code: string, parserMessage: string, rest: string): { message: string; fix: string } {
  const message = `The front-matter is not valid YAML: ${parserMessage}`;
  const key = /^(["'])(.*?)\1/.exec(rest)?.[2] ?? /^[^\s:]+/.exec(rest)?.[0] ?? '';
  // A line indented too far is read as more of the value above it: the same error, without ": " in that value.
  const colonInValue = /:(\s|$)/.test(rest);
  switch (code === 'BLOCK_AS_IMPLICIT_KEY' && !colonInValue ? '' : code) {
    case 'TAG_RESOLVE_FAILED':
      return tagProblem(/Unresolved tag: (\S+)/.exec(parserMessage)?.[1] ?? rest.split(/\s/)[0]!);
    case 'TAB_AS_INDENT':
      return { message, fix: 'Indent with spaces: YAML does not allow tabs.' };
    case 'BAD_DQ_ESCAPE':
      return { message, fix: 'In double quotes a backslash starts an escape: write it twice ("\\\\$5" for \\$5), or put the value in single quotes.' };
    case 'DUPLICATE_KEY':
      return { message: `The front-matter has a second ${key ? `"${key}"` : 'field of this name'}; a field can appear only once.`, fix: 'Keep one of them, with the right value.' };
    case 'BLOCK_AS_IMPLICIT_KEY':
      return { message: 'The front-matter is not valid YAML: a value contains ": ", which YAML reads as the start of another field.', fix: 'Put the value in double quotes.' };
    default:
      return { message, fix: 'Check indentation, and quote values that contain ": " or start with a special character.' };
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
