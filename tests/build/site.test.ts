import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SITE_FILES, SITE_PAGES } from '../../src/lib/mdx';
import { expandTopics } from '../../src/lib/topics';
import { survey as config } from '../../src/survey.config';
import { loadSurvey, type LoadedSurvey } from '../../src/node/content';
import { PAPERS_ONLY } from '../../src/scripts/search/pagefind-engine';
import { DIST, idOf, listFiles, loadPagefind, MATH_ERROR, page, requireBuild } from '../helpers/dist';
import { builtSurvey, contentEntries, escapeRegExp, mentions, OUR_SURVEY, pairs, pick, tagsOf, titleWords, withId } from '../helpers/survey';
import { assignCitationKeys } from '../../src/lib/citation';

let survey: LoadedSurvey;
const topicIds = () => survey.topics.map((t) => t.id);
const papersOf = (topic: string) =>
  survey.papers.filter((p) => expandTopics(p.data!.topics, survey.topics.map((t) => ({ ...t.data!, id: t.id }))).includes(topic)).map((p) => p.id).sort();

beforeAll(async () => {
  requireBuild();
  survey = await loadSurvey({ root: resolve('.'), base: '/' });
});

// Samples from the survey, with the first survey's as preferred (see tests/helpers/survey.ts).
const built = builtSurvey();
const entries = contentEntries('papers');
// An abstract with what reads as an HTML element outside its math: ARRA's <HYBNEXT>.
const element = (text: string) => /<[A-Za-z][A-Za-z0-9]*>/.exec(text.replace(/\$[^$]*\$/g, ''))?.[0];
const withElement = pick(built.papers, (p) => !!element(p.abstract), withId('arra'));
// A result whose value is written with a trailing zero, which YAML reads as a number without it: VAR's FID 1.80.
// Its first topic's page shows it too, and no result there is written as the number would print (1.8).
const trailingZero = (entry: (typeof entries)[number]) => /^\s+value: (\d+\.\d*0)\s*$/m.exec(entry.source)?.[1];
const written = (id: string) => [...(entries.find((e) => e.id === id)?.source.matchAll(/^\s+value: (\S+)\s*$/gm) ?? [])].map((m) => m[1]!);
const firstTopic = (entry: (typeof entries)[number]) => built.topics.find((t) => t.id === (entry.data['topics'] as string[])[0])!;
const zeroPaper = pick(
  entries,
  (e) => !!trailingZero(e) && !firstTopic(e).papers.some((id) => written(id).includes(String(Number(trailingZero(e))))),
  withId('var'),
);
// Tags with a label of their own in survey.config.ts: KV cache, MLP-Mixer.
const labelled = tagsOf(built.papers).filter((tag) => config.tagLabels[tag] !== undefined);
const labelledTag = pick(labelled, () => true, (t) => t === 'kv-cache');
const otherLabelledTag = pick(labelled, () => true, (t) => t === 'mlp-mixer');
// A paper with a venue, an arXiv id and code (VAR), and a preprint (FreeCache).
const complete = pick(built.papers, (p) => !!p.venue && !!p.arxiv && !!p.code, withId('var'));
const preprint = pick(built.papers, (p) => !p.venue, withId('freecache'));
// A word of papers in a topic and out of it, to narrow with the topic filter: "autoregressive", time series.
const narrowing = pick(
  pairs(titleWords(built.papers).map((w) => w.word).concat('autoregressive'), built.topics),
  ([word, topic]) => built.papers.some((p) => mentions(p, word) && topic.papers.includes(p.id)) && built.papers.some((p) => mentions(p, word) && !topic.papers.includes(p.id)),
  ([word, topic]) => word === 'autoregressive' && topic.id === 'time-series',
);

