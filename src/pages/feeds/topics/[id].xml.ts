import type { APIRoute, GetStaticPaths } from 'astro';
import { getSurveyModel, surveyFeed, topicPaths } from '../../../lib/survey';
import { survey } from '../../../survey.config';

export const getStaticPaths = topicPaths satisfies GetStaticPaths;

/** Atom feed of the papers most recently added to one topic (sub-topics included). */
export const GET: APIRoute = async ({ params, site }) => {
  const model = await getSurveyModel();
  const topic = model.topic(params['id']!);
  return surveyFeed(model, model.papersIn(topic.id), site!, {
    self: `feeds/topics/${topic.id}.xml`,
    page: `topics/${topic.id}/`,
    title: `${survey.title}: ${topic.title}`,
    subtitle: topic.description,
  });
};
