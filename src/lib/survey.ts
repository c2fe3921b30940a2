import { createHash } from 'node:crypto';
import { base } from 'astro:config/client';
import { memo } from '../node/memo';
import { getRendered, listedEntries, serveListed, type ListedEntry } from '../node/rendered';
import type { Paper, PaperData } from '../schemas/paper';
import type { Topic, TopicData } from '../schemas/topic';
import { survey } from '../survey.config';
import { absoluteIn, atomFeed, wellFormedFeed, type FeedOptions } from './feeds';
import { buildModel, type SurveyModel } from './model';
import { expandTopics } from './topics';

/** How many papers a list on a page shows, and rows a table of results (src/survey.config.ts). */
export const LISTED_PAPERS = Number(process.env['SURVEY_LISTED_PAPERS']) || survey.listedPapers;
export const LISTED_RESULTS = Number(process.env['SURVEY_LISTED_RESULTS']) || survey.listedResults;

let model: Promise<SurveyModel> | undefined;
let modelVersion = '';
/** The lists of entries the model was built from, as listedEntries() gave them. */
let modelEntries: ListedEntry[][] = [];
/**
 * Each entry's digest by collection and id, from the collections the model was built from; and
 * each paper's without its notes, for the pages that list it (`listed`, made when a key asks).
 */
const digests = { papers: new Map<string, string>(), topics: new Map<string, string>(), listed: new Map<string, string>() };

// In dev, the pages move on to what the loaders handed Astro when Astro says its data store changed
// (src/node/rendered.ts, serveListed): at start, and on each `astro:content-changed`.
if (import.meta.hot) {
  serveListed();
  import.meta.hot.on('astro:content-changed', serveListed);
}

/**
 * The survey, read from the content collections once per build (every page shares it). In dev,
 * where content changes under the server, the collections are read on every request and the model
 * is rebuilt only when an entry changed, so its related papers are not recomputed on every page.
 */
export function getSurveyModel(): Promise<SurveyModel> {
  if (!model) model = load();
  else if (import.meta.env.DEV) model = model.then(reloadIfChanged, load);
  return model;
}

async function load(): Promise<SurveyModel> {
  const [papers, topics] = [listedEntries('papers'), listedEntries('topics')];
  modelEntries = [papers, topics];
  modelVersion = versionOf(papers, topics);
  for (const [name, entries] of [['papers', papers], ['topics', topics]] as const) {
    digests[name] = new Map(entries.map((e) => [e.id, e.digest]));
  }
  digests.listed = new Map();
  return buildModel(papers.map(toPaper), topics.map(toTopic), { related: memo('related') });
}

async function reloadIfChanged(current: SurveyModel): Promise<SurveyModel> {
  const entries = [listedEntries('papers'), listedEntries('topics')];
  // Components ask for the model too (a listing of 10,000 papers asks 10,000 times): the lists are
  // replaced when the loaders hand Astro new ones, so the same lists are the same survey.
  if (entries.every((list, i) => list === modelEntries[i])) return current;
  if (versionOf(...entries) !== modelVersion) return load();
  modelEntries = entries;
  return current;
}

// The entries' digests cover their data and rendered HTML (src/node/loaders.ts).
function versionOf(...collections: ListedEntry[][]): string {
  return collections.map((entries) => entries.map((e) => `${e.id}:${e.digest}`).join(',')).join('|');
}

/**
 * What a listing, a feed, a citation file or a related-paper card can show of a paper: its front
 * matter and its rendered summary, not its notes. Editing the notes of one paper (the most common
 * edit) then renders its page again, not every topic and tag page that lists it.
 */
function listedDigest(id: string): string {
  let digest = digests.listed.get(id);
  if (digest === undefined) {
    const rendered = getRendered('papers', id);
    digests.listed.set(id, (digest = hash([JSON.stringify(rendered.data), rendered.tldrHtml ?? ''])));
  }
  return digest;
}

