import type { APIRoute } from 'astro';
import { citationResponse } from '../lib/citation';
import { getSurveyModel } from '../lib/survey';

/** Every paper of the survey as CSL-JSON, newest first. */
export const GET: APIRoute = async () => {
  const model = await getSurveyModel();
  return citationResponse('csl.json', model.papers, model.citationKey);
};
