import type { z } from 'astro/zod';
import { distance } from 'fastest-levenshtein';
import { PaperSchema, KEBAB, MAX_ID_LENGTH, idProblem, shortenId, type PaperData, type Result } from '../schemas/paper';
import { TopicSchema, type TopicData } from '../schemas/topic';
import { parseFrontmatter, splitFrontmatter, type ParsedYaml, type Positions } from './frontmatter';
import type { Issue } from './issues';
import { checkContentUrl, checkMdxTree, type InternalLink } from './mdx';
import { arxivYear, idFromPath, slugify } from './normalize';
import { stemmedTerms } from './search-terms';
import { checkMath, dollarAmounts, isStackOverflow, MAX_DEPTH, parseMdx, plainText, renderMdx, renderText, tooDeep, type RenderOptions } from './render';
import { renderTitle } from './title';

/** A content file after checking and rendering; `data` is undefined when the front-matter is invalid. */
interface Compiled<Data> {
  id: string;
  file: string;
  data: Data | undefined;
  /** The rendered MDX body. */
  html: string;
  /** The body's words as plain text, without math, for the offline search index. */
  text: string;
  /** Survey pages the body links to, checked later against the whole survey. */
  links: InternalLink[];
  /** Where each front-matter field is, for rules that look across files. */
  positions: Positions;
  /**
   * When the front-matter fails its schema, the fields that pass their own rules: the other rules
   * still run on them, so one run reports every problem, not the schema's alone.
   */
  fields?: Partial<Data> | undefined;
  issues: Issue[];
}

/** A paper file after checking and rendering. */
export interface CompiledPaper extends Compiled<PaperData> {
  kind: 'paper';
  abstractHtml: string;
  tldrHtml: string;
  /** The abstract as plain text, its formulas as their MathML characters (`plainText`). */
  abstractText: string;
  /** Abstract and notes as stemmed search terms, for the offline edition's index. */
  terms: string;
}

/** A topic file after checking and rendering. */
export interface CompiledTopic extends Compiled<TopicData> {
  kind: 'topic';
}

/**
 * Checks and renders `content/papers/<id>.mdx`. Never executes anything from the file. An error
 * while doing so is an issue on the file (`internal-error`), not an exception.
 */
export async function compilePaper(file: string, source: string, options: RenderOptions): Promise<CompiledPaper> {
  return withErrorsAsIssues(file, () => checkPaper(file, source, options), (issue) => ({
    kind: 'paper',
    ...failedEntry(file, issue),
    abstractHtml: '',
    tldrHtml: '',
    abstractText: '',
    terms: '',
  }));
}

/** Checks and renders `content/topics/<id>.mdx`, as `compilePaper` does a paper. */
export async function compileTopic(file: string, source: string, options: RenderOptions): Promise<CompiledTopic> {
  return withErrorsAsIssues(file, () => checkTopic(file, source, options), (issue) => ({ kind: 'topic', ...failedEntry(file, issue) }));
}

/**
 * `compile()`, or when it throws, `failed()` with an issue naming the file and the error: a bug of
 * the check, or an input no rule foresaw, is then reported on the file it came from, and the other
 * files are still checked, where it stopped the whole check without naming any file.
 */
async function withErrorsAsIssues<T>(file: string, compile: () => Promise<T>, failed: (issue: Issue) => T): Promise<T> {
  try {
    return await compile();
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
    return failed({
      file,
      line: 1,
      column: 1,
      rule: 'internal-error',
      message: `The check failed on this file with an error it did not expect (${reason}).`,
      fix: 'Look for what is unusual in the file, such as text nested very deep or a very long line; if nothing is, report the error and the file to the maintainers.',
    });
  }
}

/** A compiled entry with nothing in it but `issue`. */
function failedEntry(file: string, issue: Issue) {
  return { id: idFromPath(file), file, data: undefined, html: '', text: '', links: [], positions: {}, issues: [issue] };
}

