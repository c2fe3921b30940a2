import { posix } from 'node:path';
import { Parser } from 'htmlparser2';

/**
 * Rewrites for the offline edition, which is opened from disk (file://): there is no server to turn
 * `/papers/var/` into `/papers/var/index.html`, and a root-absolute URL points at the disk's root.
 * Every internal URL becomes relative and names its `.html` file.
 */

/** The site path of a root-absolute URL under `base`, or undefined when it is not one. */
function sitePath(url: string, base: string): string | undefined {
  if (!url.startsWith('/') || url.startsWith('//')) return undefined;
  if (url.startsWith(base)) return url.slice(base.length);
  if (`${url}/` === base) return '';
  return undefined;
}

/**
 * `url` as seen from the page at `page` (a path in the output folder, `papers/var/index.html`):
 * `/papers/flowar/` → `../flowar/index.html`, `/search/?q=x` → `../../search/index.html?q=x`.
 * URLs outside the site (other schemes, anchors, other roots) are returned unchanged.
 */
export function offlineUrl(url: string, page: string, base: string): string {
  const path = sitePath(url, base);
  if (path === undefined) return url;
  const [, file = '', suffix = ''] = /^([^?#]*)(.*)$/.exec(path) ?? [];
  const target = file === '' || file.endsWith('/') ? `${file}index.html` : file;
  const relative = posix.relative(posix.dirname(page), target) || posix.basename(target);
  return `${relative}${suffix}`;
}

/** The prefix that leads from `page` back to the root of the output folder: `../../` or `./`. */
export function rootPrefix(page: string): string {
  const depth = page.split('/').length - 1;
  return depth === 0 ? './' : '../'.repeat(depth);
}

/** The `<script>` that replaces a page's module scripts in the offline edition. */
export const OFFLINE_SCRIPT = '_offline/site.js';

/**
 * The published site's root URL, or undefined for a build made for this machine (no SITE_URL:
 * Astro's site is localhost), whose address would lead a reader of the offline edition nowhere.
 */
export function publishedRoot(site: string | undefined, base: string): string | undefined {
  if (!site) return undefined;
  const url = new URL(base, site);
  return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname) ? undefined : url.href;
}

/**
 * The path of `site` that links leave out, or undefined: every link, feed and canonical URL starts
 * at `base` from the host's root, so `SITE_URL=https://example.org/survey/` without
 * `BASE_PATH=/survey/` publishes links that lead outside the survey.
 */
export function droppedSitePath(site: string | undefined, base: string): string | undefined {
  if (!site) return undefined;
  const path = new URL(site).pathname.replace(/\/?$/, '/');
  return path === '/' || base.startsWith(path) ? undefined : path;
}

/** A change to a page: the characters from `start` to `end` (inclusive) become `text`. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Rewrites one built page for the offline edition: relative `href`/`src`/`action`, the search's
 * `data-base`, module scripts replaced by one classic script (browsers refuse modules from file://),
 * feed links sent to the feeds of the published site at `published` (its root URL; a feed reader
 * cannot follow a file on the reader's disk), and the "download for offline reading" link, which
 * offers what the reader already has, made a link to the published site. A build with no published
 * site (`published` undefined) drops that link and keeps its feed links to the edition's own files.
 *
 * The page is read by an HTML parser, and only its elements' attributes change: text and attribute
 * values are the survey's content, which may hold anything (an `<li>` inside a tooltip), and a
 * rewrite by pattern that met such text could end an attribute early and make content into markup.
 * An element whose attributes change is written anew, its values escaped; the rest is kept as built.
 */
export function rewriteHtml(html: string, page: string, base: string, published: string | undefined): string {
  const prefix = rootPrefix(page);
  const edits: Edit[] = [];
  // Open list items, innermost last, and the module script being read.
  const items: { start: number; download: boolean }[] = [];
  let moduleScript: number | undefined;
  let scriptAdded = false;
  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        const name = tag.toLowerCase();
        const [start, end] = [parser.startIndex, parser.endIndex];
        if (name === 'li') items.push({ start, download: false });
        if ('data-offline-download' in attributes && items.length > 0) items[items.length - 1]!.download = true;
        if (name === 'script' && attributes['type'] === 'module') moduleScript = start;
        else if (name === 'link' && attributes['rel'] === 'modulepreload') edits.push({ start, end, text: '' });
        else {
          const changed = offlineAttributes(name, attributes, page, base, prefix, published);
          if (changed) edits.push({ start, end, text: startTag(tag, changed, html.slice(start, end + 1)) });
        }
      },
      onclosetag(tag, implied) {
        const name = tag.toLowerCase();
        if (name === 'script' && moduleScript !== undefined) {
          edits.push({ start: moduleScript, end: parser.endIndex, text: scriptAdded ? '' : `<script defer src="${prefix}${OFFLINE_SCRIPT}"></script>` });
          scriptAdded = true;
          moduleScript = undefined;
        }
        if (name === 'li') {
          const item = items.pop();
          if (item?.download && !implied) {
            const online = published === undefined ? '' : `<li><a href="${escapeAttribute(published)}">Online edition</a></li>`;
            edits.push({ start: item.start, end: parser.endIndex, text: online });
          }
        }
      },
    },
    { lowerCaseTags: false, lowerCaseAttributeNames: false },
  );
  parser.parseComplete(html);
  // An edit inside another (a link inside the list item replaced) gives way to it.
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const edit of edits) {
    if (edit.start < at) continue;
    out += html.slice(at, edit.start) + edit.text;
    at = edit.end + 1;
  }
  return out + html.slice(at);
}

