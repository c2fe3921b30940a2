import { z } from 'astro/zod';
import { slugify } from '../lib/normalize';
import { count } from '../lib/plural';

/** A lowercase kebab-case identifier: `next-scale-prediction`, `time-series`. */
export const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The longest id or tag. Each names folders and files of the built site (`papers/<id>.csl.json`,
 * `tags/<tag>/`), which file systems limit to 255 bytes: a longer one passed the check and failed
 * the build halfway, with ENAMETOOLONG.
 */
export const MAX_ID_LENGTH = 80;

/** Names Windows keeps for devices, with or without an extension: no file or folder can have them there. */
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com\d|lpt\d)$/;

/**
 * Why a kebab-case id or tag cannot name the site's files and folders, as the end of a sentence
 * about it (`has 90 characters, more than 80`), or undefined when it can.
 */
export function idProblem(id: string): string | undefined {
  if (id.length > MAX_ID_LENGTH) return `has ${id.length} characters, more than the ${MAX_ID_LENGTH} an id or tag may have`;
  if (WINDOWS_DEVICE.test(id)) return 'is a name Windows keeps for a device, so the repository could not be checked out there, nor the offline edition unzipped';
  return undefined;
}

/** `id` cut to at most `MAX_ID_LENGTH` characters, at a hyphen when it has one there. */
export function shortenId(id: string): string {
  if (id.length <= MAX_ID_LENGTH) return id;
  const cut = id.slice(0, MAX_ID_LENGTH + 1);
  return cut.includes('-') ? cut.slice(0, cut.lastIndexOf('-')) : cut.slice(0, MAX_ID_LENGTH);
}

/**
 * New-style (`2404.02905`) or old-style (`hep-th/9901001`) arXiv identifier, without version. A
 * new-style id is the year and month it was submitted (YYMM), a dot and a number of four digits
 * until 2014 and five since 2015; arXiv refuses any other, so a truncated id is caught here.
 */
