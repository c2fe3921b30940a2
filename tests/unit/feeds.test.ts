import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { absoluteIn, atomFeed, FEED_SIZE, papersJson, robotsTxt, topicsJson, wellFormedFeed, xmlProblem } from '../../src/lib/feeds';
import { renderText } from '../../src/lib/render';
import { contentEntries } from '../helpers/survey';

const absolute = absoluteIn('https://example.org', '/survey/');
const paper = (id: string, added: string, over: Record<string, unknown> = {}) => ({
  id,
  title: `Paper ${id} & <friends>`,
  authors: ['Ada Lovelace', 'Jörg Müller'],
  year: 2024,
  venue: undefined as string | undefined,
  arxiv: '2404.02905' as string | undefined,
  doi: undefined as string | undefined,
  url: undefined as string | undefined,
  code: undefined as string | undefined,
  note: undefined as string | undefined,
  tldr: 'It compares a < b.',
  abstract: 'We study $x^2$.',
  topics: ['speculative-decoding'],
  tags: ['draft-model'],
  results: [{ benchmark: 'MT-Bench', metric: 'speedup (x)', value: 2.5, lower_is_better: false }],
  added,
  ...over,
});
const options = {
  self: 'feeds/papers.xml',
  page: '',
  title: 'Survey: new papers',
  subtitle: 'Papers as they are added.',
  authors: ['The survey maintainers'],
  rights: 'CC BY 4.0',
  emptyUpdated: '2026-01-01',
  absolute,
  topicTitle: (id: string) => (id === 'speculative-decoding' ? 'Speculative decoding' : id),
};
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
const asArray = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

describe('absoluteIn', () => {
  it.each([
    ['https://example.org', '/', 'papers/var/', 'https://example.org/papers/var/'],
    ['https://example.org', '/survey', 'papers/var/', 'https://example.org/survey/papers/var/'],
    ['https://example.org/', '/survey/', '/feeds/papers.xml', 'https://example.org/survey/feeds/papers.xml'],
    ['https://example.org', '/survey/', '', 'https://example.org/survey/'],
  ])('%s + %s + %s → %s', (site, base, path, expected) => expect(absoluteIn(site, base)(path)).toBe(expected));
});

