import type { CompiledPaper, CompiledTopic } from './compile';
import { renderTitle } from './title';
import type { OfflineDoc, OfflineTopic } from './offline-search';
import { venueLabel, venueName } from './labels';
import { tagLabel } from './tags';
import { expandTopics, sortTopics } from './topics';
import type { TopicData } from '../schemas/topic';
import { compareText } from './collate';

type Paper = Pick<CompiledPaper, 'id' | 'abstractText' | 'text' | 'terms'> & { data: NonNullable<CompiledPaper['data']> };
type Topic = Pick<CompiledTopic, 'id' | 'text'> & { data: TopicData };

/**
 * What the offline search indexes for each paper and topic: the words Pagefind indexes on the
 * pages, as plain text. On a paper's page that is everything inside `data-pagefind-body` but the
 * parts marked `data-pagefind-ignore` (see PaperLayout.astro): title, short name, authors, topic and tag badges
 * (as they read), one-line summary, abstract and notes; and its metadata, of which the venue and
 * the year are not in that text.
 */
export function offlineDocs(papers: readonly Paper[], topics: readonly Topic[]): { docs: OfflineDoc[]; topics: OfflineTopic[] } {
  const topicList = topics.map((t) => ({ ...t.data, id: t.id }));
  const title = new Map(topicList.map((t) => [t.id, t.title]));
  const sortedPapers = [...papers].sort((a, b) => compareText(a.id, b.id));
  const docs = sortedPapers.map((paper, id): OfflineDoc => {
    const expanded = expandTopics(paper.data.topics, topicList);
    return {
      id,
      path: `papers/${paper.id}/`,
      title: renderTitle(paper.data.title).text,
      ...(paper.data.name && { name: paper.data.name }),
      authors: paper.data.authors.join(', '),
      year: paper.data.year,
      venue: venueLabel(paper.data),
      venueName: venueName(paper.data),
      topics: expanded,
      topicTitles: expanded.map((t) => title.get(t) ?? t).join(' · '),
      tags: paper.data.tags,
      tagLabels: paper.data.tags.map((tag) => tagLabel(tag)),
      tldr: paper.data.tldr,
      text: `${paper.abstractText} ${paper.text}`.trim(),
      terms: paper.terms,
    };
  });
  const offlineTopics = sortTopics(topicList).map((topic, id): OfflineTopic => ({
    id,
    path: `topics/${topic.id}/`,
    title: topic.title,
    text: `${topic.description} ${topics.find((t) => t.id === topic.id)?.text ?? ''}`.trim(),
  }));
  return { docs, topics: offlineTopics };
}
