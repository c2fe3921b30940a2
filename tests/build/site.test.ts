import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SITE_PATHS } from '../../src/lib/mdx';
import { expandTopics } from '../../src/lib/topics';
import { survey as config } from '../../src/survey.config';
import { loadSurvey, type LoadedSurvey } from '../../src/node/content';
import { PAPERS_ONLY } from '../../src/scripts/search/pagefind-engine';
import { DIST, idOf, listFiles, loadPagefind, page, requireBuild } from '../helpers/dist';

let survey: LoadedSurvey;
const topicIds = () => survey.topics.map((t) => t.id);
const papersOf = (topic: string) =>
  survey.papers.filter((p) => expandTopics(p.data!.topics, survey.topics.map((t) => ({ ...t.data!, id: t.id }))).includes(topic)).map((p) => p.id).sort();

beforeAll(async () => {
  requireBuild();
  survey = await loadSurvey({ root: resolve('.'), base: '/' });
});

describe('the built site', () => {
  it('has a page for every paper and every topic, and the index pages', () => {
    const pages = new Set(listFiles(DIST, (p) => p.endsWith('.html')));
    for (const paper of survey.papers) expect(pages).toContain(`papers/${paper.id}/index.html`);
    for (const topic of survey.topics) expect(pages).toContain(`topics/${topic.id}/index.html`);
    for (const path of ['index.html', 'papers/index.html', 'topics/index.html', 'tags/index.html', 'search/index.html', '404.html', 'about/index.html']) {
      expect(pages).toContain(path);
    }
    expect(survey.papers).toHaveLength(75);
  });

  it('has at its root exactly the pages and files that content may link to, besides assets', () => {
    // The check accepts a link such as /timeline/ when its first segment is in SITE_PATHS; a page
    // added or renamed without the list would be refused, or a removed one accepted.
    const notLinkable = ['_astro', 'pagefind', '404.html', 'favicon.svg', 'theme.js', 'sitemap-0.xml', `${config.offlineName}-offline.zip`];
    const root = readdirSync(DIST).filter((name) => !notLinkable.includes(name)).map((name) => (name === 'index.html' ? '' : name));
    expect(root.sort()).toEqual([...SITE_PATHS].sort());
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
      expect(html, path).not.toContain('katex-error');
    }
    const withMath = survey.papers.filter((p) => /\$/.test(p.data!.abstract) || p.html.includes('katex'));
    expect(withMath.length).toBeGreaterThan(10);
    for (const paper of withMath) expect(page(`papers/${paper.id}/index.html`)('.katex').length, paper.id).toBeGreaterThan(0);
  });

  it('shows HTML written in an abstract as text', () => {
    const $ = page('papers/arra/index.html');
    expect($('.abstract').text()).toContain('<HYBNEXT>');
    expect($('.abstract hybnext').length).toBe(0);
  });

  it('shows a result as the paper states it: FID 1.80, not 1.8', () => {
    const cells = (path: string) => page(path)('td').map((_, td) => page(path)(td).text()).get();
    expect(cells('papers/var/index.html')).toContain('1.80');
    expect(cells('topics/next-scale-prediction/index.html')).toContain('1.80');
    expect(cells('topics/next-scale-prediction/index.html')).not.toContain('1.8');
  });

  it('names a tag by its label: KV cache, not kv cache', () => {
    expect(page('tags/kv-cache/index.html')('h1').text()).toBe('Tag: KV cache');
    expect(page('tags/index.html')('a[href="/tags/mlp-mixer/"]').text()).toMatch(/^MLP-Mixer \(\d+\)$/);
    expect(page('search/index.html')('[data-search-config]').text()).toContain('"kv-cache":"KV cache"');
  });

  it('gives each paper page its metadata, links and a BibTeX entry', () => {
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
  it('answers "speculative decoding" with speculative-decoding papers first', async () => {
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

  it('narrows a search with the topic filter', async () => {
    const pagefind = await loadPagefind();
    const all = await pagefind.search('autoregressive', { filters: PAPERS_ONLY });
    const narrowed = await pagefind.search('autoregressive', { filters: { ...PAPERS_ONLY, topic: { any: ['time-series'] } } });
    expect(narrowed.results.length).toBeGreaterThan(0);
    expect(narrowed.results.length).toBeLessThan(all.results.length);
    for (const result of narrowed.results) expect(papersOf('time-series')).toContain(idOf((await result.data()).url));
  });
});
