import { describe, expect, it } from 'vitest';
import { PaperSchema } from '../../src/schemas/paper';
import { TopicSchema } from '../../src/schemas/topic';
import { validPaper } from '../helpers/content';

const errorsOf = (data: unknown) => {
  const result = PaperSchema.safeParse(data);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('PaperSchema', () => {
  it('accepts a complete paper and fills defaults', () => {
    const { tags: _tags, results: _results, ...minimal } = validPaper;
    const parsed = PaperSchema.parse(minimal);
    expect(parsed.tags).toEqual([]);
    expect(parsed.results).toEqual([]);
  });

  it.each([
    ['title', { title: '' }, 'title: title must not be empty.'],
    ['title with the abstract pasted in', { title: `A Title. ${'An abstract sentence. '.repeat(15)}` }, 'title: title must be the paper’s title alone, at most 300 characters.'],
    ['name that is a phrase', { name: 'the visual autoregressive model of this paper' }, 'name: name must be the short name the paper goes by, at most 40 characters, like VAR.'],
    ['authors', { authors: [] }, 'authors: authors must list at least one name.'],
    ['year', { year: 2024.5 }, 'year: year must be a whole number, like 2024.'],
    ['arxiv as a number', { arxiv: 2404.02905 }, 'arxiv: arxiv must be a quoted string, like "2404.02905".'],
    ['arxiv with a version', { arxiv: '2404.02905v2' }, 'arxiv: arxiv must be an arXiv id without prefix or version, like "2404.02905".'],
    ['arxiv id missing its last digit', { arxiv: '2501.1930' }, 'arxiv: "2501.1930" has 4 digits after the dot, but an arXiv id from 2015 on has 5, like "2404.02905".'],
    ['arxiv id before 2015 with five digits', { arxiv: '1412.12345' }, 'arxiv: "1412.12345" has 5 digits after the dot, but an arXiv id before 2015 has 4, like "1412.0001".'],
    ['arxiv id with one digit after the dot', { arxiv: '2401.1' }, 'arxiv: "2401.1" has 1 digit after the dot, but an arXiv id from 2015 on has 5, like "2404.02905".'],
    ['arxiv id with month 13', { arxiv: '2513.12345' }, 'arxiv: "2513.12345" does not start with a year and month (YYMM): 13 is no month.'],
    ['doi', { doi: 'https://doi.org/10.1/x' }, 'doi: doi must look like "10.1162/neco_a_01228", without https://doi.org/.'],
    ['code over http', { code: 'http://github.com/x/y' }, 'code: code must be an https:// URL.'],
    ['doi that closes its BibTeX field', { doi: '10.1234/x},note={\\input{/etc/passwd}},y={' }, 'doi: doi must not contain {, }, \\, ", < or >: no DOI has them, and they would break its citation.'],
    ['doi with a quote', { doi: '10.1234/x"y' }, 'doi: doi must not contain {, }, \\, ", < or >: no DOI has them, and they would break its citation.'],
    ['url that closes its BibTeX field', { url: 'https://example.org/a}}@misc{fake2024,title={A+Fake+Entry},x={' }, 'url: url must not contain a space, {, }, \\, ", < or >, which would break its citation and its link.'],
    ['url with a space', { url: 'https://example.org/a b' }, 'url: url must not contain a space, {, }, \\, ", < or >, which would break its citation and its link.'],
    ['url with a backslash', { url: 'https://example.org/a\\b' }, 'url: url must not contain a space, {, }, \\, ", < or >, which would break its citation and its link.'],
    ['code with a user name before its host', { code: 'https://github.com@evil.example/FoundationVision/VAR' }, 'code: code "https://github.com@evil.example/FoundationVision/VAR" leads to evil.example: what comes before its "@" is a user name, not the site.'],
    ['url with a password', { url: 'https://survey.example.org:x@evil.example/' }, 'url: url "https://survey.example.org:x@evil.example/" leads to evil.example: what comes before its "@" is a user name, not the site.'],
    ['a tag in capitals', { tags: ['Image-Generation'] }, 'tags.0: a tag must be lowercase kebab-case, like "image-generation".'],
    ['a topic id with spaces', { topics: ['Message Passing'] }, 'topics.0: a topic id must be lowercase kebab-case, like "message-passing".'],
    ['a tag of punctuation', { tags: ['--'] }, 'tags.0: a tag must be lowercase kebab-case, like "next-scale-prediction".'],
    ['a tag with letters beyond ASCII', { tags: ['Größe-Straße'] }, 'tags.0: a tag must be lowercase kebab-case, like "grosse-strasse".'],
    ['title with a zero-width space', { title: 'Visual Autoregressive Mod\u200beling' }, 'title: a title has U+200B, an invisible character that formats text: with it, the title can look like another one, or read in another order than it is written.'],
    ['author name with a right-to-left override', { authors: ['Ada Lovelace', 'Alan \u202eTuring'] }, 'authors.1: an author name has U+202E, an invisible character that formats text: with it, the author name can look like another one, or read in another order than it is written.'],
    ['name with an isolate', { name: 'V\u2066AR' }, 'name: a name has U+2066, an invisible character that formats text: with it, the name can look like another one, or read in another order than it is written.'],
    ['no topics', { topics: [] }, 'topics: topics must list at least one topic id.'],
    ['a tag longer than a file name may be', { tags: ['x'.repeat(256)] }, `tags.0: a tag "${'x'.repeat(39)}…" has 256 characters, more than the 80 an id or tag may have.`],
    ['a topic id Windows keeps for a device', { topics: ['com1'] }, 'topics.0: a topic id "com1" is a name Windows keeps for a device, so the repository could not be checked out there, nor the offline edition unzipped.'],
    ['a long tldr', { tldr: 'x'.repeat(400) }, 'tldr: tldr must be one sentence of at most 320 characters.'],
    ['added', { added: '29/11/2026' }, 'added: added must be a date written YYYY-MM-DD.'],
    ['a result value with units', { results: [{ benchmark: 'b', metric: 'm', value: '3x', lower_is_better: false, source: 'abstract' }] }, 'results.0.value: value must be a number, without units (put the unit in metric).'],
  ])('rejects a bad %s with a message naming the field', (_name, patch, message) => {
    expect(errorsOf({ ...validPaper, ...patch })).toContain(message);
  });

  it('accepts the DOIs and URLs papers have, and gives one message for a DOI not of the form', () => {
    for (const doi of ['10.1162/neco_a_01228', '10.21437/Interspeech.2022-9996', '10.1007/s10618-025-01145-z']) {
      expect(errorsOf({ ...validPaper, doi })).toEqual([]);
    }
    expect(errorsOf({ ...validPaper, url: 'https://openreview.net/forum?id=a_B-1&x=%7B%7D#top', code: 'https://github.com/FoundationVision/VAR' })).toEqual([]);
    expect(errorsOf({ ...validPaper, doi: 'doi: 10.1/{x}' })).toEqual(['doi: doi must look like "10.1162/neco_a_01228", without https://doi.org/.']);
  });

  it('keeps the joiners that some scripts need in an author name', () => {
    expect(errorsOf({ ...validPaper, authors: ['\u0915\u094d\u200d\u0937 Lovelace', 'Ali \u200cRezaei'] })).toEqual([]);
  });

  it('rejects unknown keys so typos surface', () => {
    const result = PaperSchema.safeParse({ ...validPaper, tittle: 'x' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['tittle'] });
  });

  it('needs one of arxiv, doi or url', () => {
    const { arxiv: _arxiv, ...rest } = validPaper;
    expect(errorsOf(rest)).toContain('arxiv: a paper needs at least one of arxiv, doi or url so readers can find it.');
    expect(errorsOf({ ...rest, doi: '10.1162/neco_a_01228' })).toEqual([]);
    expect(errorsOf({ ...rest, url: 'https://example.org/paper' })).toEqual([]);
  });
});

describe('TopicSchema', () => {
  const topic = { title: 'Speculative decoding', description: 'Draft, then verify.', order: 1 };
  it('accepts a topic and a sub-topic', () => {
    expect(TopicSchema.safeParse(topic).success).toBe(true);
    expect(TopicSchema.safeParse({ ...topic, parent: 'decoding-acceleration' }).success).toBe(true);
  });
  it.each([
    [{ order: 'first' }, 'order'],
    [{ parent: 'Decoding' }, 'parent'],
    [{ title: '' }, 'title'],
    [{ colour: 'red' }, ''],
    [{ title: 'Speculative\u200f decoding' }, 'title'],
  ])('rejects %o', (patch, path) => {
    const result = TopicSchema.safeParse({ ...topic, ...patch });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.')).toBe(path);
  });
});