describe('the built site', () => {
  it('has a page for every paper and every topic, and the index pages', () => {
    const pages = new Set(listFiles(DIST, (p) => p.endsWith('.html')));
    for (const paper of survey.papers) expect(pages).toContain(`papers/${paper.id}/index.html`);
    for (const topic of survey.topics) expect(pages).toContain(`topics/${topic.id}/index.html`);
    for (const path of ['index.html', 'papers/index.html', 'topics/index.html', 'tags/index.html', 'search/index.html', '404.html', 'about/index.html']) {
      expect(pages).toContain(path);
    }
    expect(survey.papers).toHaveLength(entries.length);
    expect(survey.papers.length).toBeGreaterThan(0);
  });

  it.runIf(OUR_SURVEY)('publishes the first survey: 75 papers in 20 topics', () => {
    expect(survey.papers).toHaveLength(75);
    expect(survey.topics).toHaveLength(20);
  });

  it('has at its root exactly the pages and files that content may link to, besides assets', () => {
    // The check accepts a link such as /timeline/ or /survey.bib when it is in SITE_PAGES or
    // SITE_FILES, and a file of public/; a page added or renamed without the lists would be
    // refused, or a removed one accepted.
    const notLinkable = ['_astro', 'pagefind', '404.html', 'sitemap-0.xml', `${config.offlineName}-offline.zip`];
    const fromPublic = readdirSync('public');
    const root = readdirSync(DIST).filter((name) => !notLinkable.includes(name) && !fromPublic.includes(name)).map((name) => (name === 'index.html' ? '' : name));
    expect(root.sort()).toEqual([...new Set([...SITE_PAGES, ...SITE_FILES].map((path) => path.split('/')[1]))].sort());
    for (const path of SITE_PAGES) expect(existsSync(join(DIST, path, 'index.html')), path).toBe(true);
    for (const path of SITE_FILES) expect(existsSync(join(DIST, path)), path).toBe(true);
  });

  it('has every per-paper and per-topic file the check lets content link to', () => {
    // checkContentUrl accepts these forms for any paper or topic that exists (src/lib/mdx.ts, ITEM_PATHS).
    const [paper] = survey.papers;
    const [topic] = survey.topics;
    const paths = [
      ...['bib', 'ris', 'csl.json'].map((format) => `papers/${paper!.id}.${format}`),
      ...['bib', 'ris', 'csl.json', 'csv'].map((format) => `topics/${topic!.id}.${format}`),
      `feeds/topics/${topic!.id}.xml`,
    ];
    for (const path of paths) expect(existsSync(join(DIST, path)), path).toBe(true);
  });

  it('lists exactly its papers on every topic page, with the count it states', () => {
    for (const topic of topicIds()) {
      const $ = page(`topics/${topic}/index.html`);
      const listed = [...new Set($('section[aria-labelledby="papers-heading"] .paper-card a').map((_, a) => idOf($(a).attr('href')!)).get())].sort();
      expect(listed, topic).toEqual(papersOf(topic));
      expect(Number($('[data-paper-count]').attr('data-paper-count')), topic).toBe(listed.length);
    }
  });

  it('renders the math of every page, and no KaTeX error anywhere', () => {
    for (const path of listFiles(DIST, (p) => p.endsWith('.html'))) {
      const html = page(path).html();
      expect(html, path).not.toMatch(MATH_ERROR);
    }
    const withMath = survey.papers.filter((p) => /\$/.test(p.data!.abstract) || p.html.includes('katex'));
    if (OUR_SURVEY) expect(withMath.length).toBeGreaterThan(10);
    for (const paper of withMath) expect(page(`papers/${paper.id}/index.html`)('.katex').length, paper.id).toBeGreaterThan(0);
  });

  it.runIf(withElement)('shows HTML written in an abstract as text', () => {
    const tag = element(withElement!.abstract)!;
    const $ = page(`papers/${withElement!.id}/index.html`);
    expect($('.abstract').text()).toContain(tag);
    expect($(`.abstract ${tag.slice(1, -1).toLowerCase()}`).length).toBe(0);
  });

  it.runIf(zeroPaper)('shows a result as the paper states it: FID 1.80, not 1.8', () => {
    const value = trailingZero(zeroPaper!)!;
    const topic = firstTopic(zeroPaper!).id;
    const cells = (path: string) => page(path)('td').map((_, td) => page(path)(td).text()).get();
    expect(cells(`papers/${zeroPaper!.id}/index.html`)).toContain(value);
    expect(cells(`topics/${topic}/index.html`)).toContain(value);
    expect(cells(`topics/${topic}/index.html`)).not.toContain(String(Number(value)));
  });

  it.runIf(labelledTag)('names a tag by its label: KV cache, not kv cache', () => {
    const label = config.tagLabels[labelledTag!]!;
    const other = config.tagLabels[otherLabelledTag!]!;
    expect(page(`tags/${labelledTag}/index.html`)('h1').text()).toBe(`Tag: ${label}`);
    expect(page('tags/index.html')(`a[href="/tags/${otherLabelledTag}/"]`).text()).toMatch(new RegExp(`^${escapeRegExp(other)} \\(\\d+\\)$`));
    expect(page('search/index.html')('[data-search-config]').text()).toContain(`${JSON.stringify(labelledTag)}:${JSON.stringify(label)}`);
  });

  it('leads from every tag page back to the tags and on to the search, where its papers can be filtered further and exported', () => {
    for (const tag of tagsOf(built.papers)) {
      const $ = page(`tags/${tag}/index.html`);
      expect($('nav[aria-label="Breadcrumb"] a[href="/tags/"]').length, tag).toBe(1);
      const search = $(`main a[href="/search/?tag=${tag}"]`);
      expect(search.length, tag).toBe(1);
      expect(search.text(), tag).toMatch(/search/i);
    }
  });

  it('gives every page one h1 and an outline that skips no heading level on the way down', () => {
    const skips: string[] = [];
    for (const file of listFiles(DIST, (p) => p.endsWith('.html'))) {
      const $ = page(file);
      const levels = $('h1, h2, h3, h4, h5, h6').map((_, h) => Number(h.tagName.slice(1))).get();
      if (levels.filter((l) => l === 1).length !== 1) skips.push(`${file}: ${levels.filter((l) => l === 1).length} h1`);
      const skip = levels.findIndex((level, i) => level > (levels[i - 1] ?? 0) + 1);
      if (skip >= 0) skips.push(`${file}: h${levels[skip - 1] ?? 0} then h${levels[skip]}`);
    }
    expect(skips).toEqual([]);
  });

  it.runIf(complete)('gives a paper page its metadata, links and BibTeX entry', () => {
    const paper = complete!;
    const key = assignCitationKeys(survey.papers.map((p) => ({ ...p.data!, id: p.id }))).get(paper.id)!;
    const $ = page(`papers/${paper.id}/index.html`);
    expect($('h1').text()).toBe(paper.title);
    expect($(`a[href="https://arxiv.org/abs/${paper.arxiv}"]`).length).toBe(1);
    expect($(`a[href="https://arxiv.org/pdf/${paper.arxiv}"]`).length).toBe(1);
    expect($(`a[href="${paper.code}"]`).length).toBe(1);
    expect($('#bibtex').text()).toMatch(new RegExp(`^@\\w+\\{${escapeRegExp(key)},`));
    expect($('.meta').text()).toContain(paper.venue!);
  });

  it.runIf(preprint)('says "Preprint" on the page of a paper without a venue', () => {
    expect(page(`papers/${preprint!.id}/index.html`)('.meta').text()).toContain('Preprint');
  });

  it.runIf(OUR_SURVEY)("gives VAR's page its metadata, links and BibTeX entry", () => {
    const $ = page('papers/var/index.html');
    expect($('h1').text()).toBe('Visual Autoregressive Modeling: Scalable Image Generation via Next-Scale Prediction');
    expect($('a[href="https://arxiv.org/abs/2404.02905"]').length).toBe(1);
    expect($('a[href="https://arxiv.org/pdf/2404.02905"]').length).toBe(1);
    expect($('a[href="https://github.com/FoundationVision/VAR"]').length).toBe(1);
    expect($('#bibtex').text()).toMatch(/^@inproceedings\{tian2024visual,/);
    expect($('.meta').text()).toContain('NeurIPS 2024');
    const preprint = page('papers/freecache/index.html');
    expect(preprint('.meta').text()).toContain('Preprint');
  });
});

describe('the Pagefind index', () => {
  it.runIf(OUR_SURVEY)('answers "speculative decoding" with speculative-decoding papers first', async () => {
    const pagefind = await loadPagefind();
    const response = await pagefind.search('speculative decoding', { filters: PAPERS_ONLY });
    const top = await Promise.all(response.results.slice(0, 5).map((r) => r.data()));
    const speculative = papersOf('speculative-decoding');
    for (const hit of top) expect(speculative, hit.url).toContain(idOf(hit.url));
    expect(top[0]?.meta['title']).toBeTruthy();
  });

  it('leaves the pages\' citation boilerplate out: "reference manager" matches no paper', async () => {
    // Every paper page says "Or download it for a reference manager"; indexed, it matched all 75.
    const pagefind = await loadPagefind();
    expect((await pagefind.search('reference manager', { filters: PAPERS_ONLY })).results).toHaveLength(0);
  });

  it('counts each topic filter as the topic page does', async () => {
    const pagefind = await loadPagefind();
    const counts = (await pagefind.filters())['topic']!;
    for (const topic of topicIds()) expect(counts[topic] ?? 0, topic).toBe(papersOf(topic).length);
  });

  it.runIf(narrowing)('narrows a search with the topic filter', async () => {
    const [word, { id: topic }] = narrowing!;
    const pagefind = await loadPagefind();
    const all = await pagefind.search(word, { filters: PAPERS_ONLY });
    const narrowed = await pagefind.search(word, { filters: { ...PAPERS_ONLY, topic: { any: [topic] } } });
    expect(narrowed.results.length).toBeGreaterThan(0);
    expect(narrowed.results.length).toBeLessThan(all.results.length);
    for (const result of narrowed.results) expect(papersOf(topic)).toContain(idOf((await result.data()).url));
  });
});