async function checkPaper(file: string, source: string, options: RenderOptions): Promise<CompiledPaper> {
  const entry = await compileEntry(file, source, PaperSchema, { ...options, headingOffset: 1 });
  const paper: CompiledPaper & { yaml?: ParsedYaml | undefined } = { kind: 'paper', ...entry, abstractHtml: '', tldrHtml: '', abstractText: '', terms: '' };
  const { data, yaml } = entry;
  if (!yaml) return strip(paper);
  const raw = (data ?? yaml.data ?? {}) as Record<string, unknown>;
  const controls = controlCharacters(paperTexts(raw));
  paper.issues.push(...controls.map((control) => controlIssue(file, yaml, control)));
  for (const [field, inline] of [['abstract', false], ['tldr', true]] as const) {
    const text = raw[field];
    if (typeof text !== 'string') continue;
    const rendered = renderText(text, { ...options, inline, idPrefix: `${field}-` });
    paper[field === 'abstract' ? 'abstractHtml' : 'tldrHtml'] = rendered.html;
    if (rendered.deep) paper.issues.push({ file, ...yaml.locate([field]), ...tooDeepIssue(field) });
    const block = inline ? notOneParagraph(rendered.blocks) : undefined;
    if (block) {
      paper.issues.push({
        file,
        ...yaml.locate([field]),
        rule: 'schema',
        message: `${field}: Markdown reads this as ${block}, which the page cannot show as one sentence.`,
        fix: 'Write one sentence with no blank line in it, and start it with none of #, -, +, >, or a number followed by "." or ")" (write \\# or 1\\. for the character).',
      });
    }
    if (field === 'abstract') paper.abstractText = rendered.text;
    for (const url of rendered.urls) {
      const verdict = checkContentUrl(url.url, url.what);
      if (verdict.kind === 'ok') continue;
      const position = locateUrl(source, yaml.locate([field]), url.url);
      if (verdict.kind === 'internal') paper.links.push({ ...verdict.link, ...position });
      else paper.issues.push({ file, ...position, rule: verdict.rule, message: `${field}: ${verdict.message}`, fix: verdict.fix });
    }
    // What YAML made of a backslash (reported above) would be reported again as math.
    if (controls.some((c) => c.field === field)) continue;
    for (const amount of rendered.dollars) {
      paper.issues.push({ file, ...locateText(source, yaml.locate([field]), amount.message.slice(0, 12)), ...dollarIssue(amount.message, field) });
    }
    for (const problem of rendered.math) {
      paper.issues.push({
        file,
        ...locateMath(source, yaml.locate([field]), problem.message),
        rule: 'math',
        message: `${field}: KaTeX cannot render this math: ${problem.message}.`,
        fix: 'Correct the TeX; write a literal dollar sign as \\$.',
      });
    }
  }
  // A title reported above would have its math reported as what YAML made of it.
  if (typeof raw['title'] === 'string' && !controls.some((c) => c.field === 'title')) {
    for (const problem of renderTitle(raw['title']).math) {
      const tex = raw['title'].slice(problem.column - 1).match(/^\$([^$]*)/)?.[0] ?? '';
      paper.issues.push({
        file,
        // On the title's own line: a later line (the abstract's) may hold the same formula.
        ...locateText(source, yaml.locate(['title']), tex.slice(0, 12) || raw['title'], 1),
        rule: 'math',
        message: `title: KaTeX cannot render this math: ${problem.message}.`,
        fix: 'Correct the TeX; write a literal dollar sign as \\$.',
      });
    }
  }
  if (data) data.results = data.results.map((result, i) => withShownValue(result, yaml.sourceOf(['results', i, 'value'])));
  const fields = data ?? entry.fields;
  if (fields) paper.issues.push(...checkPaperConsistency(file, fields, yaml));
  paper.terms = stemmedTerms(`${paper.abstractText} ${paper.text}`.trim());
  return strip(paper);
}

async function checkTopic(file: string, source: string, options: RenderOptions): Promise<CompiledTopic> {
  const entry = await compileEntry(file, source, TopicSchema, options);
  const { yaml } = entry;
  if (yaml) {
    const raw = (entry.data ?? yaml.data ?? {}) as Record<string, unknown>;
    entry.issues.push(...controlCharacters(topicTexts(raw)).map((control) => controlIssue(file, yaml, control)));
  }
  return strip({ kind: 'topic' as const, ...entry });
}

function strip<T extends object>(entry: T & { yaml?: unknown }): Omit<T, 'yaml'> {
  const { yaml: _yaml, ...rest } = entry;
  return rest;
}