export const ARXIV_ID =
  /^(?:(?:0[7-9]|1[0-4])(?:0[1-9]|1[0-2])\.\d{4}|(?:1[5-9]|[2-9]\d)(?:0[1-9]|1[0-2])\.\d{5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{2}(?:0[1-9]|1[0-2])\d{3})$/;

/** Why `id` is no arXiv id, saying what is wrong with a new-style one (its month, its digits). */
export function arxivIdError(id: unknown): string {
  const generic = 'arxiv must be an arXiv id without prefix or version, like "2404.02905".';
  const parts = typeof id === 'string' ? /^(\d{2})(\d{2})\.(\d+)$/.exec(id) : null;
  if (!parts) return generic;
  const [, yy, mm, number] = parts as unknown as [string, string, string, string];
  const month = Number(mm);
  if (month < 1 || month > 12) return `"${id as string}" does not start with a year and month (YYMM): ${mm} is no month.`;
  const digits = Number(yy) >= 15 ? 5 : 4;
  if (number.length !== digits) {
    return Number(yy) >= 15
      ? `"${id as string}" has ${count(number.length, 'digit')} after the dot, but an arXiv id from 2015 on has 5, like "2404.02905".`
      : `"${id as string}" has ${count(number.length, 'digit')} after the dot, but an arXiv id before 2015 has 4, like "1412.0001".`;
  }
  return generic;
}

/**
 * Characters a DOI or a URL of a paper may not hold as they are: BibTeX reads braces and
 * backslashes as the structure of its entry (`url = {…}}@misc{fake,…`), and a space, a quote or an
 * angle bracket ends a URL in text. No DOI needs them, and a URL writes them percent-encoded.
 */
export const CITATION_BREAKERS = /[\s{}\\"<>]/;

/** The form of a DOI (`10.1162/neco_a_01228`), without the `https://doi.org/` prefix. */
const DOI_FORM = /^10\.\d{4,9}\/\S+$/;

/** A DOI the survey accepts: of `DOI_FORM`, without `CITATION_BREAKERS`. */
export const DOI = /^10\.\d{4,9}\/[^\s{}\\"<>]+$/;

/**
 * Whether `url` names a user before its host (`https://github.com@evil.example/x`): such an
 * address reads as the site before the `@` and leads to the one after it.
 */
export function hasUserinfo(url: string): boolean {
  return URL.canParse(url) && Boolean(new URL(url).username || new URL(url).password);
}

/**
 * Invisible characters that format text (Unicode's Cf): zero-width spaces, soft hyphens, and the
 * bidirectional controls that show letters in another order than they are written. In a title or a
 * name they make a copy look like another (a duplicate the check does not see as one) or read
 * otherwise than it is. The zero-width joiner and non-joiner stay: some scripts need them.
 */
const INVISIBLE = /(?![\u200c\u200d])\p{Cf}/u;

/** `schema`, refusing text with an `INVISIBLE` character, named in the message. */
export const visible = (schema: z.ZodString, what: string) =>
  schema.refine((text) => !INVISIBLE.test(text), {
    error: ({ input }) => {
      const code = String(input).match(INVISIBLE)![0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      return `${what} has U+${code}, an invisible character that formats text: with it, ${what.replace(/^an? /, 'the ')} can look like another one, or read in another order than it is written.`;
    },
    params: { fix: 'Delete it; such characters come with text copied from PDFs and web pages.' },
  });

const httpsUrl = (what: string) =>
  z
    .url({ protocol: /^https$/, error: `${what} must be an https:// URL.` })
    .refine((url) => !CITATION_BREAKERS.test(url), {
      error: `${what} must not contain a space, {, }, \\, ", < or >, which would break its citation and its link.`,
      params: { fix: 'Write each such character percent-encoded, as a browser\'s address bar shows it: %20 for a space, %7B for {, %7D for }, %22 for ".' },
    })
    .refine((url) => !hasUserinfo(url), {
      error: ({ input }) => `${what} "${String(input)}" leads to ${new URL(String(input)).host}: what comes before its "@" is a user name, not the site.`,
      params: { fix: 'Write the address of the page itself, with nothing between https:// and the site\'s name.' },
    })
    .describe(what);

const kebab = (what: string) =>
  z
    .string()
    .regex(KEBAB, {
      // The value in kebab-case when it has letters or digits to keep (`Message-Passing` → `message-passing`).
      error: ({ input }) => {
        const fixed = shortenId(slugify(String(input)));
        return `${what} must be lowercase kebab-case, like "${fixed || 'next-scale-prediction'}".`;
      },
    })
    .refine((id) => !KEBAB.test(id) || idProblem(id) === undefined, {
      error: ({ input }) => {
        const id = String(input);
        return `${what} "${id.length > 40 ? `${id.slice(0, 39)}…` : id}" ${idProblem(id)}.`;
      },
      params: { fix: `Use a shorter one of at most ${MAX_ID_LENGTH} characters, or another word.` },
    });

/** One number a paper reports, with where in the paper it is stated. */
export const ResultSchema = z.strictObject({
  /** The dataset or task, e.g. `ImageNet 256x256`. */
  benchmark: z.string().min(1),
  /** What is measured, e.g. `FID` or `speedup (x)`. */
  metric: z.string().min(1),
  /** The figure as stated in the paper. */
  value: z.number({ error: 'value must be a number, without units (put the unit in metric).' }),
  /** True when a smaller value is better (FID, latency, error). */
  lower_is_better: z.boolean(),
  /** The conditions of the figure: model size, steps, baseline it is compared to. */
  setting: z.string().optional(),
  /** Where in the paper the number is stated: `abstract`, `Table 2`, ... */
  source: z.string().min(1).optional(),
});

/** The front-matter of `content/papers/<id>.mdx`. */
export const PaperSchema = z
  .strictObject({
    /** The paper's title, exactly as published. */
    title: visible(
      z
        .string()
        .trim()
        .min(1, { error: 'title must not be empty.' })
        .max(300, { error: 'title must be the paper’s title alone, at most 300 characters.' }),
      'a title',
    ),
    /**
     * The short name the paper goes by when its title does not give it, written as the abstract
     * writes it: `VAR` for "Visual AutoRegressive modeling (VAR)". Readers search for it.
     */
    name: visible(
      z
        .string()
        .trim()
        .min(1, { error: 'name must not be empty.' })
        .max(40, { error: 'name must be the short name the paper goes by, at most 40 characters, like VAR.' }),
      'a name',
    ).optional(),
    /** Author names in the paper's order, at least one. */
    authors: z
      .array(visible(z.string().trim().min(1, { error: 'an author name must not be empty.' }), 'an author name'))
      .min(1, { error: 'authors must list at least one name.' }),
    /**
     * Year of publication: the venue's when published (as `new-paper` writes it), else the preprint's.
     * The preprint's year is accepted too (the first survey's papers give it); citations take the
     * venue's own year (`ICLR 2024`) when the venue names one.
     */
    year: z
      .number({ error: 'year must be a number, like 2024.' })
      .int({ error: 'year must be a whole number, like 2024.' })
      .min(1900, { error: 'year must be 1900 or later.' })
      .max(2100, { error: 'year must be 2100 or earlier.' }),
    /** arXiv identifier without version: `"2404.02905"` (quote it in YAML). */
    arxiv: z
      .string({ error: 'arxiv must be a quoted string, like "2404.02905".' })
      .regex(ARXIV_ID, { error: (issue) => arxivIdError(issue.input) })
      .optional(),
    /** DOI without the resolver prefix: `10.1162/neco_a_01228`. */
    doi: z
      .string()
      .regex(DOI_FORM, { error: 'doi must look like "10.1162/neco_a_01228", without https://doi.org/.' })
      // Apart from the form, to say what is wrong with a DOI that has it.
      .refine((doi) => !DOI_FORM.test(doi) || DOI.test(doi), {
        error: 'doi must not contain {, }, \\, ", < or >: no DOI has them, and they would break its citation.',
        params: { fix: 'Copy the DOI from the paper\'s page at its publisher or at https://doi.org.' },
      })
      .optional(),
    /** A landing page for papers with neither an arXiv id nor a DOI. */
    url: httpsUrl('url').optional(),
    /** Where it was published, with the year: `NeurIPS 2024`. Leave out for a preprint. */
    venue: z.string().trim().min(1).optional(),
    /** The official code repository. */
    code: httpsUrl('code').optional(),
    /** A short remark shown with the metadata: an award, a later title. */
    note: z.string().trim().min(1).optional(),
    /** Topic ids (files in content/topics/), most specific first. */
    topics: z.array(kebab('a topic id')).min(1, { error: 'topics must list at least one topic id.' }),
    /** Lowercase kebab-case keywords, e.g. `speculative-decoding`. */
    tags: z.array(kebab('a tag')).default([]),
    /** One sentence saying what the paper does, written from its abstract. */
    tldr: z
      .string()
      .trim()
      .min(1)
      .max(320, { error: 'tldr must be one sentence of at most 320 characters.' }),
    /** The paper's abstract; `$...$` for math. */
    abstract: z.string().trim().min(1, { error: 'abstract must not be empty.' }),
    /** Figures the paper reports, each with where it is stated. */
    results: z.array(ResultSchema).default([]),
    /** The day the paper entered the survey, `YYYY-MM-DD`. */
    added: z.iso.date({ error: 'added must be a date written YYYY-MM-DD.' }),
  })
  .refine((p) => p.arxiv ?? p.doi ?? p.url, {
    error: 'a paper needs at least one of arxiv, doi or url so readers can find it.',
    path: ['arxiv'],
  });

/**
 * One entry of a paper's `results`. `shown` is the value as the file writes it when that differs
 * from the number's shortest form (`1.80` for 1.8): the build sets it, a contributor cannot.
 */
export type Result = z.output<typeof ResultSchema> & { shown?: string };
/** A paper's front-matter after validation and defaults. */
export type PaperData = Omit<z.output<typeof PaperSchema>, 'results'> & { results: Result[] };

/** A paper as pages see it: its front-matter plus its id and rendered HTML. */
export type Paper = PaperData & {
  /** The file name without `.mdx`; the paper's URL is `/papers/<id>/`. */
  id: string;
  /** The abstract rendered with its math. */
  abstractHtml: string;
  /** The one-line summary rendered with its math, without a wrapping paragraph. */
  tldrHtml: string;
  /** The curator's notes (the MDX body), rendered; empty when there are none. */
  notesHtml: string;
};
