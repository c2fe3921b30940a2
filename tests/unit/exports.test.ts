import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import {
  csvField,
  exportFile,
  exportMessage,
  fileStem,
  joinBibtex,
  packRecords,
  paperIdFromUrl,
  recordsScript,
  searchExportName,
  toCsv,
  unpackRecords,
  type ExportRecord,
} from '../../src/lib/exports';

const record = (id: string, over: Partial<ExportRecord> = {}): ExportRecord => ({
  id,
  key: `${id}2024key`,
  title: `Title of ${id}`,
  authors: ['Ada Lovelace', 'Jörg Müller'],
  year: 2024,
  venue: '',
  arxiv: '2404.02905',
  doi: '',
  link: 'https://arxiv.org/abs/2404.02905',
  code: '',
  topics: ['next-scale-prediction'],
  tags: ['image-generation', 'imagenet'],
  added: '2026-11-29',
  bibtex: `@article{${id}2024key,\n\ttitle = {Title of ${id}},\n}\n`,
  ...over,
});

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [' padded', '" padded"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['-1 is a formula too', "'-1 is a formula too"],
    ['@cmd', "'@cmd"],
    ['Müller', 'Müller'],
  ])('writes %j as %j', (value, expected) => expect(csvField(value)).toBe(expected));
  it('writes numbers as they are, even negative ones', () => expect(csvField(-0.998)).toBe('-0.998'));
});