async function compileEntry<S extends z.ZodType>(
  file: string,
  source: string,
  schema: S,
  options: RenderOptions,
) {
  const id = idFromPath(file);
  const issues: Issue[] = [];
  const result = { id, file, data: undefined as z.output<S> | undefined, fields: undefined as Partial<z.output<S>> | undefined, html: '', text: '', links: [] as InternalLink[], positions: {} as Positions, issues, yaml: undefined as ParsedYaml | undefined };
  if (!KEBAB.test(id)) {
    issues.push({
      file,
      line: 1,
      column: 1,
      rule: 'file-name',
      message: `The file name "${id}" is not a valid id; it becomes the page's URL.`,
      fix: `Rename it in lowercase kebab-case: ${shortenId(slugify(id)) || 'flow-ar'}.mdx.`,
    });
  } else if (idProblem(id)) {
    issues.push({
      file,
      line: 1,
      column: 1,
      rule: 'file-name',
      message: `The file name "${id}" ${idProblem(id)}; it becomes the page's URL and the names of its files.`,
      fix: id.length > MAX_ID_LENGTH ? `Rename it to a shorter id, like ${shortenId(id)}.mdx.` : `Rename it to a longer id, like ${id}-${file.includes('/topics/') ? 'topic' : 'paper'}.mdx.`,
    });
  }
  const split = splitFrontmatter(file, source);
  if ('rule' in split) {
    issues.push(split);
    return result;
  }
  const yaml = parseFrontmatter(file, split);
  issues.push(...yaml.issues);
  result.positions = yaml.positions();
  if (yaml.issues.length === 0) {
    const parsed = schema.safeParse(yaml.data ?? {}, { reportInput: true });
    result.yaml = yaml;
    if (parsed.success) {
      result.data = parsed.data;
    } else {
      // A missing field whose commented placeholder is there (`npm run new-paper` writes one for the
      // tldr) is reported on the placeholder, where it is to be written.
      const lines = source.split('\n').slice(0, split.bodyLine - 1);
      const placeholder = (key: string) => lines.findIndex((line) => line.startsWith(`# ${key}:`)) + 1;
      issues.push(
        ...parsed.error.issues.flatMap((issue) => schemaIssues(file, issue, yaml, schema)).map((found) => {
          const key = / is missing\.$/.test(found.message) ? found.message.slice(0, -' is missing.'.length) : '';
          const line = key && !key.includes('.') ? placeholder(key) : 0;
          return line ? { ...found, line, column: 1 } : found;
        }),
      );
      result.fields = validFields(schema, yaml.data) as Partial<z.output<S>>;
    }
  }

  let tree;
  try {
    tree = parseMdx(split.body);
  } catch (error) {
    if (isStackOverflow(error)) {
      issues.push({ file, line: split.bodyLine, column: 1, ...tooDeepIssue('The body') });
      return result;
    }
    const e = error as { line?: number; column?: number; reason?: string; message: string };
    // "Expected a closing tag for `<mark>` (3:7-3:13) before the end of `paragraph`" is placed at the
    // paragraph's start, and its own position counts the body's lines: point at the element, in the file.
    const toFile = (line: number) => line + split.bodyLine - 1;
    const element = /\((\d+):(\d+)-\d+:\d+\)/.exec(e.reason ?? e.message);
    const reason = (e.reason ?? e.message).replace(/ \((\d+):(\d+)-\d+:\d+\)/, (_, line: string, column: string) => ` (line ${toFile(Number(line))}, column ${column})`);
    issues.push({
      file,
      line: toFile(element ? Number(element[1]) : (e.line ?? 1)),
      column: element ? Number(element[2]) : (e.column ?? 1),
      rule: 'mdx-syntax',
      message: `The body is not valid MDX: ${reason}.`,
      fix: mdxSyntaxFix(reason),
    });
    return result;
  }
  const locate = (node: { position?: { start: { line: number; column: number } } | undefined }) => ({
    line: (node.position?.start.line ?? 1) + split.bodyLine - 1,
    column: node.position?.start.column ?? 1,
  });
  // Every walk below recurses: a tree too deep for them is refused before any of them runs.
  const deep = tooDeep(tree);
  if (deep) {
    issues.push({ file, ...locate(deep), ...tooDeepIssue('The body') });
    return result;
  }
  for (const amount of dollarAmounts(tree, split.body)) {
    issues.push({ file, line: amount.line + split.bodyLine - 1, column: amount.column, ...dollarIssue(amount.message) });
  }
  const safety = checkMdxTree(file, tree, locate);
  issues.push(...safety.issues);
  result.links = safety.links;
  // An unsafe body is never rendered; its math is still checked, so one run reports everything.
  let math;
  if (safety.issues.length > 0) {
    math = checkMath(tree);
  } else {
    result.text = plainText(tree);
    const rendered = renderMdx(tree, options);
    result.html = rendered.html;
    math = rendered.math;
  }
  for (const problem of math) {
    issues.push({
      file,
      line: problem.line + split.bodyLine - 1,
      column: problem.column,
      rule: 'math',
      message: `KaTeX cannot render this math: ${problem.message}.`,
      fix: 'Correct the TeX; write a literal dollar sign as \\$.',
    });
  }
  return result;
}

