/**
 * Related papers: TF-IDF cosine similarity over title, abstract and tags, plus a bonus for shared
 * topics, with a one-line reason a reader can check. Computed once for the whole survey through an
 * inverted index, so the cost grows with the number of shared terms rather than with every pair.
 */
import { stemmer } from 'stemmer';
import type { Paper } from '../schemas/paper';
import type { Topic } from '../schemas/topic';
import { tagLabel } from './tags';
import { expandTopics } from './topics';
import { compareText } from './collate';

type RelPaper = Pick<Paper, 'id' | 'title' | 'abstract' | 'tags' | 'topics'>;
type RelTopic = Pick<Topic, 'id' | 'title' | 'parent' | 'order'>;

/** A related paper with its score and why it was chosen. */
export interface Related {
  id: string;
  score: number;
  /** "Shares the topic Speculative decoding; both about draft model, verification." */
  reason: string;
}

/** Tuning of `buildRelated`. */
export interface RelatedOptions {
  /** Related papers per paper. */
  max?: number;
}

const STOPWORDS = new Set(
  ('a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having here how i if in into is it its itself ' +
    'just more most no nor not now of off on once only or other our ours out over own same so some such than that the their theirs ' +
    'them then there these they this those through to too under until up very was we were what when where which while who whom why ' +
    'will with would you your via using use used show shows shown propose proposed present paper approach method methods model models ' +
    'new novel based results result achieve achieves work while however across well first one two three per make makes can large')
    .split(' '),
);

// Title words count twice and each tag three times as much as an abstract word: both are curated summaries.
const FIELD_WEIGHTS = { title: 2, abstract: 1, tag: 3 } as const;
/** Weight of the shared-topic Jaccard index added to the text similarity. */
const TOPIC_WEIGHT = 0.3;
/**
 * The text similarity two papers with no topic and no tag in common need to be related: below it,
 * what they share is the odd word of two abstracts ("released", "motivated"), not a subject.
 */
const WORDS_ALONE = 0.25;

/**
 * Lower-cased, stemmed content words of `text`; math (`$...$`) and numbers are left out. `stems`
 * remembers stems across calls (stemming is the costly part).
 */
export function tokenize(text: string, stems: Map<string, string> = new Map()): { stem: string; word: string }[] {
  const out: { stem: string; word: string }[] = [];
  for (const word of text.replace(/\$\$[\s\S]*?\$\$|\$[^$]*\$/g, ' ').toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (word.length <= 2 || STOPWORDS.has(word) || /^\d+$/.test(word)) continue;
    let stem = stems.get(word);
    if (stem === undefined) stems.set(word, (stem = stemmer(word)));
    out.push({ stem, word });
  }
  return out;
}

/** A paper's TF-IDF vector: term numbers in increasing order and their weights, unit length. */
interface Vector {
  terms: Int32Array;
  weights: Float64Array;
}

/** How many of a paper's terms are used to find candidates; the shortlist is then scored exactly. */
const QUERY_TERMS = 40;
/** How many papers a term can bring in as candidates: those where it weighs most. */
const MAX_POSTINGS = 100;

/**
 * For every paper, up to `max` others most like it, best first (ties by id). A paper with no shared
 * term and no shared topic gets no related papers rather than arbitrary ones.
 */
export function buildRelated(papers: readonly RelPaper[], topics: readonly RelTopic[], options: RelatedOptions = {}): Map<string, Related[]> {
  const relatedTo = prepareRelated(papers, topics, options);
  return new Map(papers.map((paper) => [paper.id, relatedTo(paper.id)]));
}

/**
 * Everything `buildRelated` reads of the papers and topics, in their order, as one string: the same
 * string, the same related papers (with the same code).
 */
export function relatedInputs(papers: readonly RelPaper[], topics: readonly RelTopic[]): string {
  return JSON.stringify([
    papers.map((p) => [p.id, p.title, p.abstract, p.tags, p.topics]),
    topics.map((t) => [t.id, t.title, t.parent ?? null, t.order ?? null]),
  ]);
}

/**
 * What `buildRelated` computes, one paper at a time: the survey's vectors and inverted index are built
 * here, each paper's related papers when first asked for. The dev server renders one page at a time
 * and needs only that paper's. Throws on an unknown id.
 */
