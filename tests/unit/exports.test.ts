import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { csvField, exportFile, fileStem, joinBibtex, paperIdFromUrl, toCsv, type ExportRecord } from '../../src/lib/exports';

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