/** The `too-deep` rule's message and fix for `what`: `The body`, `abstract`. */
function tooDeepIssue(what: string) {
  return {
    rule: 'too-deep',
    message: `${what}${what === 'The body' ? '' : ':'} nests Markdown more than ${MAX_DEPTH} levels deep (quotations, lists or elements one inside another), which no page can show and the check cannot read.`,
    fix: 'Nest quotations, lists and elements a few levels at most: each ">" that starts a line, and each list indented under another, is one level more.',
  };
}

/** Turns one zod issue into messages that name the field, its line, and the fix. */
function schemaIssues(file: string, issue: z.core.$ZodIssue, yaml: ParsedYaml, schema: z.ZodType): Issue[] {
  const field = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys(shapeAt(schema, issue.path));
    return issue.keys.map((key) => {
      const guess = known.find((k) => distance(k, key) <= 2);
      return {
        file,
        ...yaml.locateKey(issue.path, key),
        rule: 'schema',
        message: `${field ? `${field}.` : ''}${key}: unknown field.`,
        fix: guess ? `Did you mean "${guess}"?` : `Use only: ${known.join(', ')}.`,
      };
    });
  }
  const position = yaml.locate(issue.path);
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return [
      {
        file,
        ...position,
        rule: 'schema',
        message: `${field} is missing.`,
        fix: `Add "${String(issue.path.at(-1))}:" to the front-matter; see CONTRIBUTING.md for its format.`,
      },
    ];
  }
  // `title:` with nothing after it is YAML's null: say the field is empty, not that it wants quotes.
  if ((issue.code === 'too_small' && issue.origin === 'string' && issue.minimum === 1) || (issue.code === 'invalid_type' && issue.input === null && field)) {
    return [{ file, ...position, rule: 'schema', message: `${field} is empty.`, fix: 'Write a value, or remove the line if the field is optional.' }];
  }
  // YAML reads .inf and .nan as numbers, which zod refuses as it would text.
  if (issue.code === 'invalid_type' && issue.expected === 'number' && typeof issue.input === 'number' && !Number.isFinite(issue.input)) {
    return [{ file, ...position, rule: 'schema', message: `${field}: must be a finite number, but YAML reads ${yaml.sourceOf(issue.path) ?? String(issue.input)} as ${Number.isNaN(issue.input) ? '"not a number"' : 'infinity'}.`, fix: fixFor(issue) }];
  }
  // The whole front-matter is a list or a string (`- title: ...`, a pasted paragraph), not fields.
  if (issue.code === 'invalid_type' && issue.path.length === 0) {
    return [
      {
        file,
        ...position,
        rule: 'schema',
        message: `The front-matter must be fields, one "name: value" a line, but it is ${describe(issue.input).replace(/^(?=string)/, 'the ')}.`,
        fix: 'Write each field at the start of its line, as in title: "...", without a leading "- "; see the front-matter reference in CONTRIBUTING.md.',
      },
    ];
  }
  const message = issue.message.startsWith('Invalid input')
    ? `expected ${issue.code === 'invalid_type' ? issue.expected : 'another value'}, found ${describe(issue.input)}.`
    : issue.message;
  return [{ file, ...position, rule: 'schema', message: `${field}: ${message}`, fix: fixFor(issue) }];
}

