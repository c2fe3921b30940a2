import { defineCollection } from 'astro:content';
import { surveyLoader } from './node/loaders';

// Entries are checked against src/schemas/ by our own pipeline before Astro starts (src/lib/compile.ts,
// and src/lib/validate.ts across files); Astro's data store holds only their ids, files and digests,
// and pages read the checked front matter and HTML from src/node/rendered.ts.
const papers = defineCollection({ loader: surveyLoader('papers') });
const topics = defineCollection({ loader: surveyLoader('topics') });

export const collections = { papers, topics };
