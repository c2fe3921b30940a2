import { parse } from '@retorquere/bibtex-parser';
import { describe, expect, it } from 'vitest';
import { assignCitationKeys, citationKeyBase, formatBibtex, formatCitations, jsonScript, scholarlyArticle, scholarMeta, splitName, surveyCsl, toBibtex, toCsl, toExportRecord } from '../../src/lib/citation';
import { tagLabel } from '../../src/lib/tags';

const paper = {
  id: 'var',
  title: 'Visual Autoregressive Modeling: Scalable Image Generation via Next-Scale Prediction',
  authors: ['Keyu Tian', 'Jörg Müller', 'Jan van der Berg'],
  year: 2024,
  arxiv: '2404.02905',
  venue: 'NeurIPS 2024',
};

describe('citation keys', () => {
  it('are family name, year and first significant title word', () => {
    expect(citationKeyBase(paper)).toBe('tian2024visual');
    expect(citationKeyBase({ ...paper, authors: ['Jörg Müller'], title: 'On the Provable Advantage' })).toBe('muller2024provable');
    expect(citationKeyBase({ ...paper, authors: ['王小明'], title: 'Visual Autoregressive Modeling' })).toBe('anon2024visual');
  });
  it('are unique: of papers that collide, the first added keeps the key, the others are suffixed in order', () => {
    const keys = assignCitationKeys([
      { ...paper, id: 'b', added: '2026-01-01' },
      { ...paper, id: 'a', added: '2026-01-01' },
      { ...paper, id: 'c', added: '2026-01-01', year: 2023 },
    ]);
    expect(Object.fromEntries(keys)).toEqual({ a: 'tian2024visual', b: 'tian2024visualb', c: 'tian2023visual' });
  });
  it('never rename the key of a paper already in the survey when one is added', () => {
    const survey = [{ ...paper, id: 'zeta', added: '2026-01-01' }];
    expect(assignCitationKeys(survey).get('zeta')).toBe('tian2024visual');
    const grown = assignCitationKeys([...survey, { ...paper, id: 'alpha', added: '2026-02-01' }, { ...paper, id: 'beta', added: '2026-02-01' }]);
    expect(Object.fromEntries(grown)).toEqual({ zeta: 'tian2024visual', alpha: 'tian2024visualb', beta: 'tian2024visualc' });
    const many = assignCitationKeys(Array.from({ length: 30 }, (_, i) => ({ ...paper, id: `p${String(i).padStart(2, '0')}`, added: '2026-01-01' })));
    expect(new Set(many.values()).size).toBe(30);
    expect([many.get('p25'), many.get('p26'), many.get('p29')]).toEqual(['tian2024visualz', 'tian2024visualba', 'tian2024visualbd']);
  });
});

