import { createHash } from 'node:crypto';
import type { Paper } from '../schemas/paper';
import { assignCitationKeys, CITATION_FORMATS, formatCitations, type Exportable } from './citation';

/** The formats each paper gets a citation file in, next to its page: `papers/<id>.bib` and so on. */
export const PAPER_CITATION_FORMATS = ['bib', 'ris', 'csl.json'] as const;
export type PaperCitationFormat = (typeof PAPER_CITATION_FORMATS)[number];

/** One file to write or serve. */
export interface CitationFile {
  /** Path under the site root: `papers/var.bib`. */
  path: string;
  type: string;
  body: string;
}

// These files are written by the integration rather than by Astro routes: at ten thousand papers,
// thirty thousand tiny routes cost more than rendering every paper page.

/** The citation file of one paper in one format, its key from `assignCitationKeys`. */
function paperCitationFile(paper: Exportable, key: string, format: PaperCitationFormat): CitationFile {
  return {
    path: `papers/${paper.id}.${format}`,
    type: CITATION_FORMATS[format].type,
    body: formatCitations(format, [paper], () => key),
  };
}

/** Every paper's citation files, keys assigned over the whole survey as on the pages. */
export function paperCitationFiles(papers: readonly (Exportable & Pick<Paper, 'id'>)[]): CitationFile[] {
  return paperCitationJobs(papers).map((job) => job.file());
}

/**
 * Every paper's citation files, not yet formatted: each with its path, a digest of what it is made
 * from (the format, the citation key and the paper's data) and the formatting itself, so a build
 * can skip what it made the same way before.
 */
export function paperCitationJobs(papers: readonly (Exportable & Pick<Paper, 'id'>)[]): { path: string; digest: string; file(): CitationFile }[] {
  const keys = assignCitationKeys(papers);
  return papers.flatMap((paper) => {
    const key = keys.get(paper.id)!;
    // The data once per paper, hashed at once: thirty thousand copies of it cost hundreds of megabytes.
    const data = JSON.stringify(paper);
    return PAPER_CITATION_FORMATS.map((format) => ({
      path: `papers/${paper.id}.${format}`,
      digest: createHash('sha1').update(`${format}\0${key}\0`).update(data).digest('hex'),
      file: () => paperCitationFile(paper, key, format),
    }));
  });
}

/** Which paper and format a request path under the site root asks for, if any: `papers/var.ris`. */
export function parseCitationPath(path: string): { id: string; format: PaperCitationFormat } | undefined {
  const match = /^papers\/([a-z0-9-]+)\.(bib|ris|csl\.json)$/.exec(path);
  return match ? { id: match[1]!, format: match[2] as PaperCitationFormat } : undefined;
}
