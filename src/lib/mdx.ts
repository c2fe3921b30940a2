import type { Link, Paragraph, Root, RootContent } from 'mdast';
import type { MdxJsxAttribute, MdxJsxExpressionAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { hasUserinfo } from '../schemas/paper';
import type { Issue } from './issues';

/**
 * Elements a contributor may write in an MDX body, with the attributes each accepts.
 * Anything else is rejected by the check: MDX is code, and content comes from strangers.
 */
export const ALLOWED_ELEMENTS: Readonly<Record<string, { tag: string; attributes: readonly string[] }>> = {
  Aside: { tag: 'aside', attributes: ['type', 'title'] },
  abbr: { tag: 'abbr', attributes: ['title'] },
  br: { tag: 'br', attributes: [] },
  cite: { tag: 'cite', attributes: [] },
  details: { tag: 'details', attributes: [] },
  kbd: { tag: 'kbd', attributes: [] },
  mark: { tag: 'mark', attributes: [] },
  q: { tag: 'q', attributes: [] },
  small: { tag: 'small', attributes: [] },
  sub: { tag: 'sub', attributes: [] },
  summary: { tag: 'summary', attributes: [] },
  sup: { tag: 'sup', attributes: [] },
};

/**
 * Elements that hold paragraphs, which HTML allows inside no paragraph: written on a line of their
 * own (`<Aside title="…">Text.</Aside>`), they are rendered as blocks; inside a sentence, the check
 * refuses them.
 */
export const BLOCK_ELEMENTS: ReadonlySet<string> = new Set(['Aside', 'details', 'summary']);

/** Whether `node` is all its paragraph holds, but for spaces. */
function alone(node: RootContent, paragraph: Paragraph): boolean {
  return paragraph.children.every((c) => c === node || (c.type === 'text' && !c.value.trim()));
}

/** Nodes that hold blocks: a box (an Aside, a details) may stand in them. */
const FLOW_CONTAINERS = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);

/**
 * Whether an Aside or details stands where HTML allows a box: in the body, a quote, a list item or
 * another box, alone in its paragraph (the renderer then puts it in the paragraph's place), never
 * in a sentence, a heading, emphasis, a link or a text element such as `<sup>`.
 */
function holdsBoxes(node: RootContent, parent: Root | RootContent | undefined, grandparent: Root | RootContent | undefined): boolean {
  const container = (holder: Root | RootContent | undefined) =>
    holder !== undefined &&
    (FLOW_CONTAINERS.has(holder.type) || ((holder.type === 'mdxJsxFlowElement' || holder.type === 'mdxJsxTextElement') && BLOCK_ELEMENTS.has(holder.name ?? '')));
  if (parent?.type === 'paragraph') return alone(node, parent) && container(grandparent);
  return container(parent);
}

