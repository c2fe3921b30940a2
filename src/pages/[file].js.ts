import type { APIRoute, GetStaticPaths } from 'astro';
import { toExportRecord } from '../lib/citation';
import { recordsScript } from '../lib/exports';
import { getSurveyModel, wholeSurveyPath } from '../lib/survey';

export const getStaticPaths = (() => wholeSurveyPath('paper-records')) satisfies GetStaticPaths;

/**
 * `paper-records.js`: every paper's citation data and page, as a classic script that assigns
 * `window.__SURVEY_RECORDS__` (format: `PackedRecords` in src/lib/exports.ts). Pages load it only
 * when a reader needs it (the reading list, a search export), with `loadPaperRecords()` from
 * src/scripts/paper-records.ts; a `<script src>` also loads from disk, where the offline edition
 * cannot fetch().
 */
export const GET: APIRoute = async () => {
  const model = await getSurveyModel();
  const records = model.papers.map((paper) => toExportRecord(paper, model.citationKey(paper.id)));
  return new Response(recordsScript(records), { headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
};