/** The fields an object of `schema` may have at `path` (`['results', 2]`: those of a result). */
function shapeAt(schema: z.ZodType, path: readonly PropertyKey[]): Record<string, unknown> {
  type Def = { type: string; innerType?: Node; in?: Node; element?: Node; shape?: Record<string, Node> };
  type Node = { def: Def };
  // Optional, default, nullable and pipe wrap the schema that has the fields.
  const unwrap = (node: Node | undefined): Node | undefined => {
    let current = node;
    while (current && (current.def.innerType || current.def.type === 'pipe')) current = current.def.innerType ?? current.def.in;
    return current;
  };
  let current = unwrap(schema as unknown as Node);
  for (const part of path) current = unwrap(typeof part === 'number' ? current?.def.element : ownField(current?.def.shape, String(part)));
  return current?.def.shape ?? {};
}

/**
 * The field `key` of a shape, if the shape has it: a shape is a plain object, whose inherited
 * `constructor` or `toString` a front-matter key of that name must not find.
 */
function ownField<T>(shape: Record<string, T> | undefined, key: string): T | undefined {
  return shape && Object.hasOwn(shape, key) ? shape[key] : undefined;
}

function fixFor(issue: z.core.$ZodIssue): string {
  // A rule of the schema that knows the fix says it (`params: { fix }`).
  if (issue.code === 'custom' && typeof issue.params?.['fix'] === 'string') return issue.params['fix'];
  if (issue.path.at(-1) === 'tldr' && issue.code === 'too_big') return 'Shorten it to one sentence of what the paper does; the notes below the front-matter can say more.';
  if (issue.path.at(-1) === 'doi' && issue.code === 'invalid_format') return 'Keep only the DOI itself, from "10." on: 10.1162/neco_a_01228, not https://doi.org/10.1162/neco_a_01228.';
  if (issue.path.at(-1) === 'year' && issue.code === 'too_small') return 'Write all four digits of the year: 2024, not 24.';
  if (issue.path.at(-1) === 'year' && issue.code === 'too_big') return 'Write the year the paper was published, like 2024.';
  if (issue.code === 'invalid_type' && issue.expected === 'array') return 'Write a YAML list: [a, b] or one "- item" per line.';
  if (issue.code === 'invalid_type' && issue.expected === 'string') return 'Put the value in double quotes.';
  if (issue.code === 'invalid_type' && issue.expected === 'boolean') return 'Write true or false, without quotes.';
  if (issue.code === 'invalid_type' && issue.expected === 'number') {
    const field = issue.path.at(-1);
    if (field === 'year') return 'Write the year as a whole number without quotes, like 2024.';
    if (field === 'order') return 'Write a whole number without quotes, like 3.';
    return 'Write a number without quotes or units, like 2.13.';
  }
  return 'See the front-matter reference in CONTRIBUTING.md.';
}

function describe(input: unknown): string {
  if (input === null) return 'nothing (null)';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  return `${typeof input === 'number' ? 'the number' : typeof input} ${JSON.stringify(input)}`;
}

