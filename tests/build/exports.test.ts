import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { assignCitationKeys, publication } from '../../src/lib/citation';
import { CSV_COLUMNS, unpackRecords } from '../../src/lib/exports';
import { FEED_SIZE } from '../../src/lib/feeds';
import { expandTopics } from '../../src/lib/topics';
import { loadSurvey } from '../../src/node/content';
import type { Paper } from '../../src/schemas/paper';
import type { Topic } from '../../src/schemas/topic';
import { astroBuild } from '../helpers/build';
import { DIST, page, requireBuild } from '../helpers/dist';
import { contentEntries, OUR_SURVEY, pick, withId } from '../helpers/survey';
import { survey as config } from '../../src/survey.config';

// What the site should hold, read from content/ independently of the build.
let papers: Omit<Paper, 'abstractHtml' | 'tldrHtml' | 'notesHtml'>[];
let topics: Omit<Topic, 'narrativeHtml'>[];
let keys: Map<string, string>;
const SITE = 'http://localhost:4321/';
const file = (path: string) => readFileSync(join(DIST, path), 'utf8');
const papersOf = (topic: string) => papers.filter((p) => expandTopics(p.topics, topics).includes(topic));
const keysOf = (list: { id: string }[]) => list.map((p) => keys.get(p.id)!).sort();
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['entry', 'link', 'url', 'sitemap', 'author', 'category'].includes(name) });
// Papers with an author whose name is not plain ASCII (accents), from content/ before any test runs.
const ACCENTED = contentEntries('papers').filter((p) => (p.data['authors'] as string[]).some((a) => /[^\x00-\x7f]/.test(a))).length;
/** The file a page URL of the hosted site is served from. */
const target = (url: string) => {
  const path = new URL(url, SITE).pathname.replace(/^\//, '');
  return path === '' || path.endsWith('/') ? `${path}index.html` : path;
};

beforeAll(async () => {
  requireBuild();
  const survey = await loadSurvey({ root: resolve('.'), base: '/' });
  papers = survey.papers.map((p) => ({ ...p.data!, id: p.id }));
  topics = survey.topics.map((t) => ({ ...t.data!, id: t.id }));
  keys = assignCitationKeys(papers);
});

/** Rows of an RFC 4180 CSV file. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  return rows;
}

/** Checks the four download files of a list of papers: each parses and holds exactly `expected`. */
function checkDownloads(stem: string, expected: { id: string; title: string }[]) {
  const bib = parseBibtex(file(`${stem}.bib`));
  expect(bib.errors, `${stem}.bib`).toEqual([]);
  expect(bib.entries.map((e) => e.key).sort(), `${stem}.bib`).toEqual(keysOf(expected));

  const ris = file(`${stem}.ris`);
  expect(ris.match(/^TY {2}- /gm)?.length ?? 0, `${stem}.ris`).toBe(expected.length);
  expect(ris.match(/^ER {2}- ?$/gm)?.length ?? 0, `${stem}.ris`).toBe(expected.length);
  // RIS allows 20 characters for an ID; citation-js cuts longer keys.
  expect(ris.match(/^ID {2}- .*$/gm)?.map((l) => l.slice(6)).sort() ?? [], `${stem}.ris`).toEqual(keysOf(expected).map((k) => k.slice(0, 20)));
  // Every line is a tagged field: a reference manager reads an untagged line as the previous field
  // going on after a space, so a title cut into lines mid-word imports as "Mode l Alignment".
  expect(ris.split('\n').filter((l) => l.trim() && !/^[A-Z][A-Z0-9] {2}-( |$)/.test(l)), `${stem}.ris`).toEqual([]);
  expect(ris.match(/^TI {2}- .*$/gm)?.map((l) => l.slice(6)).sort() ?? [], `${stem}.ris`).toEqual(expected.map((p) => p.title).sort());

  const csl = JSON.parse(file(`${stem}.csl.json`)) as { id: string; title: string }[];
  expect(csl.map((i) => i.id).sort(), `${stem}.csl.json`).toEqual(keysOf(expected));

  if (existsSync(join(DIST, `${stem}.csv`))) {
    const [header, ...rows] = parseCsv(file(`${stem}.csv`));
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows.map((r) => r[0]).sort(), `${stem}.csv`).toEqual(expected.map((p) => p.id).sort());
    for (const r of rows) expect(r[2], `${stem}.csv ${r[0]}`).toBe(expected.find((p) => p.id === r[0])!.title);
  }
}