describe('BibTeX', () => {
  it('parses with an independent parser, accents and capitals intact', () => {
    const bib = parse(toBibtex(paper, 'tian2024visual'));
    expect(bib.errors).toEqual([]);
    const [entry] = bib.entries;
    expect(entry?.type).toBe('inproceedings');
    expect(entry?.key).toBe('tian2024visual');
    expect(entry?.fields['title']).toBe('Visual Autoregressive Modeling: Scalable Image Generation via Next-Scale Prediction');
    // The parser decomposes accents (NFD); compare canonical forms.
    const authors = JSON.parse(JSON.stringify(entry?.fields['author']).normalize('NFC'));
    expect(authors).toEqual([
      { lastName: 'Tian', firstName: 'Keyu' },
      { lastName: 'Müller', firstName: 'Jörg' },
      { lastName: 'Berg', firstName: 'Jan', prefix: 'van der' },
    ]);
    // The venue's year is the entry's year.
    expect(entry?.fields['booktitle']).toBe('NeurIPS');
    expect(entry?.fields['year']).toBe('2024');
  });
  it('keeps a url or DOI that would close its field inside the entry, should one get past the check', () => {
    const url = 'https://example.org/a}}@misc{fake2024,title={A Fake Entry},note={\\input{/etc/passwd}},x={';
    const doi = '10.1234/x},note={\\input{/etc/passwd}},y={';
    for (const [field, item] of [['url', { ...paper, arxiv: undefined, url }], ['doi', { ...paper, arxiv: undefined, doi }]] as const) {
      const bib = parse(toBibtex(item, 'tian2024visual'));
      expect(bib.errors).toEqual([]);
      expect(bib.entries.map((e) => [e.key, Object.keys(e.fields).includes('note')])).toEqual([['tian2024visual', false]]);
      expect(decodeURIComponent(String(bib.entries[0]!.fields[field]))).toBe(field === 'url' ? url : doi);
    }
  });

  it('writes the math of a title as TeX, which BibTeX reads as math', () => {
    const bibtex = toBibtex({ ...paper, title: '$\\infty$-former and $k$-ary Trees for \\$5' }, 'tian2024former');
    expect(bibtex).toContain('title = {{$\\infty$}-former and {$k$}-ary {Trees} for \\textdollar{}5},');
    expect(parse(bibtex).errors).toEqual([]);
  });
  it('takes no text of the entry for a formula', () => {
    const title = (t: string) => /^\s*title = \{(.*)\},$/m.exec(toBibtex({ ...paper, title: t }, 'k'))?.[1];
    expect(title('Words like zzmath0zz')).toBe('Words like zzmath0zz');
    expect(title('$k$-ary zzmath0zz and zzmathq1zz')).toBe('{$k$}-ary zzmath0zz and zzmathq1zz');
    expect(toBibtex({ ...paper, title: '$k$-ary', venue: 'See zzmath0zz' }, 'k')).toContain('booktitle = {See zzmath0zz},');
  });
  it('braces the words whose capitals a sentence-case style would lower', () => {
    const title = (t: string) => parse(toBibtex({ ...paper, title: t }, 'k')).entries[0]!.fields['title'];
    // The parser reads braces away: check the text, then the braces BibTeX needs.
    expect(title('EAR: Erasing Concepts with ViT and AR-Net')).toBe('EAR: Erasing Concepts with ViT and AR-Net');
    const bibtex = (t: string) => /^\s*title = \{(.*)\},$/m.exec(toBibtex({ ...paper, title: t }, 'k'))?.[1];
    expect(bibtex('EAR: Erasing Concepts')).toBe('{EAR}: Erasing {Concepts}');
    expect(bibtex('mGPT: Few-Shot Learners Go Multilingual')).toBe('{mGPT}: Few-{Shot} {Learners} {Go} {Multilingual}');
    expect(bibtex('AR-Net: A simple Auto-Regressive Network')).toBe('{AR}-{Net}: A simple {Auto}-{Regressive} {Network}');
    expect(bibtex('Hello: ViT for $\\mathcal{O}(n)$ Cost')).toBe('Hello: {ViT} for {$\\mathcal{O}(n)$} {Cost}');
    expect(bibtex('Autoregressive Models: Scalable and Flexible')).toBe('Autoregressive {Models}: Scalable and {Flexible}');
  });
  it("gives an arXiv paper's identifier as arXiv's BibTeX does", () => {
    const entry = parse(toBibtex(paper, 'k')).entries[0]!;
    expect([entry.fields['eprint'], entry.fields['archiveprefix']]).toEqual(['2404.02905', 'arXiv']);
    expect(toBibtex({ ...paper, arxiv: undefined, doi: '10.1109/x' }, 'k')).not.toContain('eprint');
    // Whatever a field holds: a line of a venue starting with "@" reads like the start of an entry.
    expect(toBibtex({ ...paper, venue: 'NeurIPS 2024\n@Workshop on X' }, 'k2')).toContain('eprint = {2404.02905},');
  });
  it("leaves a paper's note out: it can be the curators' remark", () => {
    const noted = { ...paper, note: 'The venue is left unset until confirmed.' };
    expect(toBibtex(noted, 'k')).not.toContain('confirmed');
    expect(formatCitations('ris', [{ ...noted, topics: [], tags: [], added: '2026-01-01' }] as never, () => 'k')).not.toContain('confirmed');
    expect(toCsl(noted, 'k')).not.toHaveProperty('note');
  });
  it("gives the venue's year, not the preprint's, and never the year twice", () => {
    const iclr = parse(toBibtex({ ...paper, year: 2023, venue: 'ICLR 2024' }, 'k')).entries[0]!;
    expect([iclr.fields['booktitle'], iclr.fields['year']]).toEqual(['ICLR', '2024']);
    expect(toCsl({ ...paper, year: 2023, venue: 'ICLR 2024' }, 'k2')).toMatchObject({ 'container-title': 'ICLR', issued: { 'date-parts': [[2024]] } });
    expect(scholarMeta({ ...paper, tags: [], year: 2023, venue: 'ICLR 2024' }, 'https://example.org/')).toContainEqual(['citation_publication_date', '2024']);
    // A venue without a year keeps the paper's.
    const workshop = parse(toBibtex({ ...paper, year: 2023, venue: 'Workshop on Efficient Systems' }, 'k')).entries[0]!;
    expect([workshop.fields['booktitle'], workshop.fields['year']]).toEqual(['Workshop on Efficient Systems', '2023']);
  });
  it('cites a preprint as an arXiv article and a journal paper as an article', () => {
    const preprint = parse(toBibtex({ ...paper, venue: undefined }, 'k')).entries[0]!;
    expect(preprint.type).toBe('article');
    expect(preprint.fields['journal']).toBe('arXiv preprint arXiv:2404.02905');
    const journal = parse(toBibtex({ ...paper, venue: 'IEEE TPAMI 2025', doi: '10.1109/x' }, 'k')).entries[0]!;
    expect([journal.fields['journal'], journal.fields['year']]).toEqual(['IEEE TPAMI', '2025']);
    expect(journal.fields['doi']).toBe('10.1109/x');
  });
  it('gives CSL-JSON the arXiv page as URL', () => {
    expect(toCsl(paper, 'k')).toMatchObject({ URL: 'https://arxiv.org/abs/2404.02905', issued: { 'date-parts': [[2024]] } });
  });
});