/** `['results', 0, 'value']` → `results[0].value`. */
function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`))
    .join('');
}

/** The schema of a list's items, under its optional and default wrappers; undefined for a non-list. */
function listItem(schema: z.ZodType): z.ZodType | undefined {
  type Node = { def: { type: string; innerType?: Node; element?: Node } };
  let current: Node | undefined = schema as unknown as Node;
  while (current?.def.innerType) current = current.def.innerType;
  return current?.def.type === 'array' ? (current.def.element as unknown as z.ZodType) : undefined;
}

/** The fields of a front-matter that pass their own schema, each on its own. */
function validFields(schema: z.ZodType, data: unknown): Record<string, unknown> {
  const shape = shapeAt(schema, []) as Record<string, z.ZodType>;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data && typeof data === 'object' ? data : {})) {
    const field = ownField(shape, key);
    const parsed = field?.safeParse(value);
    if (parsed?.success) fields[key] = parsed.data;
    // Of a list, the items that pass: `topics: [Bad_Topic, nlp]` is still checked for "nlp".
    else if (Array.isArray(value) && field) {
      const item = listItem(field);
      if (item) fields[key] = value.flatMap((v) => (item.safeParse(v).success ? [item.parse(v)] : []));
    }
  }
  return fields;
}

/**
 * A result keeps its value as the file writes it when the number would print otherwise: `1.80` is
 * a figure stated to two decimals, and reads as 1.8 once YAML has made it a number.
 */
function withShownValue(result: Result, source: string | undefined): Result {
  const written = source?.replace(/^\+/, '');
  if (!written || !/^-?(?:\d+\.?\d*|\.\d+)$/.test(written) || Number(written) !== result.value || written === String(result.value)) return result;
  return { ...result, shown: written };
}

function checkPaperConsistency(file: string, data: Partial<PaperData>, yaml: ParsedYaml): Issue[] {
  const issues: Issue[] = [];
  const submitted = data.arxiv ? arxivYear(data.arxiv) : undefined;
  if (submitted !== undefined && data.year !== undefined && data.year < submitted) {
    issues.push({
      file,
      ...yaml.locate(['year']),
      rule: 'year-before-arxiv',
      message: `year: ${data.year} is earlier than ${submitted}, when arXiv ${data.arxiv} was submitted.`,
      fix: 'Use the year of publication, which cannot precede the preprint.',
    });
  }
  if (data.name !== undefined && data.title !== undefined && data.abstract !== undefined && !namesPaper(`${data.title} ${data.abstract}`, data.name)) {
    issues.push({
      file,
      ...yaml.locate(['name']),
      rule: 'name-source',
      message: `name: neither the title nor the abstract writes "${data.name}".`,
      fix: 'Write the name exactly as the abstract or title does (same letters and case), or leave name out.',
    });
  } else if (data.name !== undefined && readsAsWord(data.name)) {
    issues.push({
      file,
      ...yaml.locate(['name']),
      rule: 'name-word',
      message: `name: "${data.name}" has no capital letter and no digit, so it reads as an ordinary word, and a search for it would list this paper first.`,
      fix: 'Give the short name the paper goes by, with its capitals as the title or abstract writes it (VAR, S-Mamba, SpaceTime), or leave name out.',
    });
  }
  // A topic or tag written twice would show twice among the paper's badges.
  for (const field of ['topics', 'tags'] as const) {
    (data[field] ?? []).forEach((value, i, list) => {
      const first = list.indexOf(value);
      if (first === i) return;
      issues.push({
        file,
        ...yaml.locate([field, i]),
        rule: 'schema',
        message: `${field}[${i}]: "${value}" is already ${field}[${first}].`,
        fix: `List each ${field === 'topics' ? 'topic' : 'tag'} once: remove this one.`,
      });
    });
  }
  (data.results ?? []).forEach((result, i) => {
    if (!result.source) {
      issues.push({
        file,
        ...yaml.locate(['results', i]),
        rule: 'results-source',
        message: `results[${i}] has no source, so readers cannot see where ${result.value} comes from.`,
        fix: 'Add source: abstract, or the table or section of the paper that states it.',
      });
    } else if (/^\s*abstract\s*$/i.test(result.source) && data.abstract !== undefined && !statesNumber(data.abstract, result.value)) {
      issues.push({
        file,
        ...yaml.locate(['results', i, 'value']),
        rule: 'results-abstract',
        message: `results[${i}].value: the abstract does not state ${result.value}, but the entry's source is "abstract".`,
        fix: 'Write the figure as the abstract does (12.5 for "12.5%", with the unit in metric), or name as source the table or section of the paper that states it.',
      });
    }
  });
  return issues;
}

/** What Markdown blocks other than one paragraph a one-line summary became (`a heading`), if any. */
function notOneParagraph(blocks: readonly string[]): string | undefined {
  const kinds: Readonly<Record<string, string>> = {
    heading: 'a heading',
    list: 'a list',
    blockquote: 'a quotation',
    code: 'a code block',
    table: 'a table',
    thematicBreak: 'a horizontal rule',
    math: 'a displayed formula',
    definition: 'a link definition',
  };
  const other = blocks.find((type) => type !== 'paragraph' && type !== 'html');
  if (other) return kinds[other] ?? `a ${other}`;
  const paragraphs = blocks.filter((type) => type === 'paragraph').length;
  return paragraphs > 1 ? `${paragraphs} paragraphs` : undefined;
}

