import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pagefind from 'pagefind';

/**
 * Indexes the built site with Pagefind. Throws when Pagefind reports an error or indexes fewer
 * pages than `expected` (every paper and topic page carries `data-pagefind-body`).
 */
export async function indexSite(dir: string, expected: number): Promise<number> {
  const { index, errors } = await pagefind.createIndex({
    // KaTeX writes each formula three times (MathML, TeX annotation, glyph spans); index it once.
    excludeSelectors: ['.katex-html', '.katex-mathml annotation'],
  });
  try {
    if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
    // Only paper and topic pages are indexed (they carry data-pagefind-body); naming them spares
    // Pagefind from reading the listings, which grow with the survey.
    const added = await index.addDirectory({ path: dir, glob: '{papers,topics}/*/index.html' });
    if (added.errors.length) throw new Error(`Pagefind failed to index ${dir}: ${added.errors.join('; ')}`);
    const outputPath = join(dir, 'pagefind');
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length) throw new Error(`Pagefind failed to write its index: ${written.errors.join('; ')}`);
    // addDirectory counts every HTML file it read; the entry file counts the pages it indexed.
    const indexed = indexedPages(outputPath);
    if (indexed < expected) {
      throw new Error(
        `Pagefind indexed ${indexed} pages but the survey has ${expected} papers and topics; ` +
          'a page is missing its data-pagefind-body attribute.',
      );
    }
    return indexed;
  } finally {
    await pagefind.close();
  }
}

/** Pages in a written Pagefind index, summed over its languages. */
export function indexedPages(outputPath: string): number {
  const entry = JSON.parse(readFileSync(join(outputPath, 'pagefind-entry.json'), 'utf8')) as {
    languages: Record<string, { page_count: number }>;
  };
  return Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
}
