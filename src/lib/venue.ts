/**
 * Venues known by their short name, matched on the full name a publisher writes in `booktitle` or
 * `journal`: `Proceedings of the 40th International Conference on Machine Learning` → ICML. The
 * names are the forms the survey uses (`NeurIPS 2024`, `IEEE TPAMI 2025`).
 */
const KNOWN_VENUES: readonly (readonly [RegExp, string])[] = [
  [/\bNeural Information Processing Systems\b/i, 'NeurIPS'],
  [/\bInternational Conference on Machine Learning\b/i, 'ICML'],
  [/\bInternational Conference on Learning Representations\b/i, 'ICLR'],
  [/\bConference on Computer Vision and Pattern Recognition\b/i, 'CVPR'],
  [/\bInternational Conference on Computer Vision\b(?!\s+[A-Za-z])/i, 'ICCV'],
  [/\bEuropean Conference on Computer Vision\b/i, 'ECCV'],
  [/\bWinter Conference on Applications of Computer Vision\b/i, 'WACV'],
  [/\bAAAI Conference on Artificial Intelligence\b/i, 'AAAI'],
  [/\bInternational Joint Conference on Artificial Intelligence\b/i, 'IJCAI'],
  [/\bConference on Artificial Intelligence and Statistics\b/i, 'AISTATS'],
  [/\bConference on Uncertainty in Artificial Intelligence\b/i, 'UAI'],
  [/\bConference on Learning Theory\b/i, 'COLT'],
  [/\bConference on Robot Learning\b/i, 'CoRL'],
  [/\bAnnual Meeting of the Association for Computational Linguistics\b/i, 'ACL'],
  [/\bConference on Empirical Methods in Natural Language Processing\b/i, 'EMNLP'],
  [/\bNorth American Chapter of the Association for Computational Linguistics\b/i, 'NAACL'],
  [/\bKnowledge Discovery and Data Mining\b/i, 'KDD'],
  [/\bInternational Conference on Acoustics,? Speech,? and Signal Processing\b/i, 'ICASSP'],
  [/^Transactions on Machine Learning Research$/i, 'TMLR'],
  [/^Journal of Machine Learning Research$/i, 'JMLR'],
  [/^Transactions of the Association for Computational Linguistics$/i, 'TACL'],
  [/^IEEE Transactions on Pattern Analysis and Machine Intelligence$/i, 'IEEE TPAMI'],
];

/** A workshop, findings or companion volume shares its name with the main venue, but is not it. */
const SIDE_VOLUME = /\b(?:workshops?|findings|companion|demos?|tutorials?|doctoral|student)\b/i;

/**
 * A venue in the survey's short form from a `booktitle` or `journal`: a known venue by its short
 * name (`Proceedings of the 40th International Conference on Machine Learning` → `ICML 2023`), an
 * acronym in parentheses (`... Representations (ICLR)` → `ICLR 2025`), a plain name with the year
 * (`Neural Computation` → `Neural Computation 2019`), and anything else as given: a proceedings
 * title with ordinals, volumes or places cannot be shortened by rule, and the contributor is asked
 * to check the venue in any case.
 */
export function shortVenue(name: string, year: number | undefined): string {
  const withYear = (short: string) => (year === undefined || short.includes(String(year)) ? short : `${short} ${year}`);
  if (!SIDE_VOLUME.test(name)) {
    const acronym = /\(([A-Z][A-Za-z]*[A-Z][A-Za-z]*)(?:\s*'?\d{2,4})?\)/.exec(name)?.[1];
    const short = knownVenue(name) ?? acronym;
    if (short) return withYear(short);
  }
  // A name with a number (other than its year), a comma or a parenthesis is a full citation.
  const rest = year === undefined ? name : name.replace(String(year), '');
  return /[\d,;()]/.test(rest) ? name : withYear(name);
}

/** The short name of a well-known venue named in `text` (`ICML`), unless it is a side volume of it. */
export function knownVenue(text: string): string | undefined {
  return SIDE_VOLUME.test(text) ? undefined : KNOWN_VENUES.find(([pattern]) => pattern.test(text))?.[1];
}
