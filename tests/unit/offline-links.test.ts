import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { droppedSitePath, offlineUrl, publishedRoot, rewriteCss, rewriteHtml, rootPrefix } from '../../src/lib/offline-links';

describe.each([
  // url, page, base, expected
  ['/papers/flowar/', 'papers/var/index.html', '/', '../flowar/index.html'],
  ['/', 'papers/var/index.html', '/', '../../index.html'],
  ['/', 'index.html', '/', 'index.html'],
  ['/search/?q=vq&topic=a#top', 'topics/x/index.html', '/', '../../search/index.html?q=vq&topic=a#top'],
  ['/_astro/Base.css', 'index.html', '/', '_astro/Base.css'],
  ['/favicon.svg', '404.html', '/', 'favicon.svg'],
  ['/survey/papers/var/', 'tags/x/index.html', '/survey/', '../../papers/var/index.html'],
  ['/survey', 'index.html', '/survey/', 'index.html'],
  ['https://arxiv.org/abs/1', 'index.html', '/', 'https://arxiv.org/abs/1'],
  ['#main', 'index.html', '/', '#main'],
  ['//cdn.example.org/x.js', 'index.html', '/', '//cdn.example.org/x.js'],
])('offlineUrl(%s) from %s', (url, page, base, expected) => {
  it(`is ${expected}`, () => expect(offlineUrl(url, page, base)).toBe(expected));
});

describe('rewriteHtml', () => {
  const html = [
    '<link rel="stylesheet" href="/_astro/a.css"><script src="/theme.js"></script>',
    '<link rel="alternate" type="application/atom+xml" title="New papers" href="/feeds/topics/x.xml">',
    '<script type="module" src="/_astro/site.js"></script><script type="module">inline()</script>',
    '<link rel="modulepreload" href="/_astro/chunk.js">',
    '<div data-search-root data-base="/"><form action="/search/"></form></div>',
    '<ul><li><a href="/about/">About</a></li>',
    '<li><a href="/feeds/papers.xml" type="application/atom+xml">Atom feed</a></li>',
    '<li><a href="/x.zip" data-offline-download>Download</a></li></ul>',
  ].join('');
  const out = rewriteHtml(html, 'papers/var/index.html', '/', 'https://example.org/');

  it('makes links relative and names their files', () => {
    expect(out).toContain('href="../../_astro/a.css"');
    expect(out).toContain('src="../../theme.js"');
    expect(out).toContain('action="../../search/index.html"');
    expect(out).toContain('href="../../about/index.html"');
  });
  it('replaces module scripts with one classic script', () => {
    expect(out).not.toContain('type="module"');
    expect(out).not.toContain('modulepreload');
    expect(out.match(/_offline\/site\.js/g)).toHaveLength(1);
    expect(out).toContain('<script defer src="../../_offline/site.js"></script>');
  });
  it('points the search at the folder root and turns the download link into one to the published site', () => {
    expect(out).toContain('data-base="../../"');
    expect(out).not.toContain('Download');
    expect(out).not.toContain('x.zip');
    expect(out).toContain('<li><a href="https://example.org/">Online edition</a></li>');
    expect(out).toContain('About');
  });
  it('sends feed links to the published feeds, which a feed reader can follow', () => {
    expect(out).toContain('<a href="https://example.org/feeds/papers.xml" type="application/atom+xml">Atom feed</a>');
    expect(out).toContain('<link rel="alternate" type="application/atom+xml" title="New papers" href="https://example.org/feeds/topics/x.xml">');
  });
  it('without a published site, drops the download link and keeps the feeds on disk', () => {
    // A build made without SITE_URL: a link to localhost would lead the edition's reader nowhere.
    const local = rewriteHtml(html, 'papers/var/index.html', '/', undefined);
    expect(local).not.toContain('Download');
    expect(local).not.toContain('Online edition');
    expect(local).not.toContain('localhost');
    expect(local).toContain('<ul><li><a href="../../about/index.html">About</a></li><li><a href="../../feeds/papers.xml" type="application/atom+xml">Atom feed</a></li></ul>');
    expect(local).toContain('href="../../feeds/topics/x.xml"');
  });
  // Content reaches attribute values (a tooltip, a venue in a <meta>) and text, where `<`, `"` and
  // `>` may stay as they are: the rewrite must change elements only, never what they hold.
  describe.each([
    ['a published site', 'https://example.org/'],
    ['no published site', undefined],
  ])('with %s, keeps content as content', (_, published) => {
    const elements = (page: string) => {
      const names: string[] = [];
      new Parser({ onopentag: (name) => names.push(name) }).parseComplete(page);
      return names;
    };
    it.each([
      ['a tooltip holding markup', '<p>Compare <abbr title="<li>data-offline-download</li><meta http-equiv=refresh content=0;url=https://evil.example/>">VAR</abbr>.</p>'],
      ['a tooltip opening a list item', '<p><abbr title="<li>data-offline-download">x</abbr></p><ul><li><abbr title="><meta http-equiv=refresh content=0;url=https://evil.example/>">y</abbr></li></ul>'],
      ['a meta value', '<meta name="citation_conference_title" content="ICLR<li>data-offline-download</li><meta http-equiv=refresh content=0;url=https://evil.example/> 2024">'],
      ['a link in text', '<p>Write href="/papers/var/" or src="/x.png" in a note.</p>'],
      ['a list item naming the download attribute', '<ul><li>The footer link has data-offline-download on it.</li></ul>'],
    ])('%s', (_, content) => {
      const page = `${html}${content}`;
      const rewritten = rewriteHtml(page, 'papers/var/index.html', '/', published);
      // The same elements as the hosted page, but for the ones the edition replaces or drops.
      const dropped = (names: string[]) => names.filter((name) => name !== 'script' && name !== 'link');
      expect(dropped(elements(rewritten)).slice(-dropped(elements(content)).length)).toEqual(dropped(elements(content)));
      expect(rewritten.slice(rewritten.length - content.length + 20)).toBe(content.slice(20));
    });
  });
  it('escapes the values of the elements it writes anew', () => {
    expect(rewriteHtml('<a href="/papers/var/" title="a &amp; b <c> &quot;d&quot;">VAR</a>', 'index.html', '/', undefined)).toBe(
      '<a href="papers/var/index.html" title="a &amp; b &lt;c&gt; &quot;d&quot;">VAR</a>',
    );
  });
  it('keeps self-closing elements of SVG closed', () => {
    expect(rewriteHtml('<svg><use href="/icons.svg#x" /></svg>', 'papers/var/index.html', '/', undefined)).toBe('<svg><use href="../../icons.svg#x" /></svg>');
  });
  it('keeps the published site\'s base path', () => {
    const page = '<a href="/survey/feeds/papers.xml" type="application/atom+xml">Atom</a><li><a href="/survey/x.zip" data-offline-download>Download</a></li>';
    expect(rewriteHtml(page, 'index.html', '/survey/', 'https://example.org/survey/')).toBe(
      '<a href="https://example.org/survey/feeds/papers.xml" type="application/atom+xml">Atom</a><li><a href="https://example.org/survey/">Online edition</a></li>',
    );
  });
});

