import { describe, expect, it } from 'vitest';
import { cleanState, describeResults, emptyState, hasFilters, parseState, serializeState, withYearBound, yearsInRange } from '../../src/lib/search-state';

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
  it('reads a year only as four digits', () => {
    expect(parseState('?from=2023abc&to=24').from).toBeUndefined();
    expect(parseState('?from=2023abc&to=24').to).toBeUndefined();
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

describe('a link cleaned to what the survey can show', () => {
  const known = { topic: ['time-series', 'speculative-decoding'], venue: ['ICLR', 'NeurIPS'], tag: ['training-free'], year: [2019, 2022, 2024, 2025] };
  const clean = (search: string) => {
    const { state, changes } = cleanState(search, known);
    return [serializeState(state), changes];
  };
  it.each([
    ['?from=abc&to=2024', '?to=2024', ['“abc” is not a year, so the year range has no start.']],
    ['?to=later', '', ['“later” is not a year, so the year range has no end.']],
    ['?from=2024&to=2022', '?from=2022&to=2024', ['The link gives the years from 2024 to 2022: read as 2022 to 2024.']],
    ['?from=2030&to=2020', '?from=2022', ['The link gives the years from 2030 to 2020: read as 2020 to 2030.']],
    ['?from=2030', '?from=2025', ['No paper is from 2030 or later: the years start at 2025, the latest.']],
    ['?to=2010', '?to=2019', ['No paper is from 2010 or earlier: the years end at 2019, the earliest.']],
    ['?sort=bogus&q=vq', '?q=vq', ['“bogus” is not an order the results can be sorted in (relevance, newest, oldest), so they keep the usual one.']],
    ['?topic=nlp&topic=time-series', '?topic=time-series', ['No paper has the topic “nlp”, so it is left out.']],
    ['?venue=Nowhere&tag=none', '', ['No paper has the venue “Nowhere”, so it is left out.', 'No paper has the tag “none”, so it is left out.']],
    ['?q=a&q=b', '?q=a', ['The link gives a search twice: “a” is used and “b” left out.']],
    ['?from=2022&from=2024', '?from=2022', ['The link gives the start of the year range twice: 2022 is used and 2024 left out.']],
    ['?sort=newest&sort=oldest', '?sort=newest', ['The link gives an order twice: newest is used and oldest left out.']],
  ])('reads %s as %s, saying what changed', (input, output, changes) => {
    expect(clean(input)).toEqual([output, changes]);
  });
  it.each([
    ['a value twice, or empty', '?topic=time-series&topic=time-series&topic=&q=vq&q=vq', '?q=vq&topic=time-series'],
    ['a value in other capitals', '?topic=Time-Series&venue=iclr&sort=Newest', '?topic=time-series&venue=ICLR&sort=newest'],
    ['a start at or before the first year, an end at or after the last', '?from=2015&to=2025', ''],
    ['a year no paper is from, as the next year papers are from', '?from=2020&to=2023', '?from=2022&to=2022'],
    ['a parameter the page does not know', '?utm_source=feed&q=vq', '?q=vq'],
  ])('silently tidies %s, which finds the same papers', (_, input, output) => {
    expect(clean(input)).toEqual([output, []]);
  });
  it('leaves a clean link as it is', () => {
    const link = '?q=vq&topic=time-series&venue=ICLR&tag=training-free&from=2022&to=2024&sort=oldest';
    expect(clean(link)).toEqual([link, []]);
  });
});