describe('atomFeed', () => {
  const xml = atomFeed([paper('old', '2026-01-02'), paper('new', '2026-03-04', { venue: 'ICML 2025' })], options);
  const feed = parser.parse(xml).feed;
  it('has the elements Atom requires on the feed', () => {
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe('https://example.org/survey/feeds/papers.xml');
    expect(feed.title).toBe('Survey: new papers');
    expect(feed.updated).toBe('2026-03-04T00:00:00.000Z');
    expect(asArray(feed.link).map((l: Record<string, string>) => [l['@rel'], l['@href']])).toEqual([
      ['alternate', 'https://example.org/survey/'],
      ['self', 'https://example.org/survey/feeds/papers.xml'],
    ]);
    expect(feed.author.name).toBe('The survey maintainers');
  });
  it('lists papers newest added first, each with id, title, updated, link, summary and topics', () => {
    const entries = asArray(feed.entry) as Record<string, any>[];
    expect(entries.map((e) => e.id)).toEqual(['https://example.org/survey/papers/new/', 'https://example.org/survey/papers/old/']);
    const [first] = entries;
    // Atom's type="html": a reader decodes the HTML, so the title's own < and & must come escaped
    // (raw, a title <script>…</script> would be markup in the reader, and "a < b" would break).
    expect(first!['title']['@type']).toBe('html');
    expect(first!['title']['#text']).toBe('Paper new &amp; &lt;friends&gt;');
    expect(first!['updated']).toBe('2026-03-04T00:00:00.000Z');
    expect(first!['link']['@href']).toBe('https://example.org/survey/papers/new/');
    expect(first!['summary']['#text'] ?? first!['summary']).toBe('It compares a &lt; b.');
    expect(first!['category']['@label']).toBe('Speculative decoding');
    expect(asArray(first!['author']).map((a: { name: string }) => a.name)).toEqual(['Ada Lovelace', 'Jörg Müller']);
  });
  it("gives an entry's abstract its math as text, its links absolute and its HTML as text", () => {
    const abstract = 'At $256\\times256$ in $\\mathcal{O}(n^2)$, see [VAR](/papers/var/) and <b>bold</b>.';
    const entry = asArray(parser.parse(atomFeed([paper('m', '2026-01-02', { abstract })], options)).feed.entry)[0] as Record<string, any>;
    const content = String(entry['content']['#text']);
    expect(content).toContain('<p>At 256×256 in O(n^2), see <a href="https://example.org/survey/papers/var/">VAR</a> and &#x3C;b>bold&#x3C;/b>.</p>');
    expect(content).not.toContain('$');
    expect(content).not.toContain('katex');
  });
  it("writes an abstract of prose and formulas without Markdown's parser, as the parser would", () => {
    const abstracts = contentEntries('papers').map((e) => String(e.data['abstract']));
    // A paragraph more sends the text through the parser; the survey's abstracts take the quick way.
    const parsed = (text: string) => renderText(`${text}\n\n*x*`, { base: 'https://example.org/', mathAsText: true }).html.replace(/\n<p><em>x<\/em><\/p>$/, '');
    for (const abstract of abstracts) expect(renderText(abstract, { base: 'https://example.org/', mathAsText: true }).html).toBe(parsed(abstract));
    expect(renderText('We fit $x^2$ and $\\foo$.', { base: '/', mathAsText: true }).html).toBe('<p>We fit x^2 and \\foo.</p>');
  });
  it('stays well-formed XML whatever the content holds: ]]> in an abstract, < in a topic title, characters XML has no place for', () => {
    const abstract = 'We study ]]> first and ]]> second with *emphasis*. It reaches 1.5.';
    const strange = paper('s', '2026-01-02', { abstract, title: 'Title with noncharacter \uFFFF and \u0001 here', authors: ['Ada \uD800Lovelace'] });
    const xml = atomFeed([strange], { ...options, title: 'Survey: Red < Team \uFFFE', topicTitle: () => 'Red < Team & "Blue"' });
    expect(xmlProblem(xml)).toBeUndefined();
    const entry = asArray(parser.parse(xml).feed.entry)[0] as Record<string, any>;
    expect(String(entry['content']['#text'])).toContain('We study ]]&gt; first and ]]&gt; second with <em>emphasis</em>.');
    expect(entry['category']['@label']).toBe('Red < Team & "Blue"');
    expect(String(entry['title']['#text'])).toBe('Title with noncharacter \uFFFD and \uFFFD here');
  });
  it(`keeps the ${FEED_SIZE} most recently added papers`, () => {
    const many = Array.from({ length: FEED_SIZE + 5 }, (_, i) => paper(`p${i}`, `2026-01-${String((i % 28) + 1).padStart(2, '0')}`));
    expect(asArray(parser.parse(atomFeed(many, options)).feed.entry)).toHaveLength(FEED_SIZE);
  });
  it('states a date even with no papers', () => {
    const empty = parser.parse(atomFeed([], options)).feed;
    expect(empty.updated).toBe('2026-01-01T00:00:00.000Z');
    expect(empty.entry).toBeUndefined();
  });
});

