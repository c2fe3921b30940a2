import type { APIRoute, GetStaticPaths } from 'astro';
import { citationResponse } from '../../lib/citation';
import { getSurveyModel } from '../../lib/survey';

export const getStaticPaths = (async () => (await getSurveyModel()).papers.map((p) => ({ params: { id: p.id } }))) satisfies GetStaticPaths;

/** One paper's citation as RIS. */
export const GET: APIRoute = async ({ params }) => {
  const model = await getSurveyModel();
  return citationResponse('ris', [model.paper(params['id']!)], model.citationKey);
};