export function prepareRelated(papers: readonly RelPaper[], topics: readonly RelTopic[], options: RelatedOptions = {}): (id: string) => Related[] {
  const { max = 5 } = options;
  const n = papers.length;
  const position = new Map(papers.map((paper, doc) => [paper.id, doc]));
  const docOf = (id: string) => {
    const doc = position.get(id);
    if (doc === undefined) throw new Error(`Unknown paper "${id}".`);
    return doc;
  };
  if (max < 1) return (id) => (docOf(id), []);
  const { vectors, terms, spelling, titles } = vectorize(papers);

  // Inverted index: for each term, the papers holding it and its weight there.
  const postings: { docs: number[]; weights: number[] }[] = terms.map(() => ({ docs: [], weights: [] }));
  vectors.forEach((v, doc) => {
    for (let i = 0; i < v.terms.length; i++) {
      const list = postings[v.terms[i]!]!;
      list.docs.push(doc);
      list.weights.push(v.weights[i]!);
    }
  });
  // A common term finds candidates only among the papers where it weighs most: its other papers
  // would add little to a score, and scanning them is most of the cost in a large survey. The
  // shortlist is scored exactly below, so this changes which papers are considered, not their scores.
  for (const list of postings) {
    if (list.docs.length <= MAX_POSTINGS) continue;
    const order = list.docs.map((_, k) => k).sort((a, b) => list.weights[b]! - list.weights[a]! || list.docs[a]! - list.docs[b]!);
    const kept = order.slice(0, MAX_POSTINGS);
    list.docs = kept.map((k) => list.docs[k]!);
    list.weights = kept.map((k) => list.weights[k]!);
  }
  // Each paper searches through its weightiest terms only.
  const queries = vectors.map((v) => [...v.terms.keys()].sort((a, b) => v.weights[b]! - v.weights[a]!).slice(0, QUERY_TERMS));

  // Topics as small numbers; papers sharing a small topic are candidates even without a shared term.
  const topicNumber = new Map(topics.map((t, i) => [t.id, i]));
  const paperTopics = papers.map((p) => expandTopics(p.topics, topics).map((id) => topicNumber.get(id)).filter((i) => i !== undefined));
  const members: number[][] = topics.map(() => []);
  paperTopics.forEach((list, doc) => list.forEach((t) => members[t]!.push(doc)));
  // Each paper's topics as bits, for the Jaccard index of two papers: it is asked for every
  // candidate of every paper, and counting bits is cheaper than walking two lists.
  const words = Math.max(1, Math.ceil(topics.length / 32));
  const masks = new Uint32Array(n * words);
  paperTopics.forEach((list, doc) => list.forEach((t) => (masks[doc * words + (t >>> 5)]! |= 1 << (t & 31))));
  const sizes = Uint32Array.from(paperTopics, (list) => list.length);
  const jaccard = (a: number, b: number): number => {
    let shared = 0;
    for (let w = 0; w < words; w++) shared += bitCount(masks[a * words + w]! & masks[b * words + w]!);
    const union = sizes[a]! + sizes[b]! - shared;
    return union ? shared / union : 0;
  };

  const scores = new Float64Array(n);
  const seen = new Uint8Array(n);
  const touched: number[] = [];
  const shortlistSize = 2 * max + 10;
  const found = new Map<number, Related[]>();
  const relatedOf = (doc: number): Related[] => {
    touched.length = 0;
    const vector = vectors[doc]!;
    for (const i of queries[doc]!) {
      const weight = vector.weights[i]!;
      const { docs, weights } = postings[vector.terms[i]!]!;
      for (let k = 0; k < docs.length; k++) {
        const other = docs[k]!;
        if (!seen[other]) {
          seen[other] = 1;
          touched.push(other);
        }
        scores[other] = scores[other]! + weight * weights[k]!;
      }
    }
    for (const t of paperTopics[doc]!) {
      if (members[t]!.length > 50) continue;
      for (const other of members[t]!) {
        if (!seen[other]) {
          seen[other] = 1;
          touched.push(other);
        }
      }
    }
    const shortlist: Scored[] = [];
    // A candidate whose text score plus the largest topic bonus cannot pass the shortlist's last
    // is skipped without computing its bonus.
    let floor = -Infinity;
    for (let k = 0; k < touched.length; k++) {
      const other = touched[k]!;
      const text = scores[other]!;
      scores[other] = 0;
      seen[other] = 0;
      if (other === doc || text + TOPIC_WEIGHT <= floor) continue;
      const score = text + TOPIC_WEIGHT * jaccard(doc, other);
      if (score > floor) {
        insertTop(shortlist, { other, score }, shortlistSize, undefined);
        if (shortlist.length === shortlistSize) floor = shortlist[shortlistSize - 1]!.score;
      }
    }
    const best: Scored[] = [];
    for (const { other } of shortlist) {
      const text = dot(vector, vectors[other]!);
      const topical = jaccard(doc, other);
      if (topical === 0 && text < WORDS_ALONE && !papers[doc]!.tags.some((tag) => papers[other]!.tags.includes(tag))) continue;
      const score = text + TOPIC_WEIGHT * topical;
      if (score > 1e-6) insertTop(best, { other, score }, max, papers);
    }
    return best.map(({ other, score }) => ({
      id: papers[other]!.id,
      score: Math.round(score * 1000) / 1000,
      reason: explain(papers[doc]!, papers[other]!, vector, vectors[other]!, terms, spelling, titles[doc]!, titles[other]!, topics),
    }));
  };
  return (id) => {
    const doc = docOf(id);
    let related = found.get(doc);
    if (!related) found.set(doc, (related = relatedOf(doc)));
    return related;
  };
}

