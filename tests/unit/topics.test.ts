import { describe, expect, it } from 'vitest';
import { buildTopicTree, expandTopics, papersByTopic, topicSections } from '../../src/lib/topics';

const topics = [
  { id: 'decoding', title: 'Decoding', order: 2 },
  { id: 'visual', title: 'Visual', order: 1 },
  { id: 'speculative', title: 'Speculative', order: 1, parent: 'decoding' },
  { id: 'parallel', title: 'Parallel', order: 2, parent: 'decoding' },
];
const papers = [
  { id: 'spec', topics: ['speculative'] },
  { id: 'both', topics: ['speculative', 'parallel'] },
  { id: 'general', topics: ['decoding'] },
  { id: 'vis', topics: ['visual', 'parallel'] },
];

describe('topics', () => {
  it('builds the tree in order', () => {
    expect(buildTopicTree(topics).map((n) => [n.topic.id, n.children.map((c) => c.id)])).toEqual([
      ['visual', []],
      ['decoding', ['speculative', 'parallel']],
    ]);
  });
  it('adds the parents of sub-topics', () => {
    expect(expandTopics(['speculative', 'visual'], topics)).toEqual(['speculative', 'decoding', 'visual']);
  });
  it('lists a parent’s papers once each, with those of its sub-topics', () => {
    const map = papersByTopic(papers, topics);
    expect(map.get('decoding')?.map((p) => p.id)).toEqual(['spec', 'both', 'general', 'vis']);
    expect(map.get('parallel')?.map((p) => p.id)).toEqual(['both', 'vis']);
    expect(map.get('visual')?.map((p) => p.id)).toEqual(['vis']);
  });
  it('splits a parent topic page into sub-topic sections, then papers filed under the parent only', () => {
    const sections = topicSections(topics[0]!, topics, papersByTopic(papers, topics).get('decoding')!);
    expect(sections.map((s) => [s.topic?.id ?? null, s.papers.map((p) => p.id)])).toEqual([
      ['speculative', ['spec', 'both']],
      ['parallel', ['both', 'vis']],
      [null, ['general']],
    ]);
  });
});
