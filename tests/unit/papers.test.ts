import { describe, expect, it } from 'vitest';
import { shortAuthors, venueLabel, venueName } from '../../src/lib/labels';
import { countTags, groupByYear, newestAdditions, sortPapers } from '../../src/lib/papers';
import { spellsTag, tagLabel } from '../../src/lib/tags';
import { survey } from '../../src/survey.config';

const p = (id: string, year: number, title: string, extra: Record<string, unknown> = {}) => ({ id, year, title, topics: ['t'], tags: [], added: '2026-01-01', ...extra });

describe('sortPapers', () => {
  const papers = [p('b', 2023, 'Beta'), p('a', 2024, 'Alpha'), p('c', 2023, 'Alpha')];
  it.each([
    ['newest', ['a', 'c', 'b']],
    ['oldest', ['c', 'b', 'a']],
    ['title', ['a', 'c', 'b']],
  ] as const)('sorts by %s, ties by title', (order, ids) => {
    expect(sortPapers(papers, order).map((x) => x.id)).toEqual(ids);
  });
  it('orders a title with math as it reads', () => {
    // As written, "$k$-ary" would come first: a dollar sign sorts before every letter.
    const titled = [p('z', 2024, 'Zeta'), p('k', 2024, '$k$-ary Trees'), p('a', 2024, 'Alpha')];
    expect(sortPapers(titled, 'title').map((x) => x.id)).toEqual(['a', 'k', 'z']);
  });
  it('does not change its input', () => {
    const copy = [...papers];
    sortPapers(papers);
    expect(papers).toEqual(copy);
  });
});

describe('listings', () => {
  it('puts the most recently added first', () => {
    const papers = [p('old', 2025, 'A', { added: '2025-01-01' }), p('new', 2019, 'B', { added: '2026-02-01' })];
    expect(newestAdditions(papers, 1).map((x) => x.id)).toEqual(['new']);
  });
  it('groups by year, newest year first', () => {
    expect(groupByYear([p('a', 2022, 'A'), p('b', 2024, 'B'), p('c', 2022, 'C')]).map((g) => [g.year, g.papers.map((x) => x.id)])).toEqual([
      [2024, ['b']],
      [2022, ['a', 'c']],
    ]);
  });
  it('counts tags, most used first', () => {
    expect(countTags([{ tags: ['x', 'y'] }, { tags: ['y'] }])).toEqual([{ tag: 'y', count: 2 }, { tag: 'x', count: 1 }]);
  });
});

describe.each([
  [{ venue: 'NeurIPS 2024' }, 'NeurIPS 2024', 'NeurIPS'],
  [{ venue: 'Data Mining and Knowledge Discovery 2025' }, 'Data Mining and Knowledge Discovery 2025', 'Data Mining and Knowledge Discovery'],
  [{}, 'Preprint', 'Preprint'],
])('venue of %o', (paper, label, name) => {
  it(`is labelled "${label}" and grouped as "${name}"`, () => {
    expect(venueLabel(paper)).toBe(label);
    expect(venueName(paper)).toBe(name);
  });
});

it('shortens long author lists', () => {
  expect(shortAuthors(['A', 'B'])).toBe('A, B');
  expect(shortAuthors(['A', 'B', 'C', 'D'])).toBe('A, B, C et al.');
});

describe('tagLabel', () => {
  it('reads a tag as its words, or as the label the survey gives it', () => {
    expect(tagLabel('image-generation', {})).toBe('image generation');
    expect(tagLabel('kv-cache', { 'kv-cache': 'KV cache' })).toBe('KV cache');
    // By default, the labels of src/survey.config.ts: "KV cache" in the first survey; a fork may have none.
    expect(tagLabel('kv-cache')).toBe(survey.tagLabels['kv-cache'] ?? 'kv cache');
  });

  it("accepts only labels that spell their tag, so a label never renames one", () => {
    expect(spellsTag('kv-cache', 'KV cache')).toBe(true);
    expect(spellsTag('mlp-mixer', 'MLP-Mixer')).toBe(true);
    expect(spellsTag('kv-cache', 'key-value cache')).toBe(false);
    const wrong = Object.entries(survey.tagLabels).filter(([tag, label]) => !spellsTag(tag, label));
    expect(wrong).toEqual([]);
  });
});