/**
 * TF-IDF vectors of the papers over title words (twice), abstract words and tags (three times each),
 * sublinear in term frequency. Terms in one paper only cannot relate two papers, so they are dropped;
 * so are terms in more than a tenth of a large survey, which weigh little and cost most.
 */
function vectorize(papers: readonly RelPaper[]): { vectors: Vector[]; terms: string[]; spelling: Map<string, Map<string, number>>; titles: Set<string>[] } {
  const spelling = new Map<string, Map<string, number>>();
  const stems = new Map<string, string>();
  // Each paper's title words, which may name what two papers share: those that more than one title
  // has ("temporal", "speculative"), not a title's own ("emerged", "unseen").
  const titles: Set<string>[] = [];
  const inTitles = new Map<string, number>();
  const counts = papers.map((paper) => {
    const tf = new Map<string, number>();
    const titled = new Set<string>();
    titles.push(titled);
    const add = (term: string, weight: number) => tf.set(term, (tf.get(term) ?? 0) + weight);
    for (const [text, weight] of [[paper.title, FIELD_WEIGHTS.title], [paper.abstract, FIELD_WEIGHTS.abstract]] as const) {
      for (const { stem, word } of tokenize(text, stems)) {
        add(stem, weight);
        if (text === paper.title) titled.add(stem);
        let forms = spelling.get(stem);
        if (!forms) spelling.set(stem, (forms = new Map()));
        forms.set(word, (forms.get(word) ?? 0) + 1);
      }
    }
    for (const tag of paper.tags) add(`#${tag}`, FIELD_WEIGHTS.tag);
    return tf;
  });
  for (const titled of titles) for (const stem of titled) inTitles.set(stem, (inTitles.get(stem) ?? 0) + 1);
  for (const titled of titles) for (const stem of titled) if (inTitles.get(stem)! < 2 || stem.length < 4) titled.delete(stem);
  const df = new Map<string, number>();
  for (const tf of counts) for (const term of tf.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const n = papers.length;
  const maxDf = Math.max(30, Math.floor(n / 10));
  const terms = [...df].filter(([, d]) => d > 1 && d <= maxDf).map(([term]) => term).sort();
  const number = new Map(terms.map((term, i) => [term, i]));
  const vectors = counts.map((tf) => {
    const entries = [...tf]
      .filter(([term]) => number.has(term))
      .map(([term, count]) => [number.get(term)!, (1 + Math.log(count)) * Math.log(n / df.get(term)!)] as const)
      .sort((a, b) => a[0] - b[0]);
    const norm = Math.hypot(...entries.map(([, w]) => w)) || 1;
    return { terms: Int32Array.from(entries, ([t]) => t), weights: Float64Array.from(entries, ([, w]) => w / norm) };
  });
  return { vectors, terms, spelling, titles };
}

interface Scored {
  other: number;
  score: number;
}

// Inserts into a list kept sorted best first and at most `size` long; ties go to the smaller id
// when `papers` is given, so results do not depend on the input order.
function insertTop(list: Scored[], item: Scored, size: number, papers: readonly { id: string }[] | undefined): void {
  if (list.length === size && !better(item, list[size - 1]!, papers)) return;
  let i = Math.min(list.length, size - 1);
  list[i] = item;
  while (i > 0 && better(list[i]!, list[i - 1]!, papers)) {
    [list[i], list[i - 1]] = [list[i - 1]!, list[i]!];
    i--;
  }
}

function better(x: Scored, y: Scored, papers: readonly { id: string }[] | undefined): boolean {
  return x.score > y.score || (x.score === y.score && papers !== undefined && papers[x.other]!.id < papers[y.other]!.id);
}

// How many bits of a 32-bit number are set.
function bitCount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

function dot(a: Vector, b: Vector): number {
  let sum = 0;
  for (let i = 0, j = 0; i < a.terms.length && j < b.terms.length; ) {
    const d = a.terms[i]! - b.terms[j]!;
    if (d === 0) sum += a.weights[i++]! * b.weights[j++]!;
    else if (d < 0) i++;
    else j++;
  }
  return sum;
}

/**
 * "Shares the topic X; both about a, b." The topics are the most specific ones both papers are
 * filed under; "about" names the shared tags, or else the words that weigh most in both of those
 * one of the two has in its title: a subject ("video prediction"), not the odd word of two
 * abstracts ("expensive", "released"). With none, the topic is the reason.
 */
function explain(
  a: RelPaper,
  b: RelPaper,
  va: Vector,
  vb: Vector,
  terms: readonly string[],
  spelling: Map<string, Map<string, number>>,
  titleA: ReadonlySet<string>,
  titleB: ReadonlySet<string>,
  topics: readonly RelTopic[],
): string {
  const title = (id: string) => topics.find((t) => t.id === id)?.title ?? id;
  const direct = a.topics.filter((t) => b.topics.includes(t));
  const expandedB = new Set(expandTopics(b.topics, topics));
  const shared = direct.length ? direct : expandTopics(a.topics, topics).filter((t) => expandedB.has(t));
  const tags = a.tags.filter((t) => b.tags.includes(t)).slice(0, 3).map((tag) => tagLabel(tag));
  const words = tags.length ? tags : sharedWords(va, vb, terms, spelling, (term) => titleA.has(term) || titleB.has(term));
  const parts = [
    shared.length > 0 && `Shares ${shared.length === 1 ? 'the topic' : 'the topics'} ${shared.map(title).join(', ')}`,
    words.length > 0 && `${shared.length ? 'both' : 'Both'} about ${words.join(', ')}`,
  ].filter(Boolean);
  return parts.length ? `${parts.join('; ')}.` : 'Similar wording in title and abstract.';
}

// The three title words (not tags) weighing most in both papers, each in its commonest spelling.
function sharedWords(a: Vector, b: Vector, terms: readonly string[], spelling: Map<string, Map<string, number>>, titled: (term: string) => boolean): string[] {
  const weights = new Map<number, number>();
  for (let i = 0; i < b.terms.length; i++) weights.set(b.terms[i]!, b.weights[i]!);
  return [...a.terms.keys()]
    .filter((i) => weights.has(a.terms[i]!) && titled(terms[a.terms[i]!]!))
    .map((i) => ({ term: terms[a.terms[i]!]!, w: a.weights[i]! * weights.get(a.terms[i]!)! }))
    .sort((x, y) => y.w - x.w || compareText(x.term, y.term))
    .slice(0, 3)
    .map(({ term }) => commonest(spelling.get(term)!));
}

function commonest(forms: Map<string, number>): string {
  return [...forms].sort((x, y) => y[1] - x[1] || compareText(x[0], y[0]))[0]![0];
}
