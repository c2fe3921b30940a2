import type { Paper } from '../schemas/paper';
import type { Topic } from '../schemas/topic';
import { assignCitationKeys } from './citation';
import { countTags, sortPapers } from './papers';
import { buildRelated, prepareRelated, relatedInputs, type Related } from './related';
import { buildTopicTree, papersByTopic, sortTopics, type TopicNode } from './topics';

/** Everything pages need about the survey, computed once per build. */
export interface SurveyModel {
  /** All papers, newest first. */
  papers: Paper[];
  /** All topics in display order (parents before their sub-topics is not implied; use `tree`). */
  topics: Topic[];
  tree: TopicNode<Topic>[];
  paper(id: string): Paper;
  topic(id: string): Topic;
  /** Papers in a topic or its sub-topics, newest first. */
  papersIn(topicId: string): Paper[];
  /** Papers with a tag, newest first. */
  papersTagged(tag: string): Paper[];
  citationKey(paperId: string): string;
  /** The papers most like a paper, best first, with why; computed for each paper on first use. */
  related(paperId: string): Related[];
  tags: { tag: string; count: number }[];
}

/** Where a build keeps the related papers of the survey it made them for, for the next build. */
export interface RelatedMemo {
  get(inputs: string): string | undefined;
  set(inputs: string, related: string): void;
}

/**
 * Assembles the model from plain papers and topics; throws on an id that does not exist. Without
 * `related`, each paper's related papers are computed when first asked for (the dev server asks for
 * one page's); with it, all of them at once, or none when the memo holds them for the same inputs.
 */
export function buildModel(papers: readonly Paper[], topics: readonly Topic[], options: { related?: RelatedMemo | undefined } = {}): SurveyModel {
  const sortedPapers = sortPapers(papers, 'newest');
  const sortedTopics = sortTopics(topics);
  const paperById = new Map(sortedPapers.map((p) => [p.id, p]));
  const topicById = new Map(sortedTopics.map((t) => [t.id, t]));
  const byTopic = papersByTopic(sortedPapers, sortedTopics);
  const keys = assignCitationKeys(sortedPapers);
  let relatedTo: ((id: string) => Related[]) | undefined;
  let byTag: Map<string, Paper[]> | undefined;
  const allRelated = (memo: RelatedMemo) => {
    const inputs = relatedInputs(sortedPapers, sortedTopics);
    const kept = memo.get(inputs);
    const related = kept ? new Map(JSON.parse(kept) as [string, Related[]][]) : buildRelated(sortedPapers, sortedTopics);
    if (!kept) memo.set(inputs, JSON.stringify([...related]));
    return (id: string) => get(related, id, 'paper');
  };
  const get = <T>(map: Map<string, T>, id: string, what: string) => {
    const value = map.get(id);
    if (value === undefined) throw new Error(`Unknown ${what} "${id}".`);
    return value;
  };
  return {
    papers: sortedPapers,
    topics: sortedTopics,
    tree: buildTopicTree(sortedTopics),
    paper: (id) => get(paperById, id, 'paper'),
    topic: (id) => get(topicById, id, 'topic'),
    papersIn: (id) => byTopic.get(id) ?? [],
    papersTagged: (tag) => (byTag ??= groupByTag(sortedPapers)).get(tag) ?? [],
    citationKey: (id) => get(keys, id, 'paper'),
    related: (id) => (relatedTo ??= options.related ? allRelated(options.related) : prepareRelated(sortedPapers, sortedTopics))(id),
    tags: countTags(sortedPapers),
  };
}

// Each tag's papers in one pass over the survey, in its order.
function groupByTag(papers: readonly Paper[]): Map<string, Paper[]> {
  const byTag = new Map<string, Paper[]>();
  for (const paper of papers) {
    for (const tag of new Set(paper.tags)) {
      const list = byTag.get(tag);
      if (list) list.push(paper);
      else byTag.set(tag, [paper]);
    }
  }
  return byTag;
}
