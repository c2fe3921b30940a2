import { z } from 'astro/zod';
import { KEBAB, visible } from './paper';

/** The front-matter of `content/topics/<id>.mdx`. */
export const TopicSchema = z.strictObject({
  /** The topic's name as a heading: `Speculative decoding`. */
  title: visible(z.string().trim().min(1, { error: 'title must not be empty.' }), 'a title'),
  /** One sentence saying what the topic covers. */
  description: z
    .string()
    .trim()
    .min(1)
    .max(240, { error: 'description must be one sentence of at most 240 characters.' }),
  /** Position among its siblings, smallest first. */
  order: z.number({ error: 'order must be a number.' }).int({ error: 'order must be a whole number.' }),
  /** The id of the parent topic, for a sub-topic. */
  parent: z
    .string()
    .regex(KEBAB, { error: 'parent must be a topic id, like "visual-generation".' })
    .optional(),
});

/** A topic's front-matter after validation. */
export type TopicData = z.output<typeof TopicSchema>;

/** A topic as pages see it: its front-matter plus its id and rendered narrative. */
export type Topic = TopicData & {
  /** The file name without `.mdx`; the topic's URL is `/topics/<id>/`. */
  id: string;
  /** The narrative (the MDX body), rendered. */
  narrativeHtml: string;
};
