/**
 * Tag labels, in a module of their own: they come from src/survey.config.ts, which reads the
 * build's environment (`process.env`), and papers.ts, which the browser's scripts import, must not.
 */
import { survey } from '../survey.config';

/**
 * How a tag reads: its label in `src/survey.config.ts` (`kv-cache` → `KV cache`), else its words
 * (`image-generation` → `image generation`).
 */
export function tagLabel(tag: string, labels: Readonly<Record<string, string>> = survey.tagLabels): string {
  return labels[tag] ?? tag.replace(/-/g, ' ');
}

/** Whether `label` spells `tag` but for case and spaces in place of hyphens, as a tag label must. */
export function spellsTag(tag: string, label: string): boolean {
  return label.toLowerCase().replace(/ /g, '-') === tag;
}
