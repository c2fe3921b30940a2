import { describe, expect, it } from 'vitest';
import { compareOrderKeys, orderKey, pagefindSort, pagefindSortValues, type DateOrder } from '../../src/lib/search-order';

const papers = [
  { id: 'b', year: 2024, title: 'Zeta Models' },
  { id: 'a', year: 2024, title: 'zeta models' },
  { id: 'c', year: 2024, title: 'Ávila: Alpha' },
  { id: 'd', year: 2023, title: 'Beta' },
  { id: 'e', year: 2024, title: 'Alpha' },
  { id: 'f', year: 2025, title: 'Gamma, Delta and $k$-ary Trees' },
];
const sorted = (order: DateOrder) => [...papers].sort((x, y) => compareOrderKeys(orderKey(x, order), orderKey(y, order))).map((p) => p.id);

describe('the order of sorted search results', () => {
  it('sorts papers newest first, then by title ignoring case and accents, then by id', () => {
    expect(sorted('newest')).toEqual(['f', 'e', 'c', 'a', 'b', 'd']);
  });
  it('sorts papers oldest first, a year’s papers still by title', () => {
    expect(sorted('oldest')).toEqual(['d', 'e', 'c', 'a', 'b', 'f']);
  });
  it('puts a title before the longer titles it begins', () => {
    expect(compareOrderKeys(orderKey({ id: 'z', year: 2024, title: 'Alpha' }, 'newest'), orderKey({ id: 'a', year: 2024, title: 'Alpha Beta' }, 'newest'))).toBe(-1);
  });
  it('makes keys of the paper alone, in characters Pagefind and JavaScript order alike', () => {
    expect(orderKey(papers[2]!, 'newest')).toBe('7975avila-alpha+c');
    expect(orderKey(papers[2]!, 'oldest')).toBe('2024avila-alpha+c');
    expect(orderKey({ id: 'x', year: 2024, title: 'Modèle 𠀀 à étapes' }, 'oldest')).toBe('2024modele-a-etapes+x');
  });
  it('gives Pagefind a sort value per order, asked for ascending', () => {
    expect(pagefindSortValues(papers[3]!)).toEqual({ newest: '7976beta+d', oldest: '2023beta+d' });
    expect(pagefindSort('oldest')).toEqual({ oldest: 'asc' });
  });
});
