import MiniSearch, { type Options } from 'minisearch';
import { beforeAll, describe, expect, it } from 'vitest';
import { offlineDocs } from '../../src/lib/offline-docs';
import { PAPER_INDEX_OPTIONS, type OfflineDoc } from '../../src/lib/offline-search';
import { indexAsPlainObject } from '../../src/lib/search-index';
import { loadSurvey } from '../../src/node/content';

/** The index MiniSearch itself makes, serialized. */
const miniSearchJson = <T>(docs: readonly T[], options: Options<T>) => {
  const index = new MiniSearch(options);
  index.addAll(docs);
  return JSON.stringify(index.toJSON());
};

let docs: OfflineDoc[];

beforeAll(async () => {
  const survey = await loadSurvey({ root: '.', base: '/' });
  const valid = <T extends { data?: unknown }>(entries: T[]) => entries.filter((entry): entry is T & { data: NonNullable<T['data']> } => entry.data !== undefined);
  docs = offlineDocs(valid(survey.papers), valid(survey.topics)).docs;
}, 60_000);

// The offline edition's index is made by `countTerms`, not by MiniSearch, which loads it in the
// browser: what it writes must be what MiniSearch would have, or searches would find other papers.
describe('the offline index, counted without MiniSearch', () => {
  it('is what MiniSearch makes of the survey’s papers, to the byte', () => {
    expect(docs.length).toBeGreaterThan(10);
    expect(JSON.stringify(indexAsPlainObject(docs, PAPER_INDEX_OPTIONS))).toBe(miniSearchJson(docs, PAPER_INDEX_OPTIONS));
  });

  it('is what MiniSearch makes of them in another order, with empty fields and words repeated', () => {
    const reordered = docs
      .slice()
      .reverse()
      .map((doc, id) => ({ ...doc, id, title: `${doc.title} ${doc.title.split(' ')[0]}`, ...(id % 3 === 0 && { tldr: '' }) }));
    expect(JSON.stringify(indexAsPlainObject(reordered, PAPER_INDEX_OPTIONS))).toBe(miniSearchJson(reordered, PAPER_INDEX_OPTIONS));
  });

  it('follows MiniSearch’s defaults and its handling of terms made into several or none', () => {
    type Note = { key: string; body?: string | null; tags?: string };
    const notes: Note[] = [
      { key: 'a', body: 'Draft, verify; draft again.', tags: 'fast fast' },
      { key: 'b', body: null, tags: 'slow' },
      { key: 'c', tags: '' },
      { key: 'd', body: 'Verify the draft: the end.' },
    ];
    const options: Options<Note> = {
      fields: ['body', 'tags'],
      idField: 'key',
      // Stop words go; "draft" is also indexed as "drafts"; a term of list may be empty.
      processTerm: (term) => (term === 'the' ? null : term === 'draft' ? [term, `${term}s`] : term === 'end' ? [term, ''] : term.toLowerCase()),
    };
    const ours = indexAsPlainObject(notes, options);
    expect(JSON.stringify(ours)).toBe(miniSearchJson(notes, options));
    // And MiniSearch finds the same in it.
    const loaded = MiniSearch.loadJS(ours, options);
    expect(loaded.search('drafts').map((r) => r.id)).toEqual(['a', 'd']);
  });

  it('refuses what MiniSearch refuses', () => {
    const options: Options<{ id?: number; text: string }> = { fields: ['text'] };
    expect(() => indexAsPlainObject([{ id: 1, text: 'x' }, { id: 1, text: 'y' }], options)).toThrow('MiniSearch: duplicate ID 1');
    expect(() => indexAsPlainObject([{ text: 'x' }], options)).toThrow('does not have ID field "id"');
  });
});