describe('toCsv', () => {
  it('has a header and one CRLF-terminated row per paper, lists joined with "; "', () => {
    const csv = toCsv([record('var'), record('flowar', { title: 'Commas, "quotes"\nand lines' })]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('id,key,title,authors,year,venue,arxiv,doi,link,code,topics,tags,added');
    expect(lines[1]).toBe('var,var2024key,Title of var,Ada Lovelace; Jörg Müller,2024,,2404.02905,,https://arxiv.org/abs/2404.02905,,next-scale-prediction,image-generation; imagenet,2026-11-29');
    expect(csv.endsWith('\r\n')).toBe(true);
  });
  it('quotes exactly as csv-stringify does (an independent implementation)', () => {
    const rows = [record('a', { title: 'Commas, "quotes"\nand lines', venue: 'NeurIPS 2024' }), record('b', { authors: ['O\'Brien, Jr.'] })];
    const columns = ['id', 'key', 'title', 'authors', 'year', 'venue', 'arxiv', 'doi', 'link', 'code', 'topics', 'tags', 'added'] as const;
    const expected = stringify(
      [columns, ...rows.map((r) => columns.map((c) => (Array.isArray(r[c]) ? (r[c] as string[]).join('; ') : r[c])))],
      { record_delimiter: '\r\n' },
    );
    expect(toCsv(rows)).toBe(expected);
  });
  it('is just the header for no papers', () => expect(toCsv([])).toBe('id,key,title,authors,year,venue,arxiv,doi,link,code,topics,tags,added\r\n'));
});

describe('joinBibtex', () => {
  it('puts one blank line between entries and ends with a newline', () => {
    expect(joinBibtex([record('a'), record('b')])).toBe('@article{a2024key,\n\ttitle = {Title of a},\n}\n\n@article{b2024key,\n\ttitle = {Title of b},\n}\n');
  });
  it('is empty for no papers', () => expect(joinBibtex([])).toBe(''));
});

describe('exportFile', () => {
  const records = new Map([record('var'), record('flowar')].map((r) => [r.id, r]));
  it('exports the given ids in order, once each, and names the ones it does not know', () => {
    const file = exportFile(['flowar', 'gone', 'var', 'flowar'], 'bib', (id) => records.get(id), 'Search: “VQ” 2024');
    expect(file.name).toBe('search-vq-2024.bib');
    expect(file.type).toMatch(/^application\/x-bibtex/);
    expect(file.text.indexOf('flowar2024key')).toBeLessThan(file.text.indexOf('var2024key'));
    expect(file.count).toBe(2);
    expect(file.missing).toEqual(['gone']);
  });
  it('writes a CSV with one row per paper', () => {
    const file = exportFile(['var', 'flowar'], 'csv', (id) => records.get(id), 'reading list');
    expect(file.name).toBe('reading-list.csv');
    expect(file.text.trim().split('\r\n')).toHaveLength(3);
  });
});

describe('fileStem', () => {
  it.each([
    ['Search: “VQ” 2024', 'search-vq-2024'],
    ['Schönfeld', 'schonfeld'],
    ['', 'papers'],
    ['***', 'papers'],
  ])('%j → %j', (text, stem) => expect(fileStem(text)).toBe(stem));
});

describe('paperIdFromUrl', () => {
  it.each([
    ['/papers/var/', 'var'],
    ['/survey/papers/vargpt-v1-1/', 'vargpt-v1-1'],
    ['../papers/var/index.html', 'var'],
    ['papers/var.html', 'var'],
    ['https://example.org/papers/var/#cite', 'var'],
    ['/topics/var/', undefined],
    ['/papers/', undefined],
  ])('%s → %s', (url, id) => expect(paperIdFromUrl(url)).toBe(id));
});

describe('paper-records.js', () => {
  const records = [record('var', { venue: 'NeurIPS 2024', title: 'Quotes " and \u2028 separators' }), record('flowar', { arxiv: '', link: '' })];
  /** Runs the script as a browser would and returns what it assigned. */
  const run = (script: string) => {
    const window: Record<string, unknown> = {};
    new Function('window', script)(window);
    return window['__SURVEY_RECORDS__'];
  };

  it('assigns every record to a global and reads back the same records, with their pages', () => {
    const read = unpackRecords(run(recordsScript(records)));
    expect([...read.keys()]).toEqual(['var', 'flowar']);
    expect(read.get('var')).toEqual({ ...records[0], path: 'papers/var/' });
    expect(read.get('flowar')).toEqual({ ...records[1], path: 'papers/flowar/' });
  });
  it('names each field once, not once per paper', () => {
    const packed = packRecords(records);
    expect(packed.fields).toEqual(['key', 'title', 'authors', 'year', 'venue', 'arxiv', 'doi', 'link', 'code', 'topics', 'tags', 'added', 'bibtex']);
    expect(packed.papers['var']).toEqual(['var2024key', 'Quotes " and \u2028 separators', ['Ada Lovelace', 'Jörg Müller'], 2024, 'NeurIPS 2024', '2404.02905', '', 'https://arxiv.org/abs/2404.02905', '', ['next-scale-prediction'], ['image-generation', 'imagenet'], '2026-11-29', records[0]!.bibtex]);
    expect(recordsScript(records).match(/"title"/g)).toHaveLength(1);
  });
  it('puts pages where the site has them', () => expect(unpackRecords(packRecords(records, 'survey/p/{id}.html')).get('var')?.path).toBe('survey/p/var.html'));
  it.each([
    ['nothing', undefined],
    ['another version', { ...packRecords(records), version: 2 }],
    ['other fields', { ...packRecords(records), fields: ['title', 'key'] }],
    ['no papers', { ...packRecords(records), papers: null }],
  ])('refuses %s, saying what to do', (_, value) => expect(() => unpackRecords(value)).toThrow(/paper-records\.js is not in the format this page reads .* Reload the page/));
});

describe('exportMessage', () => {
  it.each([
    [12, 'bib', [], 'Exported 12 papers as BibTeX.'],
    [1, 'csv', [], 'Exported 1 paper as CSV.'],
    [2, 'bib', ['gone'], 'Exported 2 papers as BibTeX. 1 paper had no citation data and was left out: gone.'],
    [0, 'csv', ['a', 'b', 'c', 'd', 'e', 'f', 'g'], 'Nothing was exported: there are no papers with citation data in the results. 7 papers had no citation data and were left out: a, b, c, d, e and 2 more.'],
  ] as const)('%i papers as %s, missing %j: %j', (count, format, missing, text) => expect(exportMessage(count, format, missing)).toBe(text));
});

describe('searchExportName', () => {
  const state = { q: '', topic: [], venue: [], tag: [], from: undefined, to: undefined };
  it.each([
    [{}, 'search'],
    [{ q: 'vq tokens' }, 'search vq tokens'],
    [{ q: 'vq', topic: ['next-scale-prediction'], tag: ['imagenet'] }, 'search vq next-scale-prediction imagenet'],
    [{ from: 2023, to: 2024 }, 'search 2023-2024'],
    [{ from: 2024, to: 2024 }, 'search 2024'],
    [{ from: 2023 }, 'search from 2023'],
    [{ to: 2023, venue: ['NeurIPS'] }, 'search NeurIPS to 2023'],
  ])('%j → %j', (over, name) => expect(searchExportName({ ...state, ...over })).toBe(name));
  it('gives a file name a reader recognises', () => {
    expect(exportFile([], 'bib', () => undefined, searchExportName({ ...state, q: 'VQ', from: 2023, to: 2024 })).name).toBe('search-vq-2023-2024.bib');
  });
});
