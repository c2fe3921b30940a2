import { describe, expect, it } from 'vitest';
import { describeResults, emptyState, hasFilters, parseState, serializeState, yearsInRange } from '../../src/lib/search-state';

describe('search state in the URL', () => {
  it.each([
    ['', ''],
    ['?q=speculative+decoding', '?q=speculative+decoding'],
    ['?q=vq&topic=a&topic=b&venue=ICLR&tag=x&from=2023&to=2024&sort=newest', '?q=vq&topic=a&topic=b&venue=ICLR&tag=x&from=2023&to=2024&sort=newest'],
    ['?sort=relevance&from=abc&topic=&topic=a&topic=a', '?topic=a'],
  ])('round-trips %s as %s', (input, output) => {
    expect(serializeState(parseState(input))).toBe(output);
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
  it('describes the results for the live region', () => {
    expect(describeResults({ ...emptyState(), q: 'vq' }, 1)).toBe('1 paper match “vq”.');
    expect(describeResults({ ...emptyState(), q: 'vq', topic: ['a'], from: 2020 }, 3)).toBe('3 papers match “vq”, filtered by topic, year.');
    expect(describeResults({ ...emptyState(), tag: ['x'] }, 0)).toBe('No papers match, filtered by tag.');
  });
});
