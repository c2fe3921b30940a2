import { describe, expect, it } from 'vitest';
import { addId, cleanIds, mergeIds, parseShared, parseStored, partitionKnown, removeId, serializeIds, shareQuery, storageKey } from '../../src/lib/reading-list';

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
