import { posix } from 'node:path';

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

/** What leaves the disk in the offline edition: a feed, read by a feed reader, only works online. */
const FEED_LINK = /<(?:a|link)\s[^>]*\stype="application\/atom\+xml"[^>]*>/g;

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
 * Rewrites one built page for the offline edition: relative `href`/`src`/`action`, the search's
 * `data-base`, module scripts replaced by one classic script (browsers refuse modules from file://),
 * feed links sent to the feeds of the published site at `published` (its root URL; a feed reader
 * cannot follow a file on the reader's disk), and the "download for offline reading" link, which
 * offers what the reader already has, made a link to the published site. A build with no published
 * site (`published` undefined) drops that link and keeps its feed links to the edition's own files.
 */
export function rewriteHtml(html: string, page: string, base: string, published: string | undefined): string {
  const prefix = rootPrefix(page);
  let scriptAdded = false;
  const online = published === undefined ? '' : `<li><a href="${published}">Online edition</a></li>`;
  return html
    .replace(/<li>(?:(?!<\/li>)[\s\S])*?data-offline-download[\s\S]*?<\/li>/g, online)
    .replace(FEED_LINK, (tag) =>
      published === undefined
        ? tag
        : tag.replace(/(\shref=")([^"]*)"/, (_, attr: string, url: string) => {
            const path = sitePath(url, base);
            return `${attr}${path === undefined ? url : new URL(path, published).href}"`;
          }),
    )
    .replace(/<script type="module"[^>]*>[\s\S]*?<\/script>/g, () => {
      if (scriptAdded) return '';
      scriptAdded = true;
      return `<script defer src="${prefix}${OFFLINE_SCRIPT}"></script>`;
    })
    .replace(/<link rel="modulepreload"[^>]*>/g, '')
    .replace(/(\sdata-base=")([^"]*)"/g, (_, attr: string) => `${attr}${prefix}"`)
    .replace(/(\s(?:href|src|action)=")([^"]*)"/g, (_, attr: string, url: string) => `${attr}${offlineUrl(url, page, base)}"`);
}

/** Rewrites `url(/...)` in a stylesheet at `file` (a path in the output folder) to relative URLs. */
export function rewriteCss(css: string, file: string, base: string): string {
  return css.replace(/url\((['"]?)(\/[^'")]+)\1\)/g, (_, quote: string, url: string) => {
    const path = sitePath(url, base);
    if (path === undefined) return `url(${quote}${url}${quote})`;
    return `url(${quote}${posix.relative(posix.dirname(file), path)}${quote})`;
  });
}