describe('citation downloads', () => {
  it('offers the whole survey as BibTeX, RIS, CSL-JSON and CSV, each with every paper', () => checkDownloads('survey', papers));

  it.runIf(ACCENTED > 0)('keeps accents and braces in the BibTeX', () => {
    // `english: false`: read titles as BibTeX prints them, without the parser's own sentence-casing.
    const entries = parseBibtex(file('survey.bib'), { english: false }).entries;
    const byKey = new Map(entries.map((e) => [e.key, e]));
    const accented = papers.filter((p) => p.authors.some((a) => /[^\x00-\x7f]/.test(a)));
    expect(accented.length).toBe(ACCENTED);
    for (const paper of accented) {
      const authors = JSON.stringify(byKey.get(keys.get(paper.id)!)!.fields['author']).normalize('NFC');
      for (const name of paper.authors) {
        const family = name.split(' ').at(-1)!;
        expect(authors, `${paper.id}: ${name}`).toContain(family.normalize('NFC'));
      }
    }
  });

  it('keeps every family name and title in the BibTeX', () => {
    const entries = parseBibtex(file('survey.bib'), { english: false }).entries;
    const byKey = new Map(entries.map((e) => [e.key, e]));
    // Every family name survives, including short ones a name parser might mistake for a suffix.
    for (const paper of papers) {
      const fields = byKey.get(keys.get(paper.id)!)!.fields as unknown as { title: string; author: { lastName?: string; name?: string }[] };
      expect(fields.author, paper.id).toHaveLength(paper.authors.length);
      for (const [i, name] of paper.authors.entries()) {
        const parsed = fields.author[i]!;
        expect(name.normalize('NFC'), paper.id).toContain((parsed.lastName ?? parsed.name)!.normalize('NFC'));
      }
      expect(fields.title.normalize('NFC'), paper.id).toBe(paper.title.normalize('NFC'));
    }
  });

  it('offers every topic as BibTeX, RIS, CSL-JSON and CSV with exactly its papers, linked from its page', () => {
    for (const topic of topics) {
      checkDownloads(`topics/${topic.id}`, papersOf(topic.id));
      const $ = page(`topics/${topic.id}/index.html`);
      for (const ext of ['bib', 'ris', 'csl.json', 'csv']) expect($(`a[href="/topics/${topic.id}.${ext}"][download]`).length, `${topic.id} .${ext}`).toBe(1);
      expect($(`a[href="/feeds/topics/${topic.id}.xml"]`).length, topic.id).toBe(1);
    }
  });

  it('offers every paper as BibTeX, RIS and CSL-JSON, the BibTeX the same as its page shows', () => {
    for (const paper of papers) {
      checkDownloads(`papers/${paper.id}`, [paper]);
      const $ = page(`papers/${paper.id}/index.html`);
      expect($('#bibtex').text(), paper.id).toBe(file(`papers/${paper.id}.bib`));
      expect($(`a[href="/papers/${paper.id}.bib"]`).attr('download'), paper.id).toBe(`${keys.get(paper.id)}.bib`);
    }
  });

  it('links the survey downloads, the feed and the data files from the home page', () => {
    const $ = page('index.html');
    for (const href of ['/survey.bib', '/survey.ris', '/survey.csl.json', '/survey.csv', '/feeds/papers.xml', '/papers.json', '/topics.json']) {
      expect($(`main a[href="${href}"]`).length, href).toBeGreaterThan(0);
    }
    expect($('link[rel="alternate"][type="application/atom+xml"]').attr('href')).toBe('/feeds/papers.xml');
  });

  it('gives the survey its own citation on the About page', () => {
    const entry = parseBibtex(page('about/index.html')('#survey-bibtex').text()).entries[0]!;
    expect(entry.key).toBe(config.citation.key);
    expect(entry.fields['year']).toBe(String(config.citation.year));
    expect(entry.fields['url']).toBe(SITE);
    const authors = entry.fields['author'] as unknown as { lastName?: string; name?: string }[];
    expect(authors).toHaveLength(config.maintainers.length);
    for (const [i, name] of config.maintainers.entries()) expect(name).toContain((authors[i]!.lastName ?? authors[i]!.name)!);
  });

  it.runIf(OUR_SURVEY)('gives the first survey its citation, by its maintainers as a group', () => {
    const entry = parseBibtex(page('about/index.html')('#survey-bibtex').text()).entries[0]!;
    expect(entry.key).toBe('arsurvey2026');
    expect(entry.fields['year']).toBe('2026');
    expect(entry.fields['author']).toEqual([{ name: 'The survey maintainers' }]);
  });
});