/** Whether `text` writes `name` as a word of its own: `VAR` in "modeling (VAR)", not in "VARGPT" or "M-VAR". */
export function namesPaper(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // A name may be written in the plural, as an abstract writes of "MPNNs" for models of the kind MPNN.
  return new RegExp(`(?<![\\p{L}\\p{N}-])${escaped}s?(?![\\p{L}\\p{N}-])`, 'u').test(text);
}

/**
 * Whether a name is written as an ordinary word is (`model`, `the`): in lowercase letters, with no
 * capital and no digit. The short names of papers have them (`VAR`, `S-Mamba`, `GPT-2`).
 */
function readsAsWord(name: string): boolean {
  return /\p{Ll}/u.test(name) && !/[\p{Lu}\p{Lt}\p{N}]/u.test(name);
}

/** Numbers an abstract may write in words. */
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  twice: 2, double: 2, thrice: 3, triple: 3, half: 0.5, hundred: 100, thousand: 1000,
};

/**
 * Whether `text` states the number `value` (or its negative, as in `-0.998`): as digits
 * (`1.80`, `20x`, `12,000`, `$2.5\times$`), as a power of ten (`10^{4}`) or as a word (`three`).
 */
export function statesNumber(text: string, value: number): boolean {
  const target = Math.abs(value);
  const numbers = [
    ...text.replace(/(\d)(?:,|\\,|\u2009|\u202f)(?=\d{3}(?!\d))/g, '$1').matchAll(/\d+(?:\.\d+)?|\.\d+/g),
  ].map((m) => Number(m[0]));
  for (const m of text.matchAll(/10\s*\^\s*\{?\s*(-?\d+)\s*\}?/g)) numbers.push(10 ** Number(m[1]));
  for (const m of text.toLowerCase().matchAll(/[a-z]+/g)) if (NUMBER_WORDS[m[0]] !== undefined) numbers.push(NUMBER_WORDS[m[0]]!);
  return numbers.some((n) => Math.abs(n - target) <= 1e-9 * Math.max(1, target));
}

/** Elements HTML writes without a closing tag, which MDX (JSX) needs closed with />. */
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** The fix for an MDX syntax error: the one that applies first, then the general rules. */
function mdxSyntaxFix(reason: string): string {
  const general = 'Write < as &lt; and { as \\{ in text, close every element you open, and end an empty one with />, as in <br />.';
  const unclosed = /closing tag for `<([a-z][a-z0-9]*)>`/i.exec(reason)?.[1]?.toLowerCase();
  if (unclosed && VOID_ELEMENTS.has(unclosed)) return `End the <${unclosed}> with />, as in <${unclosed} ... />: MDX needs every element closed, even one HTML leaves open.`;
  return general;
}

function dollarIssue(formula: string, field?: string) {
  return {
    rule: 'math-dollar',
    message: `${field ? `${field}: ` : ''}${formula} reads as dollar amounts, not a formula.`,
    fix: 'Write a literal dollar sign as \\$; a formula starts and ends with no space inside its dollars.',
  };
}

/** Finds the line of the TeX a KaTeX message quotes, falling back to the field's line. */
function locateMath(source: string, fallback: { line: number; column: number }, message: string) {
  const quoted = /at position \d+: (.+?)$/.exec(message)?.[1]?.replace(/[\u0332]/g, '').trim();
  return quoted ? locateText(source, fallback, quoted.slice(0, 12)) : fallback;
}

/**
 * Where a URL of a front-matter string is written. Markdown makes a link of a bare `www.example.org`
 * and of `ada@example.org` too, with a URL (`http://www.example.org`, `mailto:ada@example.org`) that
 * the file does not write: those are found as written.
 */
function locateUrl(source: string, field: { line: number; column: number }, url: string) {
  for (const written of [url, url.replace(/^http:\/\/(?=www\.)/i, ''), url.replace(/^mailto:/i, '')]) {
    const found = locateText(source, field, written);
    if (found !== field) return found;
  }
  return field;
}

/** The first line at or after a field's own (of the next `within`) where `snippet` occurs, or the field's position. */
function locateText(source: string, field: { line: number; column: number }, snippet: string, within = Infinity) {
  const lines = source.split('\n');
  const index = lines.findIndex((l, i) => i + 1 >= field.line && i + 1 < field.line + within && l.includes(snippet));
  return index >= 0 ? { line: index + 1, column: lines[index]!.indexOf(snippet) + 1 } : field;
}

