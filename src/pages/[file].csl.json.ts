import type { APIRoute, GetStaticPaths } from 'astro';
import { citationResponse } from '../lib/citation';
import { getSurveyModel, wholeSurveyPath } from '../lib/survey';

export const getStaticPaths = (() => wholeSurveyPath('survey')) satisfies GetStaticPaths;

/** Every paper of the survey as CSL-JSON, newest first. */
export const GET: APIRoute = async () => {
  const model = await getSurveyModel();
  return citationResponse('csl.json', model.papers, model.citationKey);
};
