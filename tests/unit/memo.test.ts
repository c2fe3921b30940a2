import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildModel, type RelatedMemo } from '../../src/lib/model';
import { buildRelated } from '../../src/lib/related';
import { memo, openMemos, saveMemos } from '../../src/node/memo';
import type { Paper } from '../../src/schemas/paper';
import type { Topic } from '../../src/schemas/topic';

afterEach(() => openMemos(undefined, ''));

describe('build memos', () => {
  it('give a later build what an earlier one stored with the same code, and nothing with other code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'survey-memo-'));
    openMemos(dir, 'code-1');
    memo('citations')!.set('bib\0{"title":"A"}', '@article{a}');
    memo('citations')!.set('bib\0{"title":"B"}', '@article{b}');
    saveMemos();
    expect(memo('citations')).toBeUndefined();

    openMemos(dir, 'code-1');
    expect(memo('citations')!.get('bib\0{"title":"A"}')).toBe('@article{a}');
    expect(memo('citations')!.get('bib\0{"title":"C"}')).toBeUndefined();
    saveMemos();
    // What this build did not ask for is gone from the file.
    openMemos(dir, 'code-1');
    expect(memo('citations')!.get('bib\0{"title":"A"}')).toBe('@article{a}');
    expect(memo('citations')!.get('bib\0{"title":"B"}')).toBeUndefined();

    openMemos(dir, 'code-2');
    expect(memo('citations')!.get('bib\0{"title":"A"}')).toBeUndefined();
  });

  it('start empty from a damaged file, and are not opened without a cache folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'survey-memo-'));
    writeFileSync(join(dir, 'memo-related.json'), '{"fingerprint": "code-1", "entr');
    openMemos(dir, 'code-1');
    expect(memo('related')!.get('anything')).toBeUndefined();
    memo('related')!.set('anything', 'value');
    saveMemos();
    expect(JSON.parse(readFileSync(join(dir, 'memo-related.json'), 'utf8')).fingerprint).toBe('code-1');

    openMemos(undefined, 'code-1');
    expect(memo('related')).toBeUndefined();
    saveMemos();
    expect(existsSync(join(dir, 'memo-citations.json'))).toBe(false);
  });
});

// Test papers written for this test; they describe no real work.
const topics = [
  { id: 'decoding', title: 'Decoding', order: 1, narrativeHtml: '' },
  { id: 'speculative', title: 'Speculative decoding', parent: 'decoding', order: 1, narrativeHtml: '' },
] as unknown as Topic[];
const paper = (id: string, title: string, abstract: string) =>
  ({ id, title, abstract, authors: ['A. Author'], year: 2024, topics: ['speculative'], tags: ['draft-model'], added: '2024-01-01' }) as unknown as Paper;
const papers = [
  paper('spec-a', 'Speculative decoding with a draft model', 'A small draft model proposes tokens that the large model verifies.'),
  paper('spec-b', 'Tree verification for speculative decoding', 'Draft tokens are verified as a tree by the large model.'),
  paper('spec-c', 'Draft heads for faster decoding', 'Extra heads draft tokens that the model verifies in one step.'),
];

class CountingMemo implements RelatedMemo {
  readonly values = new Map<string, string>();
  sets = 0;
  get(inputs: string) {
    return this.values.get(inputs);
  }
  set(inputs: string, related: string) {
    this.sets++;
    this.values.set(inputs, related);
  }
}

describe('the related papers of a build', () => {
  it('are computed once for the same titles, abstracts, tags and topics, and are the ones computed without a memo', () => {
    const kept = new CountingMemo();
    const expected = buildRelated(buildModel(papers, topics).papers, topics);
    const first = buildModel(papers, topics, { related: kept });
    expect(first.related('spec-a')).toEqual(expected.get('spec-a'));
    expect(kept.sets).toBe(1);

    // Notes and other fields do not change related papers: the memo answers.
    const edited = papers.map((p) => (p.id === 'spec-b' ? { ...p, notesHtml: '<p>New notes</p>', venue: 'A venue' } : p));
    const second = buildModel(edited, topics, { related: kept });
    expect(second.related('spec-b')).toEqual(buildRelated(buildModel(edited, topics).papers, topics).get('spec-b'));
    expect(kept.sets).toBe(1);

    // A changed abstract does.
    const rewritten = papers.map((p) => (p.id === 'spec-c' ? { ...p, abstract: 'Lattice proteins fold.' } : p));
    const third = buildModel(rewritten, topics, { related: kept });
    expect(third.related('spec-a')).toEqual(buildRelated(buildModel(rewritten, topics).papers, topics).get('spec-a'));
    expect(kept.sets).toBe(2);
    expect(() => third.related('nope')).toThrow('Unknown paper "nope"');
  });
});
