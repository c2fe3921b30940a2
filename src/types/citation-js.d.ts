// citation-js 0.8 ships no types; these are the parts the survey uses.
declare module '@citation-js/name' {
  /** Splits a personal name into CSL parts: given, family, particles, suffix. */
  export function parse(name: string): {
    given?: string;
    family?: string;
    'non-dropping-particle'?: string;
    'dropping-particle'?: string;
    suffix?: string;
  } | undefined;
}

declare module '@citation-js/core' {
  /** References that citation-js converts between formats (CSL-JSON in, BibTeX or RIS out). */
  export class Cite {
    constructor(data: object | object[] | string);
    /** `bibtex` and `ris` need their plugins imported; they give text. */
    format(format: string, options?: Record<string, unknown>): string | object[];
  }
}
