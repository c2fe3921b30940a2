import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIST, listFiles, MATH_ERROR, page, requireBuild } from '../helpers/dist';

const OFFLINE = `${DIST}-offline`;
const htmlOf = (dir: string) => listFiles(dir, (p) => p.endsWith('.html'));

beforeAll(() => requireBuild());

describe.each([
  ['hosted', DIST],
  ['offline', OFFLINE],
])('every page of the %s edition', (_name, dir) => {
  it('is valid HTML', async () => {
    // The project's .htmlvalidate.json: the recommended rules, less two style preferences (KaTeX sets inline styles).
    const validator = new HtmlValidate(new FileSystemConfigLoader());
    const failures: string[] = [];
    for (const path of htmlOf(dir)) {
      const report = await validator.validateFile(join(dir, path));
      for (const result of report.results) {
        for (const m of result.messages) failures.push(`${path}:${m.line}:${m.column} ${m.ruleId} ${m.message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('has no KaTeX error', () => {
    for (const path of htmlOf(dir)) expect(readFileSync(join(dir, path), 'utf8'), path).not.toMatch(MATH_ERROR);
  });
});

/** The file a hosted URL is served from: `/papers/var/` → `papers/var/index.html`. */
function hostedTarget(url: string): string {
  const path = url.replace(/[?#].*$/, '').replace(/^\//, '');
  return path === '' || path.endsWith('/') ? `${path}index.html` : path;
}

describe('links', () => {
  it('resolve: every internal link, anchor and asset of the hosted edition points at something that exists', () => {
    const ids = new Map<string, Set<string>>();
    const idsOf = (file: string) => {
      if (!ids.has(file)) {
        const $ = page(file);
        ids.set(file, new Set($('[id]').map((_, el) => $(el).attr('id')!).get()));
      }
      return ids.get(file)!;
    };
    const broken: string[] = [];
    for (const path of htmlOf(DIST)) {
      const $ = page(path);
      $('a[href], link[href], script[src], img[src], form[action]').each((_, el) => {
        const url = $(el).attr('href') ?? $(el).attr('src') ?? $(el).attr('action')!;
        if (/^[a-z]+:/i.test(url) || url.startsWith('//')) return;
        const [target, anchor] = url.startsWith('#') ? [path, url.slice(1)] : [hostedTarget(url), url.split('#')[1]];
        if (!existsSync(join(DIST, target))) broken.push(`${path}: ${url}`);
        else if (anchor && target.endsWith('.html') && !idsOf(target).has(decodeURIComponent(anchor))) broken.push(`${path}: ${url} (no #${anchor})`);
      });
    }
    expect(broken).toEqual([]);
  });

  it('leave the site only to well-formed https addresses, with safe rel values', () => {
    const unsafe: string[] = [];
    for (const path of htmlOf(DIST)) {
      const $ = page(path);
      $('a[href^="http"]').each((_, el) => {
        const href = $(el).attr('href')!;
        const rel = ($(el).attr('rel') ?? '').split(/\s+/);
        let ok = false;
        try {
          ok = new URL(href).protocol === 'https:' || /^http:\/\/localhost[:/]/.test(href);
        } catch {
          ok = false;
        }
        if (!ok) unsafe.push(`${path}: malformed or insecure ${href}`);
        if ($(el).attr('target') === '_blank' && !rel.includes('noopener')) unsafe.push(`${path}: ${href} opens a tab without noopener`);
        if (!href.startsWith('http://localhost') && !(rel.includes('noopener') && rel.includes('noreferrer'))) unsafe.push(`${path}: ${href} lacks rel="noopener noreferrer"`);
      });
    }
    expect(unsafe).toEqual([]);
  });
});

describe('security', () => {
  it('puts a Content-Security-Policy on every page and no inline script or event handler', () => {
    for (const path of htmlOf(DIST)) {
      const $ = page(path);
      const csp = $('meta[http-equiv="Content-Security-Policy"]').attr('content') ?? '';
      expect(csp, path).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(csp, path).not.toContain("'unsafe-inline' ;");
      $('script:not([src])').each((_, el) => {
        expect(['application/json', 'application/ld+json'], `${path}: inline script`).toContain($(el).attr('type'));
      });
      $('*').each((_, el) => {
        for (const name of Object.keys((el as { attribs?: Record<string, string> }).attribs ?? {})) {
          expect(name.startsWith('on'), `${path}: ${name}= on <${(el as { name: string }).name}>`).toBe(false);
        }
      });
    }
  });
});

it('the offline folder sits next to dist', () => {
  expect(resolve(dirname(OFFLINE))).toBe(resolve(dirname(DIST)));
});