/**
 * The attributes of an element as the offline edition has them, or undefined when none changes.
 * Called for every start tag of every page (4.4 million at 10,000 papers), so it makes no
 * closure: tsx names each one it makes, which took 2.2 s of the edition's 37 s of CPU there.
 */
function offlineAttributes(
  name: string,
  attributes: Record<string, string>,
  page: string,
  base: string,
  prefix: string,
  published: string | undefined,
): Record<string, string> | undefined {
  let changed: Record<string, string> | undefined;
  for (const attribute of URL_ATTRIBUTES) {
    const url = attributes[attribute];
    if (url === undefined) continue;
    const value = offlineUrl(url, page, base);
    if (value !== url) (changed ??= { ...attributes })[attribute] = value;
  }
  if (attributes['data-base'] !== undefined && attributes['data-base'] !== prefix) (changed ??= { ...attributes })['data-base'] = prefix;
  // A feed, read by a feed reader, only works online.
  const feed = (name === 'a' || name === 'link') && attributes['type'] === 'application/atom+xml';
  if (feed && published !== undefined && attributes['href'] !== undefined) {
    const path = sitePath(attributes['href'], base);
    const href = path === undefined ? undefined : new URL(path, published).href;
    if (href !== undefined && href !== attributes['href']) (changed ??= { ...attributes })['href'] = href;
  }
  return changed;
}

const URL_ATTRIBUTES = ['href', 'src', 'action'] as const;

/** A start tag written anew: values in double quotes, escaped; `raw` tells a self-closing one (in SVG). */
function startTag(name: string, attributes: Record<string, string>, raw: string): string {
  const written = Object.entries(attributes).map(([attribute, value]) => (value === '' ? ` ${attribute}` : ` ${attribute}="${escapeAttribute(value)}"`));
  return `<${name}${written.join('')}${/["'\s]\/>$/.test(raw) ? ' />' : '>'}`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Rewrites `url(/...)` in a stylesheet at `file` (a path in the output folder) to relative URLs. */
export function rewriteCss(css: string, file: string, base: string): string {
  return css.replace(/url\((['"]?)(\/[^'")]+)\1\)/g, (_, quote: string, url: string) => {
    const path = sitePath(url, base);
    if (path === undefined) return `url(${quote}${url}${quote})`;
    return `url(${quote}${posix.relative(posix.dirname(file), path)}${quote})`;
  });
}
