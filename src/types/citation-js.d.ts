// @citation-js/name ships no types; this is the one function the survey uses.
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
