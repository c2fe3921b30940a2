// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import surveyPress from './src/node/integration.ts';

// SITE_URL and BASE_PATH let a fork deploy under its own address, e.g. a GitHub Pages project site.
export default defineConfig({
  ...(process.env.SITE_URL ? { site: process.env.SITE_URL } : {}),
  base: process.env.BASE_PATH || '/',
  trailingSlash: 'always',
  // 'jsx' (the Astro 7 default) drops whitespace between inline elements, which merges words.
  compressHTML: true,
  integrations: [surveyPress(), mdx()],
  markdown: {
    processor: unified({ remarkPlugins: [remarkMath], rehypePlugins: [rehypeKatex] }),
  },
});
