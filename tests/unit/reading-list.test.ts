import { describe, expect, it } from 'vitest';
import {
  addId,
  cardByline,
  cleanIds,
  describeList,
  mergeIds,
  paperHref,
  parseShared,
  parseStored,
  partitionKnown,
  removeId,
  serializeIds,
  shareQuery,
  storageKey,
} from '../../src/lib/reading-list';

describe('reading list', () => {
  it.each([
    [null, []],
    ['', []],
    ['not json', []],
    ['{"a":1}', []],
    ['["var","flowar","var"]', ['var', 'flowar']],
    ['["var",3,"<script>","Bad Id"]', ['var']],
  ])('reads the stored text %j as %j', (text, ids) => expect(parseStored(text)).toEqual(ids));

  it('stores what it reads back', () => expect(parseStored(serializeIds(['var', 'flowar']))).toEqual(['var', 'flowar']));

  it.each([
    ['?ids=var,flowar', ['var', 'flowar']],
    ['?ids=var%2Cflowar&x=1', ['var', 'flowar']],
    ['?ids=', []],
    ['?ids=var,,../etc,flowar,var', ['var', 'flowar']],
    ['', undefined],
    ['?q=var', undefined],
  ])('reads the shared link %j as %j', (search, ids) => expect(parseShared(search)).toEqual(ids));

  it('shares a list as a readable query that reads back the same', () => {
    expect(shareQuery(['var', 'flowar'])).toBe('?ids=var,flowar');
    expect(parseShared(shareQuery(['var', 'flowar']))).toEqual(['var', 'flowar']);
  });

  it('adds at the end once, removes, and merges a shared list after the own one', () => {
    expect(addId(['a'], 'b')).toEqual(['a', 'b']);
    expect(addId(['a', 'b'], 'a')).toEqual(['a', 'b']);
    expect(removeId(['a', 'b'], 'a')).toEqual(['b']);
    expect(mergeIds(['a', 'b'], ['c', 'a'])).toEqual(['a', 'b', 'c']);
  });

  it('tells papers the survey has from ids it no longer has', () => {
    expect(partitionKnown(['a', 'gone', 'b'], new Set(['a', 'b']))).toEqual({ known: ['a', 'b'], unknown: ['gone'] });
  });

  it('keeps the lists of different surveys apart', () => expect(storageKey('ar-survey')).not.toBe(storageKey('other')));
  it('drops anything that is not a paper id', () => expect(cleanIds(['ok-1', 'UPPER', 'a b', 'x', 'x'])).toEqual(['ok-1', 'x']));
});

describe('reading list cards', () => {
  it.each([
    ['/', 'papers/var/', false, '/papers/var/'],
    ['/survey/', 'papers/var/', false, '/survey/papers/var/'],
    ['../', 'papers/var/', true, '../papers/var/index.html'],
    ['./', 'papers/var.html', true, './papers/var.html'],
  ])('links %s + %s (offline: %s) as %s', (base, path, offline, href) => expect(paperHref(base, path, offline)).toBe(href));

  it.each([
    [{ authors: ['Keyu Tian', 'Yi Jiang', 'Zehuan Yuan', 'Bingyue Peng'], year: 2024, venue: 'NeurIPS 2024' }, 'Keyu Tian, Yi Jiang, Zehuan Yuan et al. · 2024 · NeurIPS 2024'],
    [{ authors: ['Ada Lovelace'], year: 2023, venue: '' }, 'Ada Lovelace · 2023 · Preprint'],
  ])('writes the byline of %j as %j', (paper, byline) => expect(cardByline(paper)).toBe(byline));

  it.each([
    [0, false, 'Your reading list is empty. Use “Add to reading list” on any paper’s page.'],
    [1, false, '1 paper in your reading list, in the order you added them.'],
    [2, false, '2 papers in your reading list, in the order you added them.'],
    [2, true, 'This shared list has 2 papers.'],
    [1, true, 'This shared list has 1 paper.'],
    [0, true, 'This shared list has no papers of this survey.'],
  ])('says %i papers (shared: %s) as %j', (count, shared, text) => expect(describeList(count, shared)).toBe(text));
});
