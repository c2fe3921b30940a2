import { describe, expect, it } from 'vitest';
import { describeResults, emptyState, hasFilters, parseState, serializeState, withYearBound, yearsInRange } from '../../src/lib/search-state';

describe('search state in the URL', () => {
  it.each([
    ['', ''],
    ['?q=speculative+decoding', '?q=speculative+decoding'],
    ['?q=vq&topic=a&topic=b&venue=ICLR&tag=x&from=2023&to=2024&sort=newest', '?q=vq&topic=a&topic=b&venue=ICLR&tag=x&from=2023&to=2024&sort=newest'],
    ['?sort=relevance&from=abc&topic=&topic=a&topic=a', '?topic=a'],
    ['?from=2025&to=2019', '?from=2019&to=2025'],
  ])('round-trips %s as %s', (input, output) => {
    expect(serializeState(parseState(input))).toBe(output);
  });
  it('never makes a reversed year range: the other end follows the one set', () => {
    const range = { ...emptyState(), from: 2019, to: 2022 };
    expect(withYearBound(range, 'from', 2024)).toMatchObject({ from: 2024, to: 2024 });
    expect(withYearBound(range, 'to', 2018)).toMatchObject({ from: 2018, to: 2018 });
    expect(withYearBound(range, 'from', 2020)).toMatchObject({ from: 2020, to: 2022 });
    expect(withYearBound(range, 'to', undefined)).toMatchObject({ from: 2019, to: undefined });
  });
  it('falls back to relevance for an unknown sort', () => {
    expect(parseState('?sort=random').sort).toBe('relevance');
  });
  it('knows when filters are set', () => {
    expect(hasFilters(emptyState())).toBe(false);
    expect(hasFilters({ ...emptyState(), q: 'x' })).toBe(false);
    expect(hasFilters({ ...emptyState(), from: 2020 })).toBe(true);
  });
  it('turns a year range into years', () => {
    expect(yearsInRange({ from: 2020, to: 2022 }, [2018, 2020, 2021, 2022, 2025])).toEqual([2020, 2021, 2022]);
    expect(yearsInRange({ from: undefined, to: 2019 }, [2018, 2020])).toEqual([2018]);
  });
  it.each([
    [{ q: 'vq' }, 1, '1 paper matches “vq”.'],
    [{ q: 'vq' }, 2, '2 papers match “vq”.'],
    [{ q: 'vq' }, 0, 'No papers match “vq”.'],
    [{ q: 'vq', topic: ['a'], from: 2020 }, 3, '3 papers match “vq”, filtered by topic, year.'],
    [{ q: 'vq', topic: ['a'] }, 1, '1 paper matches “vq”, filtered by topic.'],
    [{ tag: ['x'] }, 1, '1 paper, filtered by tag.'],
    [{ tag: ['x'] }, 0, 'No papers match, filtered by tag.'],
    [{}, 12, '12 papers.'],
  ])('describes %o with %i results as %s', (state, total, text) => {
    expect(describeResults({ ...emptyState(), ...state }, total)).toBe(text);
  });
});
