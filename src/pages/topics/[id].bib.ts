import type { APIRoute, GetStaticPaths } from 'astro';
import { citationResponse } from '../../lib/citation';
import { getSurveyModel, topicPaths } from '../../lib/survey';

export const getStaticPaths = topicPaths satisfies GetStaticPaths;

/** The papers of a topic and its sub-topics as BibTeX, newest first. */
export const GET: APIRoute = async ({ params }) => {
  const model = await getSurveyModel();
  return citationResponse('bib', model.papersIn(params['id']!), model.citationKey);
};