describe('metadata on paper pages', () => {
  it('has Google Scholar tags, OpenGraph and Twitter cards, and ScholarlyArticle JSON-LD', () => {
    for (const paper of papers) {
      const $ = page(`papers/${paper.id}/index.html`);
      const meta = (name: string) => $(`meta[name="${name}"]`).map((_, m) => $(m).attr('content')).get();
      expect(meta('citation_title'), paper.id).toEqual([paper.title]);
      expect(meta('citation_author'), paper.id).toEqual(paper.authors);
      expect(meta('citation_publication_date'), paper.id).toEqual([String(publication(paper).year)]);
      expect($('meta[property="og:title"]').attr('content'), paper.id).toBe(paper.title);
      expect($('meta[property="og:url"]').attr('content'), paper.id).toBe(`${SITE}papers/${paper.id}/`);
      expect($('meta[name="twitter:card"]').attr('content'), paper.id).toBe('summary');
      expect($('link[rel="canonical"]').attr('href'), paper.id).toBe(`${SITE}papers/${paper.id}/`);
      const blocks = $('script[type="application/ld+json"]');
      expect(blocks.length, paper.id).toBe(1);
      const ld = JSON.parse(blocks.text());
      expect(ld, paper.id).toMatchObject({ '@context': 'https://schema.org', '@type': 'ScholarlyArticle', name: paper.title, datePublished: String(publication(paper).year) });
      expect(ld.author.map((a: { name: string }) => a.name), paper.id).toEqual(paper.authors);
    }
  });
});

