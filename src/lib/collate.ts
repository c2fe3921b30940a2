/**
 * Compares two strings as English text, whatever the locale of the machine that builds or the
 * browser that reads: `localeCompare` without a locale follows the machine's, so a build made under
 * Lithuanian (which sorts "y" with "i") or Danish (which sorts "aa" after "z") listed tags, ids and
 * titles in another order, and the site was not the same byte for byte.
 */
export const compareText: (a: string, b: string) => number = new Intl.Collator('en').compare;
