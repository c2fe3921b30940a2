/**
 * Folds a title for duplicate detection: case, accents, punctuation and spacing do not count, nor
 * do invisible format characters ("Mod\u200beling" is "modeling", not "mod eling").
 */
export function normalizeTitle(title: string): string {
  return title
    .replace(/\p{Cf}/gu, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The year an arXiv id was submitted: `2404.02905` → 2024, `hep-th/9901001` → 1999. */
export function arxivYear(id: string): number | undefined {
  const modern = /^(\d{2})(\d{2})\.\d{4,5}$/.exec(id);
  const old = /\/(\d{2})\d{5}$/.exec(id);
  const yy = modern?.[1] ?? old?.[1];
  if (yy === undefined) return undefined;
  const n = Number(yy);
  return modern ? 2000 + n : n >= 91 ? 1900 + n : 2000 + n;
}

/** The id a content file gets from its path: `content/papers/var.mdx` → `var`. */
export function idFromPath(path: string): string {
  return path.replace(/^.*\//, '').replace(/\.mdx$/, '');
}

const ASCII: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** `Semi-Parametric Neural` → `semi-parametric-neural`; `Ødegård` → `odegard`. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßæœøłđðþı]/g, (c) => ASCII[c] ?? c)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
