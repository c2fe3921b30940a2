import type { APIRoute } from 'astro';
import { absoluteIn, topicsJson } from '../lib/feeds';
import { getSurveyModel, url } from '../lib/survey';

/** Every topic with its sub-topics and papers, for machines; documented in the README. */
export const GET: APIRoute = async ({ site }) => {
  const model = await getSurveyModel();
  const body = topicsJson(model.topics, model.papersIn, absoluteIn(site!, url()));
  return new Response(body, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