it.each([
  ['https://example.org', '/', 'https://example.org/'],
  ['https://user.github.io', '/survey/', 'https://user.github.io/survey/'],
  ['http://localhost:4321', '/', undefined],
  ['http://127.0.0.1:8080', '/survey/', undefined],
  ['http://[::1]:4321', '/', undefined],
  [undefined, '/', undefined],
])('the published root of %s under %s is %s', (site, base, expected) => {
  expect(publishedRoot(site, base)).toBe(expected);
});

it.each([
  ['https://example.org/survey/', '/', '/survey/'],
  ['https://example.org/survey', '/', '/survey/'],
  ['https://example.org/survey/', '/survey/', undefined],
  ['https://example.org/', '/survey/', undefined],
  ['https://example.org', '/', undefined],
  [undefined, '/', undefined],
])('SITE_URL %s with BASE_PATH %s: links leave out %s, which the build warns about', (site, base, expected) => {
  expect(droppedSitePath(site, base)).toBe(expected);
});

it('rewrites stylesheet URLs relative to the stylesheet', () => {
  expect(rewriteCss('@font-face{src:url(/_astro/KaTeX_Main.woff2) format("woff2"),url("/_astro/x.woff")}', '_astro/Base.css', '/')).toBe(
    '@font-face{src:url(KaTeX_Main.woff2) format("woff2"),url("x.woff")}',
  );
});

it('counts the way back to the root', () => {
  expect(rootPrefix('index.html')).toBe('./');
  expect(rootPrefix('papers/var/index.html')).toBe('../../');
});
