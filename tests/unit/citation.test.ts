import { parse } from '@retorquere/bibtex-parser';
import { describe, expect, it } from 'vitest';
import { assignCitationKeys, citationKeyBase, toBibtex, toCsl } from '../../src/lib/citation';

const paper = {
  id: 'var',
  title: 'Visual Autoregressive Modeling: Scalable Image Generation via Next-Scale Prediction',
  authors: ['Keyu Tian', 'Jörg Müller', 'Jan van der Berg'],
  year: 2024,
  arxiv: '2404.02905',
  venue: 'NeurIPS 2024',
};

describe('citation keys', () => {
  it('are family name, year and first significant title word', () => {
    expect(citationKeyBase(paper)).toBe('tian2024visual');
    expect(citationKeyBase({ ...paper, authors: ['Jörg Müller'], title: 'On the Provable Advantage' })).toBe('muller2024provable');
  });
  it('are unique, suffixed in id order when they collide', () => {
    const keys = assignCitationKeys([
      { ...paper, id: 'b' },
      { ...paper, id: 'a' },
      { ...paper, id: 'c', year: 2023 },
    ]);
    expect(Object.fromEntries(keys)).toEqual({ a: 'tian2024visuala', b: 'tian2024visualb', c: 'tian2023visual' });
  });
});

describe('BibTeX', () => {
  it('parses with an independent parser, accents and capitals intact', () => {
    const bib = parse(toBibtex(paper, 'tian2024visual'));
    expect(bib.errors).toEqual([]);
    const [entry] = bib.entries;
    expect(entry?.type).toBe('inproceedings');
    expect(entry?.key).toBe('tian2024visual');
    expect(entry?.fields['title']).toBe('Visual Autoregressive Modeling: Scalable Image Generation via Next-Scale Prediction');
    // The parser decomposes accents (NFD); compare canonical forms.
    const authors = JSON.parse(JSON.stringify(entry?.fields['author']).normalize('NFC'));
    expect(authors).toEqual([
      { lastName: 'Tian', firstName: 'Keyu' },
      { lastName: 'Müller', firstName: 'Jörg' },
      { lastName: 'Berg', firstName: 'Jan', prefix: 'van der' },
    ]);
    expect(entry?.fields['booktitle']).toBe('NeurIPS 2024');
  });
  it('cites a preprint as an arXiv article and a journal paper as an article', () => {
    const preprint = parse(toBibtex({ ...paper, venue: undefined }, 'k')).entries[0]!;
    expect(preprint.type).toBe('article');
    expect(preprint.fields['journal']).toBe('arXiv preprint arXiv:2404.02905');
    const journal = parse(toBibtex({ ...paper, venue: 'IEEE TPAMI 2025', doi: '10.1109/x' }, 'k')).entries[0]!;
    expect(journal.fields['journal']).toBe('IEEE TPAMI 2025');
    expect(journal.fields['doi']).toBe('10.1109/x');
  });
  it('gives CSL-JSON the arXiv page as URL', () => {
    expect(toCsl(paper, 'k')).toMatchObject({ URL: 'https://arxiv.org/abs/2404.02905', issued: { 'date-parts': [[2024]] } });
  });
});
