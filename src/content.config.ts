import { defineCollection } from 'astro:content';
import { surveyLoader } from './node/loaders';
import { PaperSchema } from './schemas/paper';
import { TopicSchema } from './schemas/topic';

const papers = defineCollection({ loader: surveyLoader('papers'), schema: PaperSchema });
const topics = defineCollection({ loader: surveyLoader('topics'), schema: TopicSchema });

export const collections = { papers, topics };
