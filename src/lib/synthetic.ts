import { parse, stringify } from 'yaml';
import { splitFrontmatter } from './frontmatter';
import { idFromPath } from './normalize';
import { compareText } from './collate';

/** A content file as text, with its path relative to the project root: `content/papers/var.mdx`. */
export interface SourceFile {
  file: string;
  source: string;
}

interface PoolResult {
  benchmark: string;
  metric: string;
  value: number;
  lower_is_better: boolean;
  setting?: string;
  source: string;
}

/**
 * Pieces cut from the real survey, from which synthetic papers are recombined: names, title parts,
 * sentences, paragraphs, formulas, results. Built once by `createPool`, read by the generators.
 */
export interface SyntheticPool {
  /** Ids of the real papers, sorted; topic narratives link to them. */
  paperIds: string[];
  /** The real topic files, copied into every synthetic survey. */
  topics: SourceFile[];
  topicIds: string[];
  /** Per real paper: its topics (most specific first), tags, author count and short name, if any. */
  bases: { topics: string[]; tags: string[]; authors: number; name?: string }[];
  titleHeads: string[];
  titleTails: string[];
  givenNames: string[];
  surnames: string[];
  venueNames: string[];
  tags: string[];
  tldrs: string[];
  sentences: string[];
  mathSentences: string[];
  results: PoolResult[];
  paragraphs: string[];
  formulas: string[];
}

/** First synthetic year, and last: papers are spread over these years, more of them recent. */
const FIRST_YEAR = 2015;
const LAST_YEAR = 2026;
const FALLBACK_FORMULA = 'p(x) = \\prod_{t=1}^{T} p\\left(x_t \\mid x_{<t}\\right)';
const FALLBACK_PARAGRAPH = 'This synthetic entry stands in for a paper of the survey, generated for the benchmark.';
const FALLBACK_MATH = 'The model factorises $p(x)$ into $T$ conditionals $p(x_t \\mid x_{<t})$.';

/**
 * Cuts the real papers and topics into the pieces synthetic papers are made of. Every piece comes
 * from a file that passes the check, and only pieces that stay valid on their own are kept
 * (paragraphs without elements or expressions, sentences with balanced `$`).
 */
export function createPool(papers: readonly SourceFile[], topics: readonly SourceFile[]): SyntheticPool {
  const pool: SyntheticPool = {
    paperIds: papers.map((p) => idFromPath(p.file)).sort(),
    topics: [...topics].sort((a, b) => compareText(a.file, b.file)),
    topicIds: topics.map((t) => idFromPath(t.file)).sort(),
    bases: [],
    titleHeads: [],
    titleTails: [],
    givenNames: [],
    surnames: [],
    venueNames: [],
    tags: [],
    tldrs: [],
    sentences: [],
    mathSentences: [],
    results: [],
    paragraphs: [],
    formulas: [],
  };
  const add = (list: string[], value: string | undefined) => {
    if (value && !list.includes(value)) list.push(value);
  };
  for (const paper of [...papers].sort((a, b) => compareText(a.file, b.file))) {
    const split = splitFrontmatter(paper.file, paper.source);
    if ('rule' in split) continue;
    const data = (parse(split.yaml) ?? {}) as Record<string, unknown>;
    const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
    const authors = strings(data['authors']);
    const tags = strings(data['tags']);
    const name = typeof data['name'] === 'string' ? data['name'] : undefined;
    pool.bases.push({ topics: strings(data['topics']), tags, authors: authors.length, ...(name ? { name } : {}) });
    for (const name of authors) {
      const cut = name.lastIndexOf(' ');
      if (cut <= 0) continue;
      add(pool.givenNames, name.slice(0, cut));
      add(pool.surnames, name.slice(cut + 1));
    }
    const title = typeof data['title'] === 'string' ? data['title'].replace(/\s+/g, ' ') : '';
    const colon = title.indexOf(': ');
    if (colon > 0) {
      add(pool.titleHeads, title.slice(0, colon));
      add(pool.titleTails, title.slice(colon + 2));
    } else {
      add(pool.titleTails, title);
    }
    if (typeof data['venue'] === 'string') add(pool.venueNames, data['venue'].replace(/\s*'?\d{2,4}$/, '').trim());
    for (const tag of tags) add(pool.tags, tag);
    if (typeof data['tldr'] === 'string') add(pool.tldrs, data['tldr'].trim());
    if (typeof data['abstract'] === 'string') {
      for (const sentence of splitSentences(data['abstract'])) {
        add(sentence.includes('$') ? pool.mathSentences : pool.sentences, sentence);
      }
    }
    for (const result of Array.isArray(data['results']) ? (data['results'] as Record<string, unknown>[]) : []) {
      const { benchmark, metric, value, lower_is_better, setting, source } = result;
      if (typeof benchmark !== 'string' || typeof metric !== 'string' || typeof value !== 'number') continue;
      if (typeof lower_is_better !== 'boolean' || typeof source !== 'string') continue;
      pool.results.push({ benchmark, metric, value, lower_is_better, source, ...(typeof setting === 'string' ? { setting } : {}) });
    }
    for (const match of split.body.matchAll(/^\$\$[ \t]*\n([\s\S]*?)\n\$\$[ \t]*$/gm)) add(pool.formulas, match[1]);
    for (const block of split.body.split(/\n[ \t]*\n/)) {
      if (isPlainParagraph(block)) add(pool.paragraphs, block.trim());
    }
  }
  if (pool.formulas.length === 0) pool.formulas.push(FALLBACK_FORMULA);
  if (pool.mathSentences.length === 0) pool.mathSentences.push(FALLBACK_MATH);
  // Notes are optional: a survey whose papers have none lends its abstracts' sentences instead.
  for (let i = 0; pool.paragraphs.length === 0 && i < pool.sentences.length; i += 3) add(pool.paragraphs, pool.sentences.slice(i, i + 3).join(' '));
  if (pool.paragraphs.length === 0) pool.paragraphs.push(FALLBACK_PARAGRAPH);
  return pool;
}

/** Sentences of a prose field, keeping only those whose `$` math is balanced. */
function splitSentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[A-Z(])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 20 && dollarsBalanced(s));
}

