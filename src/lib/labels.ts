/**
 * How a paper's venue and authors read in listings. Kept apart from `papers.ts`, which renders
 * titles with KaTeX: the reading-list script every page loads uses these, and importing them from
 * there put KaTeX's 230 KB into every page's JavaScript.
 */
import type { Paper } from '../schemas/paper';

/** "NeurIPS 2024" for a published paper, "Preprint" for one without a venue. */
export function venueLabel(paper: Pick<Paper, 'venue'>): string {
  return paper.venue ?? 'Preprint';
}

/** The venue without its year, for grouping: "NeurIPS 2024" → "NeurIPS"; no venue → "Preprint". */
export function venueName(paper: Pick<Paper, 'venue'>): string {
  return paper.venue?.replace(/\s*'?\d{2,4}$/, '').trim() || 'Preprint';
}

/** "Tian, Jiang, Yuan et al." style short author list for cards. */
export function shortAuthors(authors: readonly string[], max = 3): string {
  if (authors.length <= max) return authors.join(', ');
  return `${authors.slice(0, max).join(', ')} et al.`;
}
