import { base } from 'astro:config/client';
import { getCollection, type CollectionEntry } from 'astro:content';
import { getRendered } from '../node/rendered';
import type { Paper } from '../schemas/paper';
import type { Topic } from '../schemas/topic';
import { survey } from '../survey.config';
import { absoluteIn, atomFeed, type FeedOptions } from './feeds';
import { buildModel, type SurveyModel } from './model';

let model: Promise<SurveyModel> | undefined;

/**
 * The survey, read from the content collections once per build (every page shares it) and
 * re-read on every request in dev, where content changes under the server.
 */
export function getSurveyModel(): Promise<SurveyModel> {
  if (!model || import.meta.env.DEV) model = load();
  return model;
}

async function load(): Promise<SurveyModel> {
  const [papers, topics] = await Promise.all([getCollection('papers'), getCollection('topics')]);
  return buildModel(papers.map(toPaper), topics.map(toTopic));
}

function toPaper(entry: CollectionEntry<'papers'>): Paper {
  const rendered = getRendered('papers', entry.id);
  return {
    ...entry.data,
    id: entry.id,
    abstractHtml: rendered.abstractHtml ?? '',
    tldrHtml: rendered.tldrHtml ?? '',
    notesHtml: rendered.html,
  };
}

function toTopic(entry: CollectionEntry<'topics'>): Topic {
  return { ...entry.data, id: entry.id, narrativeHtml: getRendered('topics', entry.id).html };
}

/** A root-relative link that respects Astro's `base`: `url('papers/var/')` → `/survey/papers/var/`. */
export function url(path = ''): string {
  return `${base.replace(/\/?$/, '/')}${path.replace(/^\//, '')}`;
}

/** The Atom feed of `papers` as a response, with the survey's authors, licence and addresses. */
export function surveyFeed(
  model: SurveyModel,
  papers: Parameters<typeof atomFeed>[0],
  site: URL,
  feed: Pick<FeedOptions, 'self' | 'page' | 'title' | 'subtitle'>,
): Response {
  const body = atomFeed(papers, {
    ...feed,
    authors: survey.maintainers,
    rights: `${survey.license.name} ${survey.license.url}`,
    emptyUpdated: `${survey.citation.year}-01-01`,
    absolute: absoluteIn(site, url()),
    topicTitle: (id) => model.topic(id).title,
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
}
