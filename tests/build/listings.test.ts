import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { count } from '../../src/lib/plural';
import { expandTopics } from '../../src/lib/topics';
import { loadSurvey, type LoadedSurvey } from '../../src/node/content';
import { page, requireBuild } from '../helpers/dist';
import { contentEntries, OUR_SURVEY } from '../helpers/survey';

let survey: LoadedSurvey;

// Topics with sub-topics (read from content/ now, for `runIf`), with and without papers of their own:
// a small survey may have neither kind, or only one.
const topicsOf = (data: Record<string, unknown>) => (data['topics'] as string[] | undefined) ?? [];
const PAPER_ENTRIES = contentEntries('papers');
const PARENTS = [...new Set(contentEntries('topics').map((t) => t.data['parent'] as string | undefined).filter(Boolean))] as string[];
const WITH_OWN = PARENTS.filter((id) => PAPER_ENTRIES.some((p) => topicsOf(p.data).includes(id)));
const WITHOUT_OWN = PARENTS.filter((id) => !WITH_OWN.includes(id));

beforeAll(async () => {
  requireBuild();
  survey = await loadSurvey({ root: resolve('.'), base: '/' });
});

describe('listings', () => {
  // Needs a topic with sub-topics and papers of its own; the first survey has several (and must).
  it.runIf(WITH_OWN.length > 0 || OUR_SURVEY)("gives a topic's own papers a heading of their own after its sub-topics", () => {
    // They were listed straight after the last sub-topic's papers, as if they were part of it.
    const parents = new Set(survey.topics.map((t) => t.data!.parent).filter(Boolean));
    const topics = survey.topics.filter((t) => parents.has(t.id) && survey.papers.some((p) => p.data!.topics.includes(t.id)));
    expect(topics.length).toBeGreaterThan(0);
    expect(topics.map((t) => t.id).sort()).toEqual([...WITH_OWN].sort());
    for (const topic of topics) {
      const own = survey.papers.filter((p) => p.data!.topics.includes(topic.id)).map((p) => `/papers/${p.id}/`);
      const $ = page(`topics/${topic.id}/index.html`);
      const heading = $(`h3#section-${topic.id}-other`);
      const listed = heading.parent().find('.paper-card h4 a').map((_, a) => $(a).attr('href')).get();
      expect(heading.text()).toBe(`Other papers on ${topic.data!.title} (${count(listed.length, 'paper')})`);
      for (const href of own) expect(listed).toContain(href);
    }
  });

  // Needs a topic with sub-topics whose papers are all in its sub-topics; a new survey's first topics often are.
  it.runIf(WITHOUT_OWN.length > 0)('gives no "Other papers" heading to a topic whose papers are all in its sub-topics', () => {
    for (const id of WITHOUT_OWN) {
      const $ = page(`topics/${id}/index.html`);
      expect($(`#section-${id}-other`).length, id).toBe(0);
      // Its sub-topics' papers are listed all the same, under their sub-topics' headings.
      const listed = $('section[aria-labelledby="papers-heading"] .paper-card h4 a').map((_, a) => $(a).attr('href')).get();
      const below = survey.papers.filter((p) => expandTopics(p.data!.topics, survey.topics.map((t) => ({ ...t.data!, id: t.id }))).includes(id));
      for (const paper of below) expect(listed, id).toContain(`/papers/${paper.id}/`);
    }
  });

  it('counts the papers, their years and the topics on the home page', () => {
    const years = survey.papers.map((p) => p.data!.year);
    const [first, last] = [Math.min(...years), Math.max(...years)];
    const topics = count(survey.topics.length, 'topic');
    const text = page('index.html')('main p').map((_, p) => page('index.html')(p).text()).get();
    // One year is given once ("1 paper from 2017", not "from 2017 to 2017"); no papers, no years.
    const expected = survey.papers.length === 0 ? `No papers yet, in ${topics}.` : `${count(survey.papers.length, 'paper')} from ${first}${first === last ? '' : ` to ${last}`}, in ${topics}.`;
    expect(text).toContain(expected);
    // The first survey's papers span several years.
    if (OUR_SURVEY) expect(expected).toMatch(/^\d+ papers from \d{4} to \d{4}, in \d+ topics\.$/);
  });
});
