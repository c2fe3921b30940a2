import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { assignCitationKeys, formatCitations, type Exportable } from '../../src/lib/citation';
import { paperCitationFiles } from '../../src/lib/citation-files';
import {
  CITATION_PARTS_GLOBAL,
  CITATIONS_INDEX,
  CITATIONS_INDEX_GLOBAL,
  chunkCount,
  chunkOf,
  citationLink,
  csvRecords,
  DOWNLOAD_FORMATS,
  idsOf,
  joinEntries,
  offlineCitationScripts,
  partFile,
  partName,
  type CitationEntry,
  type OfflineCitationIndex,
} from '../../src/lib/offline-citations';

const paper = (id: string, title: string, extra: Partial<Exportable> = {}): Exportable => ({
  id,
  title,
  authors: ['Keyu Tian', 'Jan van der Berg'],
  year: 2024,
  arxiv: '2404.02905',
  topics: ['t'],
  tags: ['a-tag'],
  added: '2026-01-01',
  ...extra,
});

// Papers that test the joins: a quote, a comma and a line break in a CSV field, a formula-like
// title, non-ASCII names, a venue, a DOI without arXiv.
const papers: Exportable[] = [
  paper('var', 'Visual Autoregressive Modeling: Scalable Image Generation'),
  paper('quoted', 'A "Quoted", Title\r\nOn Two Lines', { venue: 'NeurIPS', code: 'https://github.com/x/y' }),
  paper('formula', '=Sum of Things', { authors: ['Émile Zola'], arxiv: undefined, doi: '10.1162/neco_a_01228' }),
  ...Array.from({ length: 9 }, (_, i) => paper(`p${i}`, `Paper Number ${i}`, { topics: i % 2 ? ['t', 'u'] : ['u'] })),
];

/** The hosted build's files for `papers`, made by the build's own functions. */
function hosted(list: readonly Exportable[], topics: Record<string, string[]>): Map<string, string> {
  const keys = assignCitationKeys(list);
  const keyOf = (id: string) => keys.get(id)!;
  const files = new Map(paperCitationFiles(list).map((f) => [f.path, f.body]));
  for (const format of DOWNLOAD_FORMATS) {
    files.set(`survey.${format}`, formatCitations(format, list, keyOf));
    for (const [topic, ids] of Object.entries(topics)) {
      files.set(`topics/${topic}.${format}`, formatCitations(format, ids.map((id) => list.find((p) => p.id === id)!), keyOf));
    }
  }
  return files;
}

/** What a page does: runs the scripts as classic scripts, then joins the entries of a file. */
function browserFile(scripts: { file: string; script: string }[], stem: string, format: (typeof DOWNLOAD_FORMATS)[number]): { text: string; parts: string[] } {
  const window: Record<string, unknown> = {};
  const run = (file: string) => runInNewContext(scripts.find((s) => s.file === file)!.script, { window });
  run(CITATIONS_INDEX);
  const index = window[CITATIONS_INDEX_GLOBAL] as OfflineCitationIndex;
  const ids = idsOf(index, stem);
  const parts = [...new Set(ids.map((id) => partName(format, chunkOf(id, index.chunks))))];
  for (const part of parts) run(partFile(part));
  const loaded = window[CITATION_PARTS_GLOBAL] as Record<string, Record<string, CitationEntry>>;
  const entries = Object.assign({}, ...parts.map((part) => loaded[part])) as Record<string, CitationEntry>;
  // JSON round trip: values that crossed from the script's context into this one.
  return { text: joinEntries(format, ids.map((id) => JSON.parse(JSON.stringify(entries[id])) as CitationEntry)), parts };
}

describe('the offline edition\'s citation downloads', () => {
  const topics = { t: ['var', 'quoted', 'p1', 'p3'], u: ['p8', 'p0', 'formula', 'p1'], empty: [] };
  const files = hosted(papers, topics);
  const read = (path: string) => {
    const text = files.get(path);
    if (text === undefined) throw new Error(`no ${path}`);
    return text;
  };

  it.each([1, 4])('give back every hosted file byte for byte, papers in %i chunk(s)', (wanted) => {
    const scripts = offlineCitationScripts({ read, topics: Object.keys(topics), perChunk: Math.ceil(papers.length / wanted) });
    expect(scripts.filter((s) => s.file !== CITATIONS_INDEX)).toHaveLength(wanted * DOWNLOAD_FORMATS.length);
    for (const format of DOWNLOAD_FORMATS) {
      expect(browserFile(scripts, 'survey', format).text).toBe(read(`survey.${format}`));
      for (const topic of Object.keys(topics)) expect(browserFile(scripts, `topics/${topic}`, format).text).toBe(read(`topics/${topic}.${format}`));
      if (format === 'csv') continue;
      for (const { id } of papers) {
        const { text, parts } = browserFile(scripts, `papers/${id}`, format);
        expect(text).toBe(read(`papers/${id}.${format}`));
        expect(parts).toHaveLength(1); // A paper's button loads one chunk.
      }
    }
  });

  it.each(['survey.ris', 'survey.csl.json', 'topics/t.csv'])('refuse to build when the joined entries would differ from %s', (path) => {
    const changed = new Map(files).set(path, `${read(path)}\n`);
    expect(() => offlineCitationScripts({ read: (file) => changed.get(file)!, topics: Object.keys(topics) })).toThrow(path);
  });

  it('know no file they do not have', () => {
    const window: Record<string, unknown> = {};
    runInNewContext(offlineCitationScripts({ read, topics: ['t'] })[0]!.script, { window });
    const index = window[CITATIONS_INDEX_GLOBAL] as OfflineCitationIndex;
    expect(() => idsOf(index, 'topics/constructor')).toThrow();
    expect(() => idsOf(index, 'papers/nope')).toThrow();
    expect(idsOf(index, 'topics/t')).toEqual(topics.t);
  });
});

describe('chunks, links and CSV records', () => {
  it.each([
    ['file:///x/ar-survey-offline/papers/var.bib', { root: 'file:///x/ar-survey-offline/', stem: 'papers/var', format: 'bib' }],
    ['file:///x/topics/survey/topics/a-b.csl.json', { root: 'file:///x/topics/survey/', stem: 'topics/a-b', format: 'csl.json' }],
    ['file:///C:/Users/me/ar-survey-offline/survey.csv', { root: 'file:///C:/Users/me/ar-survey-offline/', stem: 'survey', format: 'csv' }],
    ['file:///x/papers/var/index.html', undefined],
    ['file:///x/papers.json', undefined],
    ['file:///x/feeds/survey.xml', undefined],
  ])('read the citation file a link names: %s', (href, expected) => {
    expect(citationLink(href)).toEqual(expected);
  });

  it('spread papers over a power of two of chunks, at most 256 papers each on average', () => {
    expect([0, 1, 256, 257, 10_000].map((n) => chunkCount(n))).toEqual([1, 1, 1, 2, 64]);
    const counts = new Array<number>(64).fill(0);
    for (let i = 0; i < 10_000; i++) counts[chunkOf(`paper-${i}`, 64)]!++;
    expect(Math.max(...counts)).toBeLessThan(256);
  });

  it('split a CSV file at line ends outside quotes', () => {
    expect(csvRecords('a,b\r\n"x\r\ny",2\r\n"q""",3\r\n')).toEqual(['a,b', '"x\r\ny",2', '"q""",3']);
    expect(csvRecords('a,b\r\n')).toEqual(['a,b']);
  });
});