function toPaper(entry: ListedEntry): Paper {
  const rendered = getRendered('papers', entry.id);
  const paper = { ...(rendered.data as PaperData), id: entry.id, tldrHtml: rendered.tldrHtml ?? '' };
  // The abstract and notes are read when a page shows them: the build keeps them on disk until then.
  return Object.defineProperties(paper as Paper, {
    abstractHtml: { get: () => rendered.abstractHtml ?? '' },
    notesHtml: { get: () => rendered.html },
  });
}

function toTopic(entry: ListedEntry): Topic {
  const rendered = getRendered('topics', entry.id);
  return { ...(rendered.data as TopicData), id: entry.id, narrativeHtml: rendered.html };
}

/**
 * What a paper's page is made of beyond the templates: its entry, its topics, its citation key and
 * its related papers (with what they show), as one hash. Astro's incremental build reuses the page
 * of the previous build while this key and the templates are unchanged (astro.config.mjs).
 */
export function paperPageKey(model: SurveyModel, id: string): string {
  const paper = model.paper(id);
  return hash([
    `paper ${id} ${digests.papers.get(id)}`,
    `key ${model.citationKey(id)}`,
    ...expandTopics(paper.topics, model.topics).map((topic) => `topic ${topic} ${digests.topics.get(topic)}`),
    ...model.related(id).map((r) => `related ${r.id} ${listedDigest(r.id)} ${r.reason}`),
  ]);
}

/**
 * The same for a page or file that lists `papers` (a topic's or a tag's): the papers (all but their
 * notes) with their citation keys, and every topic, whose titles and tree the listings show.
 */
export function listingKey(model: SurveyModel, papers: readonly Paper[]): string {
  return hash([
    `listed ${LISTED_PAPERS}`,
    ...model.topics.map((topic) => `topic ${topic.id} ${digests.topics.get(topic.id)}`),
    ...papers.map((paper) => `paper ${paper.id} ${listedDigest(paper.id)} ${model.citationKey(paper.id)}`),
  ]);
}

/** `{ cacheKey }` for a route's path in a build; nothing in dev, which renders a page when asked. */
export function cacheKey(key: () => string): { cacheKey?: string } {
  return import.meta.env.DEV ? {} : { cacheKey: key() };
}

/**
 * The one path (`[file]` = `name`) of a file made from every paper, such as `survey.bib`. It is a
 * route with getStaticPaths only because such a route can carry a cacheKey: a rebuild that leaves
 * every paper's front matter and summary as they were (a notes edit) reuses the file instead of
 * making it again (60 MB in all at 10,000 papers).
 */
export async function wholeSurveyPath(name: string) {
  const model = await getSurveyModel();
  return [{ params: { file: name }, ...cacheKey(() => listingKey(model, model.papers)) }];
}

/** Every topic as a route's path (`[id]`), keyed for the incremental build by what it lists. */
export async function topicPaths() {
  const model = await getSurveyModel();
  return model.topics.map((topic) => ({
    params: { id: topic.id },
    props: { topic },
    ...cacheKey(() => listingKey(model, model.papersIn(topic.id))),
  }));
}

function hash(parts: string[]): string {
  return createHash('sha1').update(parts.join('\n')).digest('hex');
}

/** A root-relative link that respects Astro's `base`: `url('papers/var/')` → `/survey/papers/var/`. */
export function url(path = ''): string {
  return `${base.replace(/\/?$/, '/')}${path.replace(/^\//, '')}`;
}

/**
 * The Atom feed of `papers` as a response, with the survey's authors, licence and addresses. One
 * that is not well-formed XML stops the build (`wellFormedFeed`), rather than reach the feed readers.
 */
export function surveyFeed(
  model: SurveyModel,
  papers: Parameters<typeof atomFeed>[0],
  site: URL,
  feed: Pick<FeedOptions, 'self' | 'page' | 'title' | 'subtitle'>,
): Response {
  const xml = atomFeed(papers, {
    ...feed,
    authors: survey.maintainers,
    rights: `${survey.license.name} ${survey.license.url}`,
    emptyUpdated: `${survey.citation.year}-01-01`,
    absolute: absoluteIn(site, url()),
    topicTitle: (id) => model.topic(id).title,
  });
  return new Response(wellFormedFeed(xml, feed.self), { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
}