const more = {
  ...paper,
  id: 'tricky',
  title: 'Braces {and} 50% of $x^2$ & Co: Schönfeld’s Test',
  authors: ['Edgar Schönfeld', 'Christopher Ré'],
  venue: undefined,
  arxiv: undefined,
  doi: '10.1162/neco_a_01228',
  code: 'https://github.com/x/y',
  topics: ['next-scale-prediction'],
  tags: ['image-generation'],
  added: '2026-11-29',
};
const full = { ...paper, code: undefined, topics: ['next-scale-prediction', 'unified-multimodal'], tags: ['imagenet'], added: '2026-11-29' };
const keyOf = (id: string) => ({ var: 'tian2024visual', tricky: 'schonfeld2024braces' })[id]!;

describe('download files', () => {
  it('writes BibTeX of many papers that an independent parser reads back intact', () => {
    const bib = parse(formatCitations('bib', [full, more], keyOf));
    expect(bib.errors).toEqual([]);
    expect(bib.entries.map((e) => e.key)).toEqual(['tian2024visual', 'schonfeld2024braces']);
    const tricky = bib.entries[1]!;
    // The title's formula is math to BibTeX, as on the page.
    expect(tricky.fields['title']?.normalize('NFC')).toBe('Braces {and} 50% of <span class="nocase">x²</span> & Co: Schönfeld’s Test');
    expect(JSON.stringify(tricky.fields['author']).normalize('NFC')).toContain('"lastName":"Ré"');
    expect(tricky.fields['doi']).toBe('10.1162/neco_a_01228');
  });
  it('writes RIS records with type, authors, title and an end marker for each paper', () => {
    const ris = formatCitations('ris', [full, more], keyOf);
    const records = ris.trim().split(/^ER {2}-.*$/m).filter((r) => r.trim());
    expect(records).toHaveLength(2);
    expect(records[0]).toMatch(/^TY {2}- CONF$/m);
    expect(records[0]).toMatch(/^AU {2}- Müller, Jörg$/m);
    expect(records[0]).toMatch(/^TI {2}- Visual Autoregressive Modeling/m);
    expect(records[1]).toMatch(/^TY {2}- JOUR$/m);
    expect(records[1]).toMatch(/^DO {2}- 10\.1162\/neco_a_01228$/m);
  });
  it('writes CSL-JSON that parses to one item per paper under its key', () => {
    const items = JSON.parse(formatCitations('csl.json', [full, more], keyOf)) as { id: string; title: string }[];
    expect(items.map((i) => i.id)).toEqual(['tian2024visual', 'schonfeld2024braces']);
    expect(items[1]!.title).toBe(more.title);
  });
  it('writes a CSV row per paper with its key and topics', () => {
    const csv = formatCitations('csv', [full], keyOf).split('\r\n');
    expect(csv[1]).toMatch(/^var,tian2024visual,/);
    expect(csv[1]).toContain('next-scale-prediction; unified-multimodal');
  });
  it('writes empty BibTeX and RIS files and an empty CSL array for no papers', () => {
    expect(formatCitations('bib', [], keyOf)).toBe('');
    expect(formatCitations('ris', [], keyOf)).toBe('');
    expect(JSON.parse(formatCitations('csl.json', [], keyOf))).toEqual([]);
  });
  it('gives the browser a record with the BibTeX already formatted', () => {
    const record = toExportRecord(more, 'schonfeld2024braces');
    expect(record).toMatchObject({ id: 'tricky', key: 'schonfeld2024braces', venue: '', link: 'https://doi.org/10.1162/neco_a_01228' });
    // The reading list shows the title and a spreadsheet gets it: the formula as it reads.
    expect(record.title).toBe('Braces {and} 50% of x^2 & Co: Schönfeld’s Test');
    expect(parse(record.bibtex).entries[0]?.key).toBe('schonfeld2024braces');
  });
});