describe('data for machines', () => {
  it('lists every paper in papers.json under the documented field names', () => {
    const data = JSON.parse(file('papers.json'));
    expect(data.version).toBe(1);
    expect(data.count).toBe(papers.length);
    expect(data.papers.map((p: { id: string }) => p.id).sort()).toEqual(papers.map((p) => p.id).sort());
    const fields = ['id', 'page', 'citation_key', 'title', 'name', 'authors', 'year', 'venue', 'arxiv', 'doi', 'url', 'link', 'code', 'note', 'topics', 'tags', 'tldr', 'abstract', 'results', 'added', 'downloads'];
    for (const p of data.papers) {
      expect(Object.keys(p), p.id).toEqual(fields);
      expect(p.citation_key, p.id).toBe(keys.get(p.id));
      expect(existsSync(join(DIST, target(p.page))), p.page).toBe(true);
      for (const url of Object.values(p.downloads) as string[]) expect(existsSync(join(DIST, target(url))), url).toBe(true);
    }
  });

  it('lists every topic in topics.json with the papers its page lists', () => {
    const data = JSON.parse(file('topics.json'));
    expect(data.topics.map((t: { id: string }) => t.id).sort()).toEqual(topics.map((t) => t.id).sort());
    for (const t of data.topics) {
      expect([...t.papers].sort(), t.id).toEqual(papersOf(t.id).map((p) => p.id).sort());
      expect(t.paper_count, t.id).toBe(Number(page(`topics/${t.id}/index.html`)('[data-paper-count]').attr('data-paper-count')));
      expect(existsSync(join(DIST, target(t.feed))), t.feed).toBe(true);
    }
  });

  /** Checks an Atom feed for the elements RFC 4287 requires; returns its entries. */
  function checkFeed(path: string) {
    const feed = xml.parse(file(path)).feed;
    expect(feed['@xmlns'], path).toBe('http://www.w3.org/2005/Atom');
    for (const field of ['id', 'title', 'updated']) expect(String(feed[field] ?? ''), `${path} ${field}`).not.toBe('');
    expect(Number.isNaN(Date.parse(feed.updated)), path).toBe(false);
    expect(feed.link.find((l: Record<string, string>) => l['@rel'] === 'self')?.['@href'], path).toBe(`${SITE}${path}`);
    expect(feed.author?.[0]?.name, path).toBeTruthy();
    const entries = (feed.entry ?? []) as Record<string, any>[];
    for (const entry of entries) {
      expect(entry['id'], path).toMatch(/^http:\/\/localhost:4321\/papers\/[a-z0-9-]+\/$/);
      expect(String(entry['title']?.['#text'] ?? entry['title'] ?? ''), `${path} ${entry['id']}`).not.toBe('');
      expect(Number.isNaN(Date.parse(entry['updated'])), `${path} ${entry['id']}`).toBe(false);
      expect(existsSync(join(DIST, target(entry['link'][0]['@href']))), entry['id']).toBe(true);
    }
    return entries.map((e) => (e['id'] as string).split('/').at(-2)!);
  }

  it('publishes an Atom feed of the newest additions, and one per topic, that validate', () => {
    expect(checkFeed('feeds/papers.xml').sort()).toEqual(papers.slice(0, FEED_SIZE).map((p) => p.id).sort());
    for (const topic of topics) expect(checkFeed(`feeds/topics/${topic.id}.xml`).sort(), topic.id).toEqual(papersOf(topic.id).map((p) => p.id).sort());
  });

  it('writes a sitemap of every paper and topic page, named in robots.txt', () => {
    expect(file('robots.txt')).toContain(`Sitemap: ${SITE}sitemap-index.xml`);
    const index = xml.parse(file('sitemap-index.xml')).sitemapindex.sitemap.map((s: { loc: string }) => s.loc);
    const urls = new Set<string>(index.flatMap((loc: string) => xml.parse(file(target(loc))).urlset.url.map((u: { loc: string }) => u.loc)));
    for (const paper of papers) expect(urls, paper.id).toContain(`${SITE}papers/${paper.id}/`);
    for (const topic of topics) expect(urls, topic.id).toContain(`${SITE}topics/${topic.id}/`);
    expect(urls).toContain(`${SITE}timeline/`);
    expect([...urls].filter((u) => u.includes('reading-list'))).toEqual([]);
  });
});