describe('a feed that is not well-formed XML', () => {
  it.each([
    ['an abstract\'s ]]> that ends its CDATA section', '<feed>\n<content><![CDATA[<p>We study ]]> first and <em>x</em></p>]]></content>\n</feed>', 2, 58, 'unexpected close tag'],
    ['a < in a category label', '<feed>\n<category term="x" label="Red < Team"/>\n</feed>', 2, 31, 'disallowed character "<"'],
    ['U+FFFF in a title', '<feed>\n<title>Title \uffff here</title>\n</feed>', 2, 14, 'disallowed character U+FFFF'],
    ['a control character in a name', '<feed><name>Ada \u0001</name></feed>', 1, 17, 'disallowed character U+0001'],
    [']]> in text', '<feed><title>a ]]> b</title></feed>', 1, 18, 'the string "]]>" is disallowed in char data'],
    ['an entity XML does not know', '<feed><title>R&amp;D &bogus; &#65; &#x41;</title></feed>', 1, 28, 'undefined entity'],
    ['a < in an attribute before others', "<feed><link href='/a<b' rel=\"self\"/></feed>", 1, 21, 'disallowed character "<"'],
  ])('is reported where it breaks: %s', (_what, xml, line, column, message) => {
    expect(xmlProblem(xml)).toEqual({ line, column, message });
  });

  it("is reported although fast-xml-parser's validator takes it for well-formed", () => {
    // What broke the feeds before (a < in a label, U+FFFF, a control character) passes that validator.
    for (const xml of ['<a b="Red < Team"/>', '<a>\uffff</a>', '<a>\u0001</a>', '<a>x ]]> y</a>', '<a>&bogus;</a>']) {
      expect(XMLValidator.validate(xml), xml).toBe(true);
      expect(xmlProblem(xml), xml).toBeDefined();
    }
  });

  it('stops the build with the feed, the line and the file of the paper whose entry breaks it', () => {
    const xml = atomFeed([paper('s', '2026-01-02', { abstract: 'We study ]]> first and ]]> second with *emphasis*.' })], options);
    expect(wellFormedFeed(xml, 'feeds/papers.xml')).toBe(xml);
    // As the feed was written before ]]> was escaped.
    const broken = xml.replaceAll(']]&gt;', ']]>');
    expect(() => wellFormedFeed(broken, 'feeds/papers.xml')).toThrow(
      /^feeds\/papers\.xml:\d+:\d+ is not well-formed XML: the string "\]\]>" is disallowed in char data, in the entry of content\/papers\/s\.mdx\. Feed readers refuse a whole feed for one such place, so the build stops\./,
    );
  });
});

describe('papers.json and topics.json', () => {
  it('gives every field under a stable name, null when absent', () => {
    const data = JSON.parse(papersJson([paper('var', '2026-11-29')], () => 'tian2024visual', absolute));
    expect(data.version).toBe(1);
    expect(data.count).toBe(1);
    expect(data.papers[0]).toMatchObject({
      id: 'var',
      page: 'https://example.org/survey/papers/var/',
      citation_key: 'tian2024visual',
      name: null,
      venue: null,
      doi: null,
      link: 'https://arxiv.org/abs/2404.02905',
      results: [{ benchmark: 'MT-Bench', setting: null, source: null, lower_is_better: false }],
      downloads: { bib: 'https://example.org/survey/papers/var.bib' },
    });
  });
  it('lists each topic with its children, papers and feed', () => {
    const topics = [
      { id: 'decoding', title: 'Decoding', description: 'D.', order: 1, parent: undefined },
      { id: 'speculative-decoding', title: 'Speculative', description: 'S.', order: 1, parent: 'decoding' },
    ];
    const data = JSON.parse(topicsJson(topics, (id) => (id === 'decoding' ? [{ id: 'a' }, { id: 'b' }] : [{ id: 'a' }]), absolute));
    expect(data.topics[0]).toMatchObject({ id: 'decoding', parent: null, children: ['speculative-decoding'], papers: ['a', 'b'], paper_count: 2 });
    expect(data.topics[1]).toMatchObject({ parent: 'decoding', feed: 'https://example.org/survey/feeds/topics/speculative-decoding.xml' });
  });
});

describe('robotsTxt', () => {
  it('allows everything and names the sitemap', () => {
    expect(robotsTxt('https://example.org/sitemap-index.xml')).toBe('User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap-index.xml\n');
  });
});
