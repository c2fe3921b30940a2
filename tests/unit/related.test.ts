import { describe, expect, it } from 'vitest';
import { buildRelated, prepareRelated, tokenize } from '../../src/lib/related';
import { tagLabel } from '../../src/lib/tags';

const topics = [
  { id: 'visual', title: 'Visual generation', parent: undefined, order: 1 },
  { id: 'next-scale', title: 'Next-scale prediction', parent: 'visual', order: 1 },
  { id: 'masked', title: 'Masked generation', parent: 'visual', order: 2 },
  { id: 'decoding', title: 'Decoding acceleration', parent: undefined, order: 2 },
  { id: 'speculative', title: 'Speculative decoding', parent: 'decoding', order: 1 },
];
// Test papers written for this test; they describe no real work.
const paper = (id: string, title: string, abstract: string, topicIds: string[], tags: string[] = []) => ({ id, title, abstract, topics: topicIds, tags });
const papers = [
  paper('scale-a', 'Coarse-to-fine image generation by next-scale prediction', 'We predict token maps scale by scale for image synthesis on ImageNet.', ['next-scale'], ['next-scale-prediction', 'imagenet']),
  paper('scale-b', 'Faster next-scale prediction for images', 'Next-scale prediction generates images from coarse token maps to fine ones.', ['next-scale'], ['next-scale-prediction']),
  paper('masked-a', 'Masked token modeling for image generation', 'Masked prediction of image tokens in parallel, evaluated on ImageNet.', ['masked'], ['imagenet']),
  paper('spec-a', 'Speculative decoding with a draft model', 'A small draft model proposes tokens that the large model verifies, speeding up decoding.', ['speculative'], ['draft-model']),
  paper('spec-b', 'Tree verification for speculative decoding', 'Draft tokens are verified as a tree, accepting more tokens per step of the large model.', ['speculative'], ['draft-model']),
  paper('lonely', 'Protein folding with lattice models', 'Lattice proteins fold.', ['decoding']),
];

describe('tokenize', () => {
  it('keeps stemmed content words and drops stop words, numbers and math', () => {
    expect(tokenize('We propose the Generators of $x^{256}$ images in 2024').map((t) => t.stem)).toEqual(['gener', 'imag']);
  });
});

describe('buildRelated', () => {
  const related = buildRelated(papers, topics);
  it('ranks the paper on the same idea first', () => {
    expect(related.get('scale-a')![0]!.id).toBe('scale-b');
    expect(related.get('spec-a')![0]!.id).toBe('spec-b');
  });
  it('ranks a paper of the same broad topic above one of another topic', () => {
    const ids = related.get('scale-a')!.map((r) => r.id);
    expect(ids.indexOf('masked-a')).toBeLessThan(ids.includes('spec-a') ? ids.indexOf('spec-a') : Infinity);
  });
  // Tags read as the survey's labels (src/survey.config.ts), which a fork's survey has its own of.
  it('explains with shared topics and shared tags', () => {
    expect(related.get('scale-a')![0]!.reason).toBe(`Shares the topic Next-scale prediction; both about ${tagLabel('next-scale-prediction')}.`);
    expect(related.get('spec-a')![0]!.reason).toBe('Shares the topic Speculative decoding; both about draft model.');
  });
  it('falls back to the parent topic and the weightiest shared words', () => {
    const masked = related.get('scale-a')!.find((r) => r.id === 'masked-a')!;
    expect(masked.reason).toMatch(/^Shares the topic Visual generation; both about /);
    expect(masked.reason).toContain(tagLabel('imagenet'));
  });
  it('never relates a paper to itself, lists at most max, best first', () => {
    const small = buildRelated(papers, topics, { max: 2 });
    for (const [id, list] of small) {
      expect(list.length).toBeLessThanOrEqual(2);
      expect(list.map((r) => r.id)).not.toContain(id);
      expect(list.map((r) => r.score)).toEqual([...list.map((r) => r.score)].sort((a, b) => b - a));
    }
  });
  it('is deterministic, whatever the input order', () => {
    const reversed = buildRelated([...papers].reverse(), topics);
    for (const p of papers) expect(reversed.get(p.id)).toEqual(related.get(p.id));
  });
  it('gives nothing for a max of 0, and nothing for a paper sharing no word or topic', () => {
    expect(buildRelated(papers, topics, { max: 0 }).get('scale-a')).toEqual([]);
    const apart = buildRelated([paper('x', 'Alpha beta gamma', 'Delta.', ['masked']), paper('y', 'Omega', 'Sigma.', ['speculative'])], topics);
    expect(apart.get('x')).toEqual([]);
  });
});

