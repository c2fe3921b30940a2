import type { APIRoute } from 'astro';
import { citationResponse } from '../lib/citation';
import { getSurveyModel } from '../lib/survey';

/** Every paper of the survey as BibTeX, newest first. */
export const GET: APIRoute = async () => {
  const model = await getSurveyModel();
  return citationResponse('bib', model.papers, model.citationKey);
};