describe('citing the survey', () => {
  const survey = { key: 'arsurvey2026', title: 'Autoregressive Generation and Its Rivals', authors: ['The survey maintainers'], year: 2026, url: 'https://example.org/survey/' };
  it('keeps a group name whole and cites the site as a web resource', () => {
    const bib = parse(formatBibtex([surveyCsl(survey)]));
    expect(bib.errors).toEqual([]);
    const entry = bib.entries[0]!;
    expect(entry.key).toBe('arsurvey2026');
    expect(entry.fields['author']).toEqual([{ name: 'The survey maintainers' }]);
    expect(entry.fields['year']).toBe('2026');
    expect(entry.fields['url']).toBe('https://example.org/survey/');
  });
  it('gives the DOI once the survey has one, and no DOI before', () => {
    expect(parse(formatBibtex([surveyCsl({ ...survey, doi: '10.5281/zenodo.1234567' })])).entries[0]!.fields['doi']).toBe('10.5281/zenodo.1234567');
    expect(parse(formatBibtex([surveyCsl(survey)])).entries[0]!.fields['doi']).toBeUndefined();
  });
  it('splits the names of people', () => {
    const csl = surveyCsl({ ...survey, authors: ['Jan van der Berg', 'Ada Lovelace'] });
    expect(csl['author']).toEqual([
      { given: 'Jan', family: 'Berg', 'non-dropping-particle': 'van der' },
      { given: 'Ada', family: 'Lovelace' },
    ]);
  });
});

describe('metadata for search engines', () => {
  const page = 'https://example.org/papers/var/';
  const full = { ...paper, tags: ['next-scale-prediction', 'imagenet'], abstract: 'We present $x</script>$.', tldr: 'VAR predicts scales.' };
  it('gives Google Scholar title, every author, year, venue, ids and the PDF', () => {
    expect(scholarMeta(full, page)).toEqual([
      ['citation_title', full.title],
      ['citation_author', 'Keyu Tian'],
      ['citation_author', 'Jörg Müller'],
      ['citation_author', 'Jan van der Berg'],
      ['citation_publication_date', '2024'],
      ['citation_conference_title', 'NeurIPS'],
      ['citation_arxiv_id', '2404.02905'],
      ['citation_pdf_url', 'https://arxiv.org/pdf/2404.02905'],
      ['citation_abstract_html_url', page],
      // The tags as the survey labels them: "next-scale prediction; ImageNet" in the first survey.
      ['citation_keywords', `${tagLabel('next-scale-prediction')}; ${tagLabel('imagenet')}`],
    ]);
    const journal = scholarMeta({ ...full, venue: 'TMLR 2024', arxiv: undefined, doi: '10.1/x' }, page);
    expect(journal).toContainEqual(['citation_journal_title', 'TMLR']);
    expect(journal).toContainEqual(['citation_doi', '10.1/x']);
    expect(journal.map(([name]) => name)).not.toContain('citation_pdf_url');
  });
  it('describes the paper as a schema.org ScholarlyArticle', () => {
    expect(scholarlyArticle(full, page)).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'ScholarlyArticle',
      url: page,
      name: full.title,
      author: [{ '@type': 'Person', name: 'Keyu Tian' }, { '@type': 'Person', name: 'Jörg Müller' }, { '@type': 'Person', name: 'Jan van der Berg' }],
      datePublished: '2024',
      identifier: [{ '@type': 'PropertyValue', propertyID: 'arXiv', value: '2404.02905' }],
      sameAs: ['https://arxiv.org/abs/2404.02905'],
    });
    expect(scholarlyArticle({ ...full, name: 'VAR' }, page)).toMatchObject({ alternateName: 'VAR' });
    expect(scholarlyArticle(full, page)).not.toHaveProperty('alternateName');
    // The page shows the abstract already.
    expect(JSON.stringify(scholarlyArticle(full, page))).not.toContain(full.abstract.slice(0, 40));
  });
  it('writes JSON that cannot close its script element and parses back unchanged', () => {
    const value = scholarlyArticle(full, page);
    const text = jsonScript({ ...value, odd: 'a & b <!-- \u2028' });
    expect(text).not.toMatch(/<|>|&|\u2028/);
    expect(JSON.parse(text)).toEqual({ ...value, odd: 'a & b <!-- \u2028' });
  });
});

