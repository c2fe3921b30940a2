import type { Paper } from '../schemas/paper';
import type { Topic } from '../schemas/topic';
import { compareText } from './collate';

/** A top-level topic with its sub-topics, both in display order. */
export interface TopicNode<T> {
  topic: T;
  children: T[];
}

export type TopicLike = Pick<Topic, 'id' | 'title' | 'order' | 'parent'>;

/** Orders sibling topics by `order`, then title. */
export function sortTopics<T extends TopicLike>(topics: readonly T[]): T[] {
  return [...topics].sort((a, b) => a.order - b.order || compareText(a.title, b.title));
}

/** Top-level topics in order, each with its sub-topics in order. */
export function buildTopicTree<T extends TopicLike>(topics: readonly T[]): TopicNode<T>[] {
  const sorted = sortTopics(topics);
  return sorted
    .filter((t) => t.parent === undefined)
    .map((topic) => ({ topic, children: sorted.filter((t) => t.parent === topic.id) }));
}

/**
 * The topic ids a paper belongs to, with the parents of its sub-topics: a paper on speculative
 * decoding is also listed under decoding acceleration.
 */
export function expandTopics(paperTopics: readonly string[], topics: readonly TopicLike[]): string[] {
  const parentOf = new Map(topics.map((t) => [t.id, t.parent]));
  const out = new Set<string>();
  for (const id of paperTopics) {
    out.add(id);
    const parent = parentOf.get(id);
    if (parent) out.add(parent);
  }
  return [...out];
}

/** For every topic id, the papers in it or in one of its sub-topics. */
export function papersByTopic<P extends Pick<Paper, 'topics'>>(
  papers: readonly P[],
  topics: readonly TopicLike[],
): Map<string, P[]> {
  const map = new Map<string, P[]>(topics.map((t) => [t.id, []]));
  for (const paper of papers) {
    for (const id of expandTopics(paper.topics, topics)) map.get(id)?.push(paper);
  }
  return map;
}

/**
 * Sections of a topic page: for a sub-topic or a topic without sub-topics, one section with all its
 * papers; for a parent, one section per sub-topic, then one for papers filed under the parent only.
 */
export function topicSections<P extends Pick<Paper, 'id' | 'topics'>, T extends TopicLike>(
  topic: T,
  topics: readonly T[],
  papers: readonly P[],
): { topic: T | undefined; papers: P[] }[] {
  const children = sortTopics(topics.filter((t) => t.parent === topic.id));
  const inTopic = (p: P, id: string) => p.topics.includes(id);
  if (children.length === 0) return [{ topic: undefined, papers: papers.filter((p) => inTopic(p, topic.id)) }];
  const sections = children.map((child) => ({ topic: child as T | undefined, papers: papers.filter((p) => inTopic(p, child.id)) }));
  const direct = papers.filter((p) => inTopic(p, topic.id) && !children.some((c) => inTopic(p, c.id)));
  return direct.length ? [...sections, { topic: undefined, papers: direct }] : sections;
}
