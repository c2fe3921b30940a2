import { describe, expect, it } from 'vitest';
import { paperCitationFiles, parseCitationPath } from '../../src/lib/citation-files';

const paper = (id: string, title: string) => ({ id, title, authors: ['Keyu Tian'], year: 2024, arxiv: '2404.02905', topics: ['t'], tags: [], added: '2026-01-01' });

describe('paper citation files', () => {
  it('gives every paper a BibTeX, RIS and CSL-JSON file under its id, keys unique across the survey', () => {
    const files = paperCitationFiles([paper('b', 'Visual Things'), paper('a', 'Visual Stuff')]);
    expect(files.map((f) => f.path)).toEqual(['papers/b.bib', 'papers/b.ris', 'papers/b.csl.json', 'papers/a.bib', 'papers/a.ris', 'papers/a.csl.json']);
    // Added the same day, the first id keeps the key and the other gets b (src/lib/citation.ts).
    expect(files[0]!.body).toMatch(/^@article\{tian2024visualb,/);
    expect(files[3]!.body).toMatch(/^@article\{tian2024visual,/);
    expect(files[1]!.type).toContain('research-info-systems');
  });
  it.each([
    ['papers/var.bib', { id: 'var', format: 'bib' }],
    ['papers/var.csl.json', { id: 'var', format: 'csl.json' }],
    ['papers/var/', undefined],
    ['papers/../x.bib', undefined],
  ])('reads the request path %s', (path, expected) => {
    expect(parseCitationPath(path)).toEqual(expected);
  });
});
