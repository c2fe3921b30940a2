import { describe, expect, it } from 'vitest';
import { normalizeTitle } from '../../src/lib/normalize';
import { didYouMean, shownEntries, validateSurvey } from '../../src/lib/validate';

// What the dev server shows while some entries have problems: [id, topics] papers, [id, parent] topics.
const paper = (id: string, topics: string[] | undefined) => ({ id, data: topics && ({ topics } as never) });
const topic = (id: string, parent?: string | null) => ({ id, data: parent === null ? undefined : ({ ...(parent ? { parent } : {}) } as never) });
const shown = (papers: ReturnType<typeof paper>[], topics: ReturnType<typeof topic>[]) => {
  const ids = shownEntries(papers, topics);
  return { papers: [...ids.papers], topics: [...ids.topics] };
};

describe('shownEntries', () => {
  it('shows every paper and topic of a survey without problems', () => {
    expect(shown([paper('a', ['t', 's']), paper('b', ['s'])], [topic('t'), topic('s', 't')])).toEqual({ papers: ['a', 'b'], topics: ['t', 's'] });
  });
  it.each([
    ['a topic that does not exist', [paper('a', ['t', 'typo'])], [topic('t')], { papers: [], topics: ['t'] }],
    ['a topic whose front-matter has problems', [paper('a', ['t'])], [topic('t', null)], { papers: [], topics: [] }],
    ['a sub-topic of a topic that does not exist', [paper('a', ['s'])], [topic('s', 'typo')], { papers: [], topics: [] }],
    ['a sub-topic of a sub-topic', [paper('a', ['u']), paper('b', ['s'])], [topic('t'), topic('s', 't'), topic('u', 's')], { papers: ['b'], topics: ['t', 's'] }],
    ['a topic that is its own parent', [paper('a', ['t'])], [topic('t', 't')], { papers: [], topics: [] }],
    ['problems in its own front-matter', [paper('a', undefined), paper('b', ['t'])], [topic('t')], { papers: ['b'], topics: ['t'] }],
  ])('leaves out a paper with %s', (_, papers, topics, expected) => {
    expect(shown(papers, topics)).toEqual(expected);
  });
});

describe('didYouMean', () => {
  const topics = ['speculative-decoding', 'parallel-decoding', 'time-series'];
  it('names the known topic a misspelt one is nearest to', () => {
    expect(didYouMean('speculative-decodng', topics)).toBe('Did you mean speculative-decoding? ');
    expect(didYouMean('time-serie', topics)).toBe('Did you mean time-series? ');
  });
  it('suggests nothing for a topic more than two edits from every known one', () => {
    expect(didYouMean('nlp', topics)).toBe('');
    expect(didYouMean('decoding', topics)).toBe('');
  });
});

describe('duplicate titles', () => {
  it('are found through invisible characters, which a title may not hold but a copy may try', () => {
    expect(normalizeTitle('Visual Autoregressive Mod\u200beling: Scalable\u2060 Image Generation')).toBe(normalizeTitle('Visual Autoregressive Modeling: Scalable Image Generation'));
    const entry = (id: string, title: string) => ({ id, file: `content/papers/${id}.mdx`, data: undefined, fields: { title }, links: [], positions: {} });
    const issues = validateSurvey([entry('var', 'Visual Autoregressive Modeling'), entry('copy', 'Visual Autoregressive Mod\u200beling')], []);
    expect(issues.map((i) => [i.file, i.rule])).toEqual([
      ['content/papers/copy.mdx', 'duplicate-title'],
      ['content/papers/var.mdx', 'duplicate-title'],
    ]);
  });
});
