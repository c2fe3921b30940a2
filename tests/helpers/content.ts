import { stringify } from 'yaml';

/** A valid paper front-matter; tests override one field at a time. */
export const validPaper = {
  title: 'A Test Paper on Next-Scale Prediction',
  authors: ['Ada Lovelace', 'Alan Turing'],
  year: 2024,
  arxiv: '2404.02905',
  topics: ['next-scale-prediction'],
  tags: ['image-generation'],
  tldr: 'It tests things.',
  abstract: 'We test $x^2$ things.',
  results: [],
  added: '2026-11-29',
};

/** The text of an MDX file with `frontmatter` and an optional body. */
export function mdx(frontmatter: Record<string, unknown>, body = ''): string {
  return `---\n${stringify(frontmatter)}---\n${body}`;
}
