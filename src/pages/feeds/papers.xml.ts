import type { APIRoute } from 'astro';
import { getSurveyModel, surveyFeed } from '../../lib/survey';
import { survey } from '../../survey.config';

/** Atom feed of the papers most recently added to the survey. */
export const GET: APIRoute = async ({ site }) => {
  const model = await getSurveyModel();
  return surveyFeed(model, model.papers, site!, {
    self: 'feeds/papers.xml',
    page: '',
    title: `${survey.title}: new papers`,
    subtitle: survey.description,
  });
};