describe('seeing the field', () => {
  it('counts papers per year on the home page timeline, every year from the first to the last', () => {
    const $ = page('index.html');
    const years = $('.timeline-table thead th').slice(1).map((_, th) => Number($(th).text())).get();
    const first = Math.min(...papers.map((p) => p.year));
    const last = Math.max(...papers.map((p) => p.year));
    expect(years).toEqual(Array.from({ length: last - first + 1 }, (_, i) => first + i));
    const totals = $('.timeline-table tfoot td').map((_, td) => Number($(td).text())).get();
    expect(totals).toEqual(years.map((y) => papers.filter((p) => p.year === y).length));
    expect($('svg.timeline-chart rect').length).toBeGreaterThan(0);
    expect($('svg.timeline-chart').attr('aria-hidden')).toBe('true');
  });

  it('shows a topic × year matrix whose cells count the papers and link to the filtered search', () => {
    const $ = page('timeline/index.html');
    const years = $('table.matrix thead th').slice(1, -1).map((_, th) => Number($(th).text())).get();
    const rows = $('table.matrix tbody tr');
    expect(rows.length).toBe(topics.length);
    let empty = 0;
    rows.each((_, tr) => {
      const id = $(tr).find('th a').attr('href')!.split('/').at(-2)!;
      $(tr).find('td').slice(0, -1).each((i, td) => {
        const expected = papersOf(id).filter((p) => p.year === years[i]).length;
        const link = $(td).find('a');
        if (expected === 0) {
          empty++;
          expect($(td).text(), `${id} ${years[i]}`).toBe('0');
          expect(link.length).toBe(0);
        } else {
          expect(link.attr('href'), `${id} ${years[i]}`).toBe(`/search/?topic=${id}&from=${years[i]}&to=${years[i]}`);
          expect(Number.parseInt(link.text(), 10), `${id} ${years[i]}`).toBe(expected);
          expect(link.text(), `${id} ${years[i]}`).toContain(`in ${years[i]}`);
        }
      });
    });
    if (OUR_SURVEY) expect(empty).toBeGreaterThan(0);
    expect(page('index.html')('a[href="/timeline/"]').length).toBeGreaterThan(0);
  });

  it('sorts every results table best first and gives each value its setting and source', () => {
    for (const topic of topics) {
      const $ = page(`topics/${topic.id}/index.html`);
      $('.results-table').each((_, section) => {
        const lower = $(section).find('h3, h4').first().text().includes('lower is better');
        const values = $(section).find('tbody tr').map((_, tr) => Number($(tr).find('td').eq(1).text())).get();
        expect(values, topic.id).toEqual([...values].sort((a, b) => (lower ? a - b : b - a)));
        $(section).find('tbody tr').each((_, tr) => expect($(tr).find('td').eq(3).text().trim(), topic.id).not.toBe(''));
      });
    }
  });

  it('puts a benchmark’s figures in one table however its square resolution is written (ImageNet-256, ImageNet 256x256)', () => {
    const same = (heading: string) =>
      heading
        .replace(/,\s*(lower|higher) is better\s*$/, '')
        .toLowerCase()
        .replace(/×/g, 'x')
        .replace(/\b(\d+)\s*x\s*\1\b/g, '$1')
        .replace(/[^a-z0-9.]+/g, ' ')
        .trim();
    for (const topic of topics) {
      const $ = page(`topics/${topic.id}/index.html`);
      const headings = $('.results-table').map((_, section) => same($(section).find('h3, h4').first().text())).get();
      expect(headings.filter((h, i) => headings.indexOf(h) !== i), topic.id).toEqual([]);
    }
  });

  it('lists up to five related papers on every paper page, each with a reason', () => {
    // A paper that shares a topic with another (sub-topics count for their parents) always has that
    // one to relate to; a paper alone in its topics may have none, say the only paper of a new
    // survey, and then its page lists none rather than arbitrary ones (src/lib/related.ts).
    const topicsOf = new Map(papers.map((p) => [p.id, expandTopics(p.topics, topics)]));
    const sharesTopic = (paper: (typeof papers)[number]) =>
      papers.some((other) => other.id !== paper.id && topicsOf.get(other.id)!.some((t) => topicsOf.get(paper.id)!.includes(t)));
    for (const paper of papers) {
      const items = page(`papers/${paper.id}/index.html`)('.related-list li');
      // The first survey's papers all have related papers, as they always had.
      if (OUR_SURVEY || sharesTopic(paper)) expect(items.length, paper.id).toBeGreaterThan(0);
      // With nothing to relate to, no "Related papers" section at all, not an empty one.
      if (papers.length === 1) expect(page(`papers/${paper.id}/index.html`)('.related').length, paper.id).toBe(0);
      expect(items.length, paper.id).toBeLessThanOrEqual(5);
      items.each((_, li) => {
        const $li = page(`papers/${paper.id}/index.html`)(li);
        const href = $li.find('a').attr('href')!;
        expect(href, paper.id).not.toBe(`/papers/${paper.id}/`);
        expect(existsSync(join(DIST, target(href))), href).toBe(true);
        expect($li.find('.reason').text(), paper.id).toMatch(/^(Shares|Both|Similar).+\.$/);
      });
    }
  });

  it.runIf(OUR_SURVEY)('relates VAR to other next-scale prediction papers', () => {
    const $ = page('papers/var/index.html');
    const related = $('.related-list a').map((_, a) => $(a).attr('href')!.split('/').at(-2)!).get();
    const nextScale = papersOf('next-scale-prediction').map((p) => p.id);
    expect(related.filter((id) => nextScale.includes(id)).length).toBeGreaterThanOrEqual(3);
  });
});