/** Whether a `<summary>` is the first thing in a `<details>`, directly or alone on its first line. */
function isSummaryOf(summary: RootContent, parent: Root | RootContent | undefined, grandparent: Root | RootContent | undefined): boolean {
  const inDetails = (node: Root | RootContent | undefined, child: RootContent) =>
    node !== undefined &&
    (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') &&
    node.name === 'details' &&
    node.children.find((c: RootContent) => !(c.type === 'text' && !c.value.trim())) === child;
  if (parent?.type === 'paragraph') return parent.children.every((c) => c === summary || (c.type === 'text' && !c.value.trim())) && inDetails(grandparent, parent);
  return inDetails(parent, summary);
}

/** Values of `<Aside type="...">`. */
const ASIDE_TYPES = ['note', 'tip', 'caution'] as const;

/**
 * A link from content to a page or file of the survey whose existence depends on the content (a
 * paper, a topic, a tag) or on the files in `public/`, checked later against the whole survey.
 */
export interface InternalLink {
  /** `files`: a file in `public/`, which the site serves from its root. */
  kind: 'papers' | 'topics' | 'tags' | 'files';
  /** The paper, topic or tag id, or for `files` the path under the root (`figures/var.png`). */
  id: string;
  /** The path as written, without its query or anchor, for the message: `/feeds/topics/x.xml`. */
  path: string;
  what: 'link' | 'image';
  line: number;
  column: number;
}

const SAFE_SCHEMES = /^(?:https|mailto):/i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The pages of the site that do not depend on the content. With `trailingSlash: 'always'` (in
 * astro.config.mjs) each is a folder: `/timeline` is a 404 under `npm run preview` and a folder,
 * not a page, in the offline edition, so the check asks for the slash.
 */
export const SITE_PAGES = ['/', '/about/', '/papers/', '/reading-list/', '/search/', '/tags/', '/timeline/', '/topics/'] as const;

/** The files of the site that do not depend on the content (README, "Data for machines"). */
export const SITE_FILES = [
  '/papers.json',
  '/topics.json',
  '/paper-records.js',
  '/survey.bib',
  '/survey.csl.json',
  '/survey.csv',
  '/survey.ris',
  '/feeds/papers.xml',
  '/robots.txt',
  '/sitemap-index.xml',
] as const;

/**
 * Pages and files made for each paper, topic and tag, by the path they are at. Each names the id it
 * is made for; whether that exists is for `validateSurvey` to say. The citation files are those of
 * `PAPER_CITATION_FORMATS` (src/lib/citation-files.ts) and of src/pages/topics/.
 */
const ITEM_PATHS: readonly { pattern: RegExp; kind: 'papers' | 'topics' | 'tags'; page: boolean }[] = [
  { pattern: /^\/papers\/([^/]+)\/$/, kind: 'papers', page: true },
  { pattern: /^\/topics\/([^/]+)\/$/, kind: 'topics', page: true },
  { pattern: /^\/tags\/([^/]+)\/$/, kind: 'tags', page: true },
  { pattern: /^\/papers\/([^/]+?)\.(?:bib|ris|csl\.json)$/, kind: 'papers', page: false },
  { pattern: /^\/topics\/([^/]+?)\.(?:bib|ris|csl\.json|csv)$/, kind: 'topics', page: false },
  { pattern: /^\/feeds\/topics\/([^/]+?)\.xml$/, kind: 'topics', page: false },
];

/** The first segments of the site's own paths: `/papers/x/` under one of them has no base path before it. */
const SECTIONS = new Set([...SITE_PAGES, ...SITE_FILES].map((path) => path.split('/')[1]!));

/** What a root-absolute path (without query and anchor) is on the site, as far as its form tells. */
type Route = { kind: 'page' | 'file' } | { kind: 'item'; link: Pick<InternalLink, 'kind' | 'id'>; page: boolean } | undefined;

function routeOf(path: string): Route {
  if ((SITE_PAGES as readonly string[]).includes(path)) return { kind: 'page' };
  if ((SITE_FILES as readonly string[]).includes(path)) return { kind: 'file' };
  for (const { pattern, kind, page } of ITEM_PATHS) {
    const id = pattern.exec(path)?.[1];
    if (id !== undefined) return { kind: 'item', link: { kind, id }, page };
  }
  return undefined;
}

/**
 * A URL that may be rendered at all: https://, mailto:, a path or an anchor. The renderer drops any
 * other link, should one get past the check (`checkContentUrl` has the full rules).
 */
export function isSafeUrl(url: string): boolean {
  const trimmed = asBrowserReads(url);
  return SAFE_SCHEMES.test(trimmed) || (!ANY_SCHEME.test(trimmed) && !trimmed.startsWith('//'));
}

/**
 * A URL as a browser reads it (https://url.spec.whatwg.org/#concept-basic-url-parser): without the
 * control characters and spaces around it, without any tab or line break in it, and with a
 * backslash before its query taken for a slash. `java<tab>script:` is `javascript:` to a browser,
 * and `/\evil.example/` is `//evil.example/`: the rules read what the browser would follow.
 */
function asBrowserReads(url: string): string {
  return url
    .replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '')
    .replace(/[\t\n\r]/g, '')
    .replace(/^[^?#]*/, (path) => path.replace(/\\/g, '/'));
}

/** What a URL written in content is: a link to a page or file of the survey, a problem, or fine. */
export type UrlVerdict =
  | { kind: 'internal'; link: Pick<InternalLink, 'kind' | 'id' | 'path' | 'what'> }
  | { kind: 'problem'; rule: string; message: string; fix: string }
  | { kind: 'ok' };

/**
 * The rules for a URL in content, for a body's links and images and for the links of a
 * front-matter string (an abstract, a summary) alike: only https:// and mailto: leave the survey,
 * images come from the survey itself (its Content-Security-Policy blocks others, and the offline
 * edition has no network), and a link within the survey names a page or file the site builds.
 */
export function checkContentUrl(url: string, what: 'link' | 'image'): UrlVerdict {
  const trimmed = asBrowserReads(url);
  const shown = truncate(url.trim());
  if (/^http:/i.test(trimmed)) {
    return {
      kind: 'problem',
      rule: 'insecure-url',
      message: `The ${what} URL "${shown}" uses http://, which browsers flag as insecure.`,
      fix: `Use the https:// address${what === 'image' ? ' of a page, as a link' : ''}.`,
    };
  }
  if (ANY_SCHEME.test(trimmed) && !SAFE_SCHEMES.test(trimmed)) {
    return {
      kind: 'problem',
      rule: 'unsafe-url',
      message: `The ${what} URL "${shown}" uses a scheme that can run code or embed data.`,
      fix: 'Link to an https:// address or to a page of the survey such as /papers/<id>/.',
    };
  }
  if (trimmed.startsWith('//')) {
    return {
      kind: 'problem',
      rule: 'relative-link',
      message: `The ${what} URL "${shown}" starts with //${trimmed.startsWith(url.trim()) ? '' : ' as a browser reads it'}, so it leaves the survey without saying how.`,
      fix: 'Write the address in full, starting with https://.',
    };
  }
  if (what === 'image' && ANY_SCHEME.test(trimmed)) {
    return {
      kind: 'problem',
      rule: 'external-image',
      message: `The image "${shown}" is on another site: the survey's pages show images only from the survey itself, and the offline edition has no network.`,
      fix: 'Link to it instead: [what it shows](https://...).',
    };
  }
  // A browser reads "https:example.org" as https://example.org/ and makes nothing of "https://" or
  // "mailto:"; what the author meant is for the author to write.
  if (/^https:/i.test(trimmed) && !(/^https:\/\/[^/?#\\@\s]/i.test(trimmed) && URL.canParse(trimmed))) {
    return {
      kind: 'problem',
      rule: 'malformed-url',
      message: `The ${what} URL "${shown}" is not a complete https:// address.`,
      fix: 'Write the address in full, as https://example.org/page.',
    };
  }
  if (/^https:/i.test(trimmed) && hasUserinfo(trimmed)) {
    return {
      kind: 'problem',
      rule: 'unsafe-url',
      message: `The ${what} URL "${shown}" leads to ${new URL(trimmed).host}: what comes before its "@" is a user name, not the site.`,
      fix: 'Write the address of the page itself, with nothing between https:// and the site\'s name.',
    };
  }
  if (/^mailto:/i.test(trimmed) && !/^mailto:[^@\s,]+@[^@\s,]+(?:,[^@\s,]+@[^@\s,]+)*$/i.test(trimmed.replace(/\?.*$/, ''))) {
    return {
      kind: 'problem',
      rule: 'malformed-url',
      message: `The ${what} URL "${shown}" is not an e-mail address.`,
      fix: 'Write it as mailto:name@example.org.',
    };
  }
  if (ANY_SCHEME.test(trimmed) || trimmed.startsWith('#')) return { kind: 'ok' };
  if (!trimmed.startsWith('/')) {
    return {
      kind: 'problem',
      rule: 'relative-link',
      message: `The ${what} URL "${shown}" is relative, so it breaks when the page moves.`,
      fix: 'Write survey links from the root, like /papers/<id>/ or /topics/<id>/.',
    };
  }
  const [, path = '', suffix = ''] = /^([^?#]*)(.*)$/.exec(trimmed) ?? [];
  const unknown = (fix: string) => ({
    kind: 'problem' as const,
    rule: 'unknown-link',
    message: `The ${what} URL "${shown}" is not ${what === 'image' ? 'an image of the survey' : 'a page of the survey'}.`,
    fix,
  });
  if (what === 'image') {
    // An image is a file of public/; a page or a data file of the survey is not one.
    if (path.endsWith('/') || routeOf(path) || routeOf(`${path}/`)) {
      return unknown('Put the image in public/ and write its path from the root: public/figures/var.png is /figures/var.png.');
    }
    return { kind: 'internal', link: { kind: 'files', id: path.slice(1), path, what } };
  }
  const file = path.endsWith('/') ? routeOf(path.slice(0, -1)) : undefined;
  if (file && (file.kind === 'file' || (file.kind === 'item' && !file.page))) {
    return unknown(`Write it without the final /: ${path.slice(0, -1)}${suffix}.`);
  }
  const route = routeOf(path);
  if (route?.kind === 'item') return { kind: 'internal', link: { ...route.link, path, what } };
  if (route) return { kind: 'ok' };
  // Ids are kebab-case: a last segment with a dot (/papers/x.csv) names a file, not a page.
  const folder = path.endsWith('/') || /\.[^/]*$/.test(path) ? undefined : routeOf(`${path}/`);
  if (folder) {
    // Without the slash the page is a 404 under `npm run preview` and on hosts that do not redirect,
    // and a folder in the offline edition, whose index.html only the slash leads to.
    return {
      kind: 'problem',
      rule: 'unknown-link',
      message: `The ${what} URL "${shown}" lacks the final /, which the survey's page addresses end in.`,
      fix: `Write ${path}/${suffix}.`,
    };
  }
  // A survey deployed under a base path (/my-survey/) tempts its curators to write the base in links.
  const underBase = /^\/([^/]+)(\/.*)$/.exec(path);
  if (underBase && underBase[2] !== '/' && !SECTIONS.has(underBase[1]!) && routeOf(underBase[2]!)) {
    return unknown(`Write it from the site's root, without "/${underBase[1]}": ${underBase[2]}${suffix}. The build adds the base path (BASE_PATH) to every link.`);
  }
  // Any other file may be one of public/, which the site serves from its root.
  if (!path.endsWith('/')) return { kind: 'internal', link: { kind: 'files', id: path.slice(1), path, what } };
  if (/\.[a-z0-9]+\/$/i.test(path)) return unknown(`A file has no final /: write ${path.slice(0, -1)}${suffix}.`);
  return unknown('Link to /papers/<id>/, /topics/<id>/, /tags/<tag>/ or another page the site has, such as /timeline/.');
}

/** Where a body node sits in the file, given the line on which the body starts. */
type Locate = (node: { position?: { start: { line: number; column: number } } | undefined }) => {
  line: number;
  column: number;
};

/**
 * Walks a parsed MDX tree and reports everything that could run code or load something unsafe:
 * ESM, expressions, elements and attributes off the allowlist, event handlers, unsafe URLs.
 * Parsing never evaluates anything; this walk only reads the tree.
 */
export function checkMdxTree(
  file: string,
  tree: Root,
  locate: Locate,
): { issues: Issue[]; links: InternalLink[] } {
  const issues: Issue[] = [];
  const links: InternalLink[] = [];
  const report = (node: Parameters<Locate>[0], rule: string, message: string, fix: string) =>
    issues.push({ file, ...locate(node), rule, message, fix });

  const checkUrl = (node: Parameters<Locate>[0], url: string, what: 'link' | 'image') => {
    const verdict = checkContentUrl(url, what);
    if (verdict.kind === 'problem') report(node, verdict.rule, verdict.message, verdict.fix);
    else if (verdict.kind === 'internal') links.push({ ...verdict.link, ...locate(node) });
  };

  const visit = (node: Root | RootContent, parent?: Root | RootContent) => {
    switch (node.type) {
      case 'mdxjsEsm':
        report(
          node,
          'mdx-esm',
          'import and export statements run code when the site is built.',
          'Remove the line; links and math need no imports.',
        );
        return;
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        if (!isCommentOnly(node)) {
          report(
            node,
            'mdx-expression',
            `The expression {${truncate(node.value)}} would run as code when the site is built.`,
            'Remove the braces; write math as $...$, and a literal brace as \\{ .',
          );
        }
        return;
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement': {
        const allowed = node.name ? ALLOWED_ELEMENTS[node.name] : undefined;
        if (!allowed) {
          const name = node.name ? `<${node.name}>` : 'A fragment <>';
          const dangerous = /^(script|iframe|style|object|embed|link|meta|base|form)$/i.test(node.name ?? '');
          report(
            node,
            'mdx-element',
            `${name} is not allowed in survey content${dangerous ? ' because it can run or load code' : ''}.`,
            `Use Markdown, or one of: ${Object.keys(ALLOWED_ELEMENTS).join(', ')}.`,
          );
          return;
        }
        checkAttributes(node, node.name!);
        if (BLOCK_ELEMENTS.has(node.name!) && node.name !== 'summary' && !holdsBoxes(node, parent, ancestors.at(-1))) {
          report(node, 'mdx-block-element', `<${node.name}> is inside ${parent?.type === 'paragraph' ? 'a paragraph' : 'text markup'}, which HTML does not allow.`, `Put <${node.name}>…</${node.name}> on a line of its own, with a blank line before and after it.`);
        } else if (node.name === 'summary' && parent?.type === 'paragraph' && !alone(node, parent)) {
          report(node, 'mdx-block-element', '<summary> is inside a paragraph, which HTML does not allow.', 'Put <summary>…</summary> on the first line inside <details>.');
        } else if (node.name === 'summary' && !isSummaryOf(node, parent, ancestors.at(-1))) {
          report(node, 'mdx-block-element', '<summary> is not the first thing inside a <details>, where browsers look for it.', 'Write <details><summary>The label</summary> … </details>.');
        }
        break;
      }
      case 'link':
      case 'definition':
        checkUrl(node, node.url, 'link');
        break;
      case 'image':
        checkUrl(node, node.url, 'image');
        break;
      default:
        break;
    }
    if ('children' in node) {
      if (parent) ancestors.push(parent);
      for (const child of node.children) visit(child, node);
      if (parent) ancestors.pop();
    }
  };
  const ancestors: (Root | RootContent)[] = [];

  // A name written twice gives the element two values, of which the renderer keeps the last and a
  // browser the first: the reader would not see what the contributor checked.
  const checkAttributes = (node: MdxJsxFlowElement | MdxJsxTextElement, element: string) => {
    const seen = new Set<string>();
    for (const attribute of node.attributes) {
      if (attribute.type === 'mdxJsxAttribute' && seen.has(attribute.name)) {
        report(
          attribute,
          'mdx-duplicate-attribute',
          `<${element}> has a second ${attribute.name} attribute; an element can have each attribute only once.`,
          `Keep one ${attribute.name}="...", with the right value.`,
        );
        continue;
      }
      if (attribute.type === 'mdxJsxAttribute') seen.add(attribute.name);
      checkAttribute(node, element, attribute);
    }
  };

  const checkAttribute = (
    node: Parameters<Locate>[0],
    element: string,
    attribute: MdxJsxAttribute | MdxJsxExpressionAttribute,
  ) => {
    if (attribute.type === 'mdxJsxExpressionAttribute') {
      report(
        node,
        'mdx-attribute-expression',
        `<${element}> spreads an expression {${truncate(attribute.value)}}, which runs code.`,
        'Write attributes as name="text".',
      );
      return;
    }
    if (/^on/i.test(attribute.name)) {
      report(
        node,
        'mdx-event-handler',
        `<${element}> has an event handler ${attribute.name}=, which runs code in the reader's browser.`,
        'Remove the attribute.',
      );
      return;
    }
    if (attribute.value !== null && typeof attribute.value === 'object') {
      report(
        node,
        'mdx-attribute-expression',
        `<${element} ${attribute.name}={...}> computes its value with code.`,
        `Write the value as text: ${attribute.name}="...".`,
      );
      return;
    }
    if (!ALLOWED_ELEMENTS[element]!.attributes.includes(attribute.name)) {
      const known = ALLOWED_ELEMENTS[element]!.attributes;
      report(
        node,
        'mdx-attribute',
        `<${element}> does not accept the attribute ${attribute.name}.`,
        known.length ? `Use only: ${known.join(', ')}.` : 'Remove the attribute.',
      );
      return;
    }
    if (element === 'Aside' && attribute.name === 'type' && !ASIDE_TYPES.includes(attribute.value as never)) {
      report(
        node,
        'mdx-attribute',
        `<Aside type="${attribute.value ?? ''}"> is not a known kind of aside.`,
        `Use one of: ${ASIDE_TYPES.join(', ')}.`,
      );
    }
  };

  visit(tree);
  return { issues, links };
}

/** `{/* a comment *\/}` is the MDX way to write a comment; it holds no code. */
export function isCommentOnly(node: {
  value: string;
  data?: { estree?: { body: unknown[] } | null | undefined } | undefined;
}) {
  const program = node.data?.estree;
  if (program) return program.body.length === 0;
  return /^\s*\/\*(?:[^*]|\*(?!\/))*\*\/\s*$/.test(node.value);
}

/** Links that leave the survey; they get safe `rel` values when rendered. */
export function isExternal(link: Pick<Link, 'url'>): boolean {
  return /^https?:/i.test(link.url);
}

function truncate(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
