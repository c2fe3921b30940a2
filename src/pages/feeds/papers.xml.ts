import type { APIRoute } from 'astro';
import { absoluteIn, atomFeed } from '../../lib/feeds';
import { getSurveyModel, url } from '../../lib/survey';
import { survey } from '../../survey.config';

/** Atom feed of the papers most recently added to the survey. */
export const GET: APIRoute = async ({ site }) => {
  const model = await getSurveyModel();
  const body = atomFeed(model.papers, {
    self: 'feeds/papers.xml',
    page: '',
    title: `${survey.title}: new papers`,
    subtitle: survey.description,
    authors: survey.maintainers,
    rights: `${survey.license.name} ${survey.license.url}`,
    emptyUpdated: `${survey.citation.year}-01-01`,
    absolute: absoluteIn(site!, url()),
    topicTitle: (id) => model.topic(id).title,
  });
  return new Response(body, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
};