describe('the reading list page', () => {
  it('carries no paper itself; paper-records.js carries every paper as citation data and a page that exists', () => {
    const $ = page('reading-list/index.html');
    expect($('[data-reading-list-items] li').length).toBe(0);
    expect($('[data-reading-list-page]').attr('data-base')).toBe('/');
    const window: Record<string, unknown> = {};
    new Function('window', file('paper-records.js'))(window);
    const records = unpackRecords(window['__SURVEY_RECORDS__']);
    expect([...records.keys()].sort()).toEqual(papers.map((p) => p.id).sort());
    for (const paper of papers) {
      const record = records.get(paper.id)!;
      expect(existsSync(join(DIST, record.path, 'index.html')), paper.id).toBe(true);
      const entry = parseBibtex(record.bibtex);
      expect(entry.errors, paper.id).toEqual([]);
      expect(entry.entries[0]?.key, paper.id).toBe(keys.get(paper.id));
    }
  });
});

describe('absolute addresses under a base path', () => {
  // A fork on GitHub Pages: https://<user>.github.io/<repository>/. One more build, in a temp folder.
  const out = mkdtempSync(join(tmpdir(), 'survey-exports-base-'));
  const ROOT = 'https://example.org/survey-base/';
  const read = (path: string) => readFileSync(join(out, path), 'utf8');
  beforeAll(() => {
    const build = astroBuild('.', { BASE_PATH: '/survey-base/', SITE_URL: 'https://example.org' }, ['--outDir', out]);
    if (build.status !== 0) throw new Error(build.output);
  });

  it('puts the site address and base into feeds, data files, sitemap, robots.txt and meta tags', () => {
    // A paper of the feed of newest additions (the hosted build's): VAR in the first survey.
    const inFeed = (xml.parse(file('feeds/papers.xml')).feed.entry as { id: string }[]).map((e) => e.id.split('/').at(-2)!);
    const id = pick(papers, (p) => inFeed.includes(p.id), withId('var'))!.id;
    const paper = JSON.parse(read('papers.json')).papers.find((p: { id: string }) => p.id === id);
    expect(paper.page).toBe(`${ROOT}papers/${id}/`);
    expect(paper.downloads.bib).toBe(`${ROOT}papers/${id}.bib`);
    const feed = xml.parse(read('feeds/papers.xml')).feed;
    expect(feed.id).toBe(`${ROOT}feeds/papers.xml`);
    expect(feed.entry.map((e: { id: string }) => e.id)).toContain(`${ROOT}papers/${id}/`);
    expect(read('robots.txt')).toContain(`Sitemap: ${ROOT}sitemap-index.xml`);
    expect(read('sitemap-0.xml')).toContain(`<loc>${ROOT}papers/${id}/</loc>`);
    const $ = page(`papers/${id}/index.html`, out);
    expect($('link[rel="canonical"]').attr('href')).toBe(`${ROOT}papers/${id}/`);
    expect(JSON.parse($('script[type="application/ld+json"]').text()).url).toBe(`${ROOT}papers/${id}/`);
    expect($(`a[download="${keys.get(id)}.bib"]`).attr('href')).toBe(`/survey-base/papers/${id}.bib`);
    if (OUR_SURVEY) expect(`${id} ${keys.get(id)}`).toBe('var tian2024visual');
    expect(parseBibtex(page('about/index.html', out)('#survey-bibtex').text()).entries[0]?.fields['url']).toBe(ROOT);
    expect(page('timeline/index.html', out)('table.matrix td a').first().attr('href')).toMatch(/^\/survey-base\/search\/\?topic=/);
  });

  it('links the offline edition to the published site and its feeds', () => {
    const $ = page('index.html', `${out}-offline`);
    expect($('footer a').filter((_, el) => $(el).text() === 'Online edition').attr('href')).toBe(ROOT);
    const feeds = $('[type="application/atom+xml"]').map((_, el) => $(el).attr('href')!).get();
    expect(feeds.length).toBeGreaterThan(0);
    for (const feed of feeds) expect(feed).toMatch(/^https:\/\/example\.org\/survey-base\/feeds\/.+\.xml$/);
    // A reading list shared from the edition links to the published reading list.
    expect(page('reading-list/index.html', `${out}-offline`)('[data-reading-list-page]').attr('data-share')).toBe(`${ROOT}reading-list/`);
  });
});
