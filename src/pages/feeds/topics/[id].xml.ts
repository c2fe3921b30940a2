import type { APIRoute, GetStaticPaths } from 'astro';
import { absoluteIn, atomFeed } from '../../../lib/feeds';
import { getSurveyModel, url } from '../../../lib/survey';
import { survey } from '../../../survey.config';

export const getStaticPaths = (async () => (await getSurveyModel()).topics.map((t) => ({ params: { id: t.id } }))) satisfies GetStaticPaths;

/** Atom feed of the papers most recently added to one topic (sub-topics included). */
export const GET: APIRoute = async ({ params, site }) => {
  const model = await getSurveyModel();
  const topic = model.topic(params['id']!);
  const body = atomFeed(model.papersIn(topic.id), {
    self: `feeds/topics/${topic.id}.xml`,
    page: `topics/${topic.id}/`,
    title: `${survey.title}: ${topic.title}`,
    subtitle: topic.description,
    authors: survey.maintainers,
    rights: `${survey.license.name} ${survey.license.url}`,
    emptyUpdated: `${survey.citation.year}-01-01`,
    absolute: absoluteIn(site!, url()),
    topicTitle: (id) => model.topic(id).title,
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