describe('splitName', () => {
  it.each([
    ['Keyu Tian', { given: 'Keyu', family: 'Tian' }],
    ['Xinyin Ma', { given: 'Xinyin', family: 'Ma' }],
    ['Chih-Yao Ma', { given: 'Chih-Yao', family: 'Ma' }],
    ['Sercan O. Arik', { given: 'Sercan O.', family: 'Arik' }],
    ['Michael W. Mahoney', { given: 'Michael W.', family: 'Mahoney' }],
    ['Jan van der Berg', { given: 'Jan', family: 'Berg', 'non-dropping-particle': 'van der' }],
    ['Luciano Del Corro', { given: 'Luciano', family: 'Del Corro' }],
    ['Yuyang (Bernie) Wang', { given: 'Yuyang (Bernie)', family: 'Wang' }],
    ['Martin Luther King Jr.', { given: 'Martin Luther', family: 'King', suffix: 'Jr.' }],
    ['Turing, Alan M.', { given: 'Alan M.', family: 'Turing' }],
    ['Baohunesitu', { literal: 'Baohunesitu' }],
  ])('%s', (name, parts) => expect(splitName(name)).toEqual(parts));

  it('keeps every family name in BibTeX, even one a name parser could take for a suffix', () => {
    const bib = parse(toBibtex({ ...paper, authors: ['Runpeng Yu', 'Xinyin Ma', 'Baohunesitu', 'Sercan O. Arik'] }, 'k'));
    expect(bib.entries[0]?.fields['author']).toEqual([
      { lastName: 'Yu', firstName: 'Runpeng' },
      { lastName: 'Ma', firstName: 'Xinyin' },
      { name: 'Baohunesitu' },
      { lastName: 'Arik', firstName: 'Sercan O.' },
    ]);
    expect(citationKeyBase({ ...paper, authors: ['Xinyin Ma'] })).toBe('ma2024visual');
  });
});

describe('lists of citations', () => {
  const papers = [
    { id: 'a', title: 'Alpha Paper', authors: ['Ada Lovelace'], year: 2024, arxiv: '2404.02905', venue: undefined, topics: [], tags: [], added: '2026-01-01' },
    { id: 'b', title: 'Beta Paper', authors: ['Alan Turing', 'Jörg Müller'], year: 2023, venue: 'NeurIPS 2023', topics: [], tags: [], added: '2026-01-01' },
  ];
  const keyOf = (id: string) => `key${id}`;
  it('hold the same BibTeX as citation-js formatting the whole list at once', () => {
    const items = papers.map((p) => toCsl(p, keyOf(p.id)));
    expect(formatCitations('bib', papers as never, keyOf)).toBe(formatBibtex(items));
  });
  it('hold every RIS record', () => {
    const ris = formatCitations('ris', papers as never, keyOf);
    expect(ris.match(/^TY {2}- /gm)).toHaveLength(2);
    expect(ris.match(/^ER {2}-/gm)).toHaveLength(2);
    expect(ris).toContain('ID  - keyb');
  });
});