describe('related papers that share no subject', () => {
  // Two pairs of papers on two subjects; across the pairs, the abstracts share only stray words.
  const stray = [
    paper('video-a', 'Video prediction transformers', 'Transformers predict future video frames from past frames with spatial and temporal attention; released models are motivated by expensive recurrent baselines.', ['masked'], ['video']),
    paper('video-b', 'Temporal video prediction with recurrent cells', 'Recurrent cells predict future video frames from past frames with temporal memory and spatial convolutions.', ['masked'], ['video']),
    paper('text-a', 'Multilingual language models', 'Multilingual language models learn many languages from multilingual corpora; released models are motivated by expensive monolingual baselines.', ['speculative'], ['multilingual']),
    paper('text-b', 'Scaling multilingual language models', 'Language models trained on multilingual corpora transfer across languages and scripts.', ['speculative'], ['multilingual']),
  ];
  it('are not related for a few stray words of their abstracts', () => {
    const related = buildRelated(stray, topics);
    expect(related.get('video-a')!.map((r) => r.id)).toEqual(['video-b']);
    expect(related.get('text-a')!.map((r) => r.id)).toEqual(['text-b']);
  });
  it('are explained by title words more than one paper has, never by a stray word of the abstracts', () => {
    const untagged = buildRelated(stray.map((p) => ({ ...p, tags: [] })), topics);
    expect(untagged.get('video-a')![0]!.reason).toBe('Shares the topic Masked generation; both about predict, video.');
  });
});

describe('buildRelated in a large survey', () => {
  it('finds the papers where a common word weighs most, even when hundreds of papers use it', () => {
    // 2,000 made-up papers; "quasar" is in 150 of them. In 148 it is one word among many; two papers
    // say little else, so it weighs most there, and they are placed last.
    const letters = (n: number) => String.fromCharCode(97 + (n % 26)) + String.fromCharCode(97 + Math.floor(n / 26) % 26) + String.fromCharCode(97 + Math.floor(n / 676));
    const filler = Array.from({ length: 1998 }, (_, i) => {
      const words = Array.from({ length: 8 }, (_, j) => `xq${letters(Math.floor(i / 2))}${'abcdefgh'[j]}`).join(' ');
      return paper(`filler-${i}`, `Filler ${letters(i)}`, `${i < 148 ? 'quasar ' : ''}${words}`, ['visual']);
    });
    const survey = [...filler, paper('quasar-a', 'Quasar', 'Quasar quasar.', ['masked']), paper('quasar-b', 'Quasars', 'Quasar.', ['speculative'])];
    const related = buildRelated(survey, topics);
    expect(related.get('quasar-a')![0]!.id).toBe('quasar-b');
    expect(related.get('quasar-b')![0]!.id).toBe('quasar-a');
  });
});

describe('prepareRelated', () => {
  it('gives each paper the related papers buildRelated gives, one paper at a time', () => {
    const relatedTo = prepareRelated(papers, topics);
    const all = buildRelated(papers, topics);
    for (const { id } of [...papers].reverse()) expect(relatedTo(id)).toEqual(all.get(id));
    expect(() => relatedTo('missing')).toThrow(/Unknown paper "missing"/);
  });
});
