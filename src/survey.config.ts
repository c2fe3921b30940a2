/**
 * The survey's identity. A research group that forks this repository to publish its own survey
 * edits this file, content/ and the About page's introduction (src/pages/about.mdx); nothing else
 * names the survey (README, "Starting your own survey").
 */
export const survey = {
  /** Shown in the header, the page titles and the citation of the survey. */
  title: 'Autoregressive Generation and Its Rivals',
  /** Short title, shown in the header on narrow screens (the offline zip's name is `offlineName`). */
  shortTitle: 'AR Survey',
  /** One or two sentences for the home page and search engines. */
  description:
    'A curated survey of autoregressive generation and the approaches that compete with it: visual ' +
    'autoregressive models, speculative and parallel decoding, diffusion language models, time-series ' +
    'foundation models, efficient pretraining and theory.',
  /** Who curates the survey; shown in the footer and in the survey's own citation. */
  maintainers: ['The survey maintainers'],
  /**
   * The repository, linked from every page's footer ("Source and contributions"). Set
   * SURVEY_REPOSITORY (the deploy workflow does) or write the URL here; the link is left out while
   * it is unknown.
   */
  repository: process.env['SURVEY_REPOSITORY'] || undefined,
  /** The licence of the curated content (narratives, summaries, notes). */
  license: { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
  /**
   * How the survey cites itself ("Cite this survey" on the About page): a web resource by the
   * maintainers, at the address the site is built for.
   */
  citation: {
    /** The BibTeX key of the survey. */
    key: 'arsurvey2026',
    /** The year the survey was first published. */
    year: 2026,
    /** The survey's DOI (`10.5281/zenodo.…`), only once one is registered: its citation then gives it. */
    doi: undefined as string | undefined,
  },
  /** File name stem of the offline edition: `<offlineName>-offline.zip`. */
  offlineName: 'ar-survey',
  /**
   * How a tag reads where hyphens are not spaces or letters are capitals: a tag (`kv-cache`) is
   * shown as its words (`kv cache`) unless it is listed here. A label must spell its tag, but for
   * case and for spaces in place of hyphens (`npm test` checks).
   */
  tagLabels: {
    '3d-generation': '3D generation',
    'coarse-to-fine': 'coarse-to-fine',
    'energy-based-model': 'energy-based model',
    'few-shot-learning': 'few-shot learning',
    'fine-tuning': 'fine-tuning',
    'hidden-markov-model': 'hidden Markov model',
    'high-resolution': 'high-resolution',
    imagenet: 'ImageNet',
    'in-context-learning': 'in-context learning',
    'knowledge-intensive-tasks': 'knowledge-intensive tasks',
    'kv-cache': 'KV cache',
    'llm-as-a-judge': 'LLM as a judge',
    'llm-reprogramming': 'LLM reprogramming',
    'long-context': 'long-context',
    'low-rank': 'low-rank',
    mamba: 'Mamba',
    'memory-efficient': 'memory-efficient',
    'mlp-mixer': 'MLP-Mixer',
    'multimodal-llm': 'multimodal LLM',
    'n-gram': 'n-gram',
    'next-scale-prediction': 'next-scale prediction',
    'non-autoregressive': 'non-autoregressive',
    'parameter-efficient': 'parameter-efficient',
    rnn: 'RNN',
    'semi-autoregressive': 'semi-autoregressive',
    'semi-parametric': 'semi-parametric',
    'spatio-temporal': 'spatio-temporal',
    'state-space-model': 'state-space model',
    'text-to-image': 'text-to-image',
    'training-free': 'training-free',
    'zero-shot-forecasting': 'zero-shot forecasting',
    'zero-shot-generalization': 'zero-shot generalization',
  } as Record<string, string>,
  /** Language of the content, for `<html lang>` and the search index. */
  lang: 'en',
  /**
   * Past this many papers, the search index is made in bundles of about this many papers each,
   * which the browser merges (src/node/pagefind.ts): less memory for the build (Pagefind holds
   * 0.6 GB for 2,000 papers, 2.7 GB for 10,000) and a rebuild indexes only the bundles that changed,
   * for more bytes on a reader's first search. `SURVEY_SEARCH_BUNDLE=<papers>` overrides it.
   */
  searchBundlePapers: 2000,
  /**
   * A list of papers on a page (a year on the page of every paper, a topic or one of its sub-topics,
   * a tag) shows at most this many, then links to the search page with the list's filter, where all
   * of them can be browsed, narrowed and sorted: past a few thousand papers, a page that lists them
   * all runs to megabytes. `SURVEY_LISTED_PAPERS=<papers>` overrides it.
   */
  listedPapers: 50,
  /**
   * A table of a topic's reported results shows at most this many rows, best first; each paper's
   * page gives all of its own. `SURVEY_LISTED_RESULTS=<rows>` overrides it.
   */
  listedResults: 20,
} as const;