/** A string of the front-matter, where it is, and whether it may hold line breaks. */
interface TextField {
  path: (string | number)[];
  /** The field as messages name it: `title`, `authors[1]`, `results[0].metric`. */
  field: string;
  value: unknown;
  /** A summary or an abstract written as a block (`|`) may have line breaks; a title or a name has none. */
  lines?: boolean;
}

/** The text fields of a paper: its one-line fields, each author, each result's text, its tldr and abstract. */
function paperTexts(raw: Record<string, unknown>): TextField[] {
  const list = (key: string) => (Array.isArray(raw[key]) ? (raw[key] as unknown[]) : []);
  return [
    ...(['title', 'name', 'venue', 'note'] as const).map((field) => ({ path: [field], field, value: raw[field] })),
    ...(['tldr', 'abstract'] as const).map((field) => ({ path: [field], field, value: raw[field], lines: true })),
    ...list('authors').map((value, i) => ({ path: ['authors', i], field: `authors[${i}]`, value })),
    ...list('results').flatMap((result, i) =>
      (['benchmark', 'metric', 'setting', 'source'] as const).map((key) => ({
        path: ['results', i, key],
        field: `results[${i}].${key}`,
        value: result && typeof result === 'object' ? (result as Record<string, unknown>)[key] : undefined,
      })),
    ),
  ];
}

/** The text fields of a topic. */
function topicTexts(raw: Record<string, unknown>): TextField[] {
  return (['title', 'description'] as const).map((field) => ({ path: [field], field, value: raw[field] }));
}

/**
 * Characters no text field may hold. Control characters: in double quotes YAML reads a backslash as
 * an escape, and "$\theta$" is a tab and "heta", which KaTeX renders without complaint, and
 * "$\nabla$" a line break. Code points that are no character of text (U+FFFE, U+FFFF, a lone
 * surrogate): XML cannot hold them, and one in any field makes the feeds it is in unreadable.
 */
const NOT_TEXT_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** `NOT_TEXT_CHARACTER` but for line breaks (LF, CR), for the fields that may have lines. */
const NOT_TEXT_CHARACTER_IN_LINES = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The text fields holding a character no text may hold, with the first such character of each. */
function controlCharacters(texts: readonly TextField[]): { path: (string | number)[]; field: string; found: string }[] {
  return texts.flatMap(({ path, field, value, lines }) => {
    if (typeof value !== 'string') return [];
    const found = (lines ? NOT_TEXT_CHARACTER_IN_LINES : NOT_TEXT_CHARACTER).exec(value.trimEnd())?.[0];
    return found ? [{ path, field, found }] : [];
  });
}

/** The `yaml` issue for a field holding a character no text may hold. */
function controlIssue(file: string, yaml: ParsedYaml, { path, field, found }: { path: (string | number)[]; field: string; found: string }): Issue {
  const hex = found.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  const at = { file, ...yaml.locate(path), rule: 'yaml' };
  if (/[\ud800-\udfff\ufffe\uffff]/.test(found)) {
    return {
      ...at,
      message: `${field}: has U+${hex}, which is no character of text: XML, and so the feeds, cannot hold it.`,
      fix: `Delete it; in double quotes, look for an escape such as \\u${hex}.`,
    };
  }
  // Written as it is (pasted from a PDF or a terminal, or brought by new-paper from a .bib file),
  // the character is no escape, and the message about backslashes would mislead.
  if (yaml.textOf(path)?.includes(found)) {
    return {
      ...at,
      message: `${field}: has a control character (U+${hex}), written as it is: readers would not see it, but it would reach the citations and the feeds.`,
      fix: 'Delete it, or write a space in its place; an editor shows it as a box, as ^[ or not at all.',
    };
  }
  return {
    ...at,
    message: `${field}: has a control character (U+${hex}), which YAML makes of a backslash in double quotes: \\t of \\theta is a tab, \\n of \\nabla a line break.`,
    fix: `Write each backslash twice ("$\\\\theta$"), or put the ${field} in single quotes.`,
  };
}