function dollarsBalanced(text: string): boolean {
  return (text.replace(/\\\$/g, '').match(/\$/g)?.length ?? 0) % 2 === 0;
}

/** A body block that stays valid MDX when moved on its own: prose, links and inline math only. */
function isPlainParagraph(block: string): boolean {
  const text = block.trim();
  if (text.length < 80 || !/^[A-Za-z[*(]/.test(text)) return false;
  if (/^\s*(?:#|[-*+] |\d+[.)] |\||>|\$\$)/m.test(text)) return false;
  if (text.includes('<') || text.includes('$$') || /\]\[|^\[[^\]]+\]:/m.test(text)) return false;
  if (!dollarsBalanced(text)) return false;
  const outsideMath = text.replace(/\$[^$]*\$/g, '');
  return !/[{}]/.test(outsideMath);
}

/** The id of the synthetic paper number `index` (0-based): `synthetic-00001`. */
export function syntheticId(index: number): string {
  return `synthetic-${String(index + 1).padStart(5, '0')}`;
}

/** The path of the synthetic paper number `index`: `content/papers/synthetic-00001.mdx`. */
export function syntheticPath(index: number): string {
  return `content/papers/${syntheticId(index)}.mdx`;
}

/** A small, fast, seeded generator (mulberry32) over a string key; the same key gives the same draws. */
function random(key: string) {
  let h = 1779033703 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    h = Math.imul(h ^ key.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let state = h >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const some = <T>(list: readonly T[], n: number): T[] => {
    const out: T[] = [];
    for (let tries = 0; out.length < Math.min(n, list.length) && tries < n * 20; tries++) {
      const item = pick(list);
      if (!out.includes(item)) out.push(item);
    }
    return out;
  };
  return { next, int, pick, some };
}

/**
 * The title of synthetic paper `index`: a real title's parts recombined, marked "Synthetic:" and
 * numbered, so it is unique and nobody takes it for a real paper.
 */
function syntheticTitle(pool: SyntheticPool, index: number, seed: number): string {
  const r = random(`${seed}:${index}:title`);
  const tail = r.pick(pool.titleTails);
  const head = pool.titleHeads.length > 0 && r.next() < 0.5 ? `${r.pick(pool.titleHeads)}: ` : '';
  return `Synthetic: ${head}${tail} (no. ${index + 1})`;
}

/**
 * Synthetic paper number `index` of a survey of `total` papers, as an MDX file that passes the
 * check: front-matter drawn from the real papers (authors recombined, fictitious arXiv ids in the
 * unused 9xxxx range, results with perturbed values, their source `synthetic`) and notes with math, a display formula and
 * links to other synthetic papers. Deterministic in (pool, index, total, seed).
 */
export function syntheticPaper(pool: SyntheticPool, index: number, total: number, seed = 1): SourceFile {
  const r = random(`${seed}:${index}:paper`);
  const id = syntheticId(index);
  const base = pool.bases[index % Math.max(pool.bases.length, 1)] ?? { topics: [], tags: [], authors: 3 };
  const year = FIRST_YEAR + Math.floor((LAST_YEAR - FIRST_YEAR + 1) * Math.sqrt(r.next()));
  const yy = year - 2000 - (year > FIRST_YEAR && r.next() < 0.3 ? 1 : 0);
  // arXiv numbers above 90000 are never reached in a month, so these ids name no real preprint.
  const arxiv = `${yy}${String(1 + (index % 12)).padStart(2, '0')}.${90000 + (Math.floor(index / 12) % 10000)}`;
  const authorCount = Math.max(1, Math.min(12, base.authors + r.int(-2, 2)));
  const authors = Array.from({ length: authorCount }, () => `${r.pick(pool.givenNames)} ${r.pick(pool.surnames)}`);
  const topics = [...new Set([base.topics.find((t) => pool.topicIds.includes(t)) ?? r.pick(pool.topicIds), ...r.some(pool.topicIds, r.int(0, 2))])];
  const tags = [...new Set([...r.some(base.tags, r.int(1, 3)), ...r.some(pool.tags, r.int(1, 3))])];
  const abstract = r.some(pool.sentences, r.int(4, 8));
  abstract.splice(r.int(0, abstract.length), 0, r.pick(pool.mathSentences));
  // As many papers go by a short name as in the real survey, each its own, given by the abstract.
  const name = base.name && `${base.name}${index + 1}`;
  if (name) abstract.push(`We call the method ${name}.`);
  // A perturbed value is in no abstract, so its source cannot be "abstract" (the check refuses it).
  const results = r.some(pool.results, r.pick([0, 1, 2, 2, 3, 4])).map((result) => ({
    ...result,
    value: Math.round(result.value * (0.8 + 0.4 * r.next()) * 100) / 100,
    source: 'synthetic',
  }));
  const added = new Date(Date.UTC(2025, 0, 1) + r.int(0, 698) * 86_400_000).toISOString().slice(0, 10);

  const data: Record<string, unknown> = {
    title: syntheticTitle(pool, index, seed),
    ...(name ? { name } : {}),
    authors,
    year,
    arxiv,
    ...(r.next() < 0.65 && pool.venueNames.length > 0 ? { venue: `${r.pick(pool.venueNames)} ${year}` } : {}),
    ...(r.next() < 0.5 ? { code: `https://example.com/synthetic/${id}` } : {}),
    ...(r.next() < 0.08 ? { note: 'Synthetic entry generated for the benchmark; not a real paper.' } : {}),
    topics,
    tags,
    tldr: r.pick(pool.tldrs),
    abstract: abstract.join(' '),
    results,
    added,
  };

  const others = () => syntheticId(total > 1 ? (index + r.int(1, total - 1)) % total : index);
  const paragraph = () => relink(r.pick(pool.paragraphs), others);
  const related = Array.from({ length: r.int(2, 5) }, () => {
    const target = others();
    return `[synthetic paper no. ${Number(target.slice(-5))}](/papers/${target}/)`;
  });
  const body = [
    '## Key idea',
    paragraph(),
    `$$\n${r.pick(pool.formulas)}\n$$`,
    ...Array.from({ length: r.int(0, 2) }, paragraph),
    '## Why it matters',
    paragraph(),
    '## Related work in this survey',
    `This synthetic entry builds on ${related.slice(0, -1).join(', ')} and ${related.at(-1)!}.`,
  ];
  return { file: syntheticPath(index), source: `---\n${stringify(data, { lineWidth: 100 })}---\n\n${body.join('\n\n')}\n` };
}

/** Points a borrowed paragraph's paper links at synthetic papers; tag links become plain text. */
function relink(text: string, paper: () => string): string {
  return text
    .replace(/\]\(\/papers\/[^/)]+\/?([#?][^)]*)?\)/g, () => `](/papers/${paper()}/)`)
    .replace(/\[([^\]]*)\]\(\/tags\/[^)]*\)/g, '$1');
}

/**
 * The real topics, unchanged except that links to real papers point at synthetic ones (real paper
 * number k becomes synthetic paper k modulo `total`), so the topic pages keep their links.
 */
function syntheticTopics(pool: SyntheticPool, total: number): SourceFile[] {
  return pool.topics.map(({ file, source }) => ({
    file,
    source: source
      .replace(/\]\(\/papers\/([^/)#?]+)\/?([#?][^)]*)?\)/g, (_, id: string) => {
        const k = Math.max(pool.paperIds.indexOf(id), 0);
        return `](/papers/${syntheticId(k % Math.max(total, 1))}/)`;
      })
      .replace(/\[([^\]]*)\]\(\/tags\/[^)]*\)/g, '$1'),
  }));
}

/** A whole synthetic survey of `total` papers: the topics, then every paper. */
export function syntheticSurvey(pool: SyntheticPool, total: number, seed = 1): SourceFile[] {
  return [
    ...syntheticTopics(pool, total),
    ...Array.from({ length: total }, (_, i) => syntheticPaper(pool, i, total, seed)),
  ];
}

/** A paper file with one more paragraph at the end of its notes, as a curator's edit would add. */
export function editNotes(source: string, paragraph: string): string {
  return `${source.trimEnd()}\n\n${paragraph}\n`;
}
