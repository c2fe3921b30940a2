// @ts-check
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import surveyPress from './src/node/integration.ts';
import { rehypeFocusableDisplayMath } from './src/lib/render.ts';

// What `npm run build` writes; the dev server has no reason to watch its tens of thousands of files.
const buildOutput = ['dist', 'dist-offline'].map((dir) => `${fileURLToPath(new URL(`./${dir}`, import.meta.url))}/**`);

// SITE_URL and BASE_PATH let a fork deploy under its own address, e.g. a GitHub Pages project site.
export default defineConfig({
  // The address the site is served from; feeds and the sitemap need it. Defaults to `npm run preview`.
  site: process.env.SITE_URL || 'http://localhost:4321',
  base: process.env.BASE_PATH || '/',
  trailingSlash: 'always',
  // 'jsx' (the Astro 7 default) drops whitespace between inline elements, which merges words.
  compressHTML: true,
  build: {
    // Stylesheets stay files: the Content-Security-Policy allows no inline <style>.
    inlineStylesheets: 'never',
    // Pages rendered 8 at a time: one at a time, the build thread sat idle a third of page
    // generation, waiting on each page's file writes. The output is the same byte for byte
    // (README, Performance); SURVEY_BUILD_CONCURRENCY=1 renders one page at a time, as the
    // reproducibility test does.
    concurrency: Number(process.env.SURVEY_BUILD_CONCURRENCY) || 8,
  },
  // The sitemap lists the pages worth finding; a reader's own reading list is not one of them.
  integrations: [surveyPress(), mdx(), sitemap({ filter: (page) => !page.includes('/reading-list/') })],
  markdown: {
    processor: unified({ remarkPlugins: [remarkMath], rehypePlugins: [rehypeKatex, rehypeFocusableDisplayMath] }),
  },
  vite: {
    server: { watch: { ignored: buildOutput } },
    // dist/ is not emptied first: the pages a rebuild reuses stay where they are, and the survey's
    // integration removes what this build did not write (src/node/integration.ts, removeStale).
    build: { emptyOutDir: false },
    // astro dev loads a page's ~400 modules (most of them Astro's own runtime) one import at a time;
    // transforming each module's imports as soon as it is transformed overlaps that work. At 10,000
    // papers it took the first page from 9.5 to 10.9 s to 7.4 to 8.2 s (README, Performance).
    environments: { ssr: { dev: { preTransformRequests: true } } },
  },
  // A rebuild reuses each page whose templates and cacheKey (src/lib/survey.ts: paperPageKey,
  // listingKey) are unchanged, whatever build.concurrency is (tests/build/incremental.test.ts).
  experimental: { incrementalBuild: true },
});
