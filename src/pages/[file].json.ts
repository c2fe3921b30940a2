import type { APIRoute, GetStaticPaths } from 'astro';
import { absoluteIn, papersJson } from '../lib/feeds';
import { getSurveyModel, url, wholeSurveyPath } from '../lib/survey';

export const getStaticPaths = (() => wholeSurveyPath('papers')) satisfies GetStaticPaths;

/** `papers.json`: every paper's metadata for machines; the fields are documented in the README. */
export const GET: APIRoute = async ({ site }) => {
  const model = await getSurveyModel();
  const body = papersJson(model.papers, model.citationKey, absoluteIn(site!, url()));
  return new Response(body, { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
