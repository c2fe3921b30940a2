import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { count } from '../../src/lib/plural';
import { loadSurvey, type LoadedSurvey } from '../../src/node/content';
import { page, requireBuild } from '../helpers/dist';

let survey: LoadedSurvey;

beforeAll(async () => {
  requireBuild();
  survey = await loadSurvey({ root: resolve('.'), base: '/' });
});

describe('listings', () => {
  it("gives a topic's own papers a heading of their own after its sub-topics", () => {
    // They were listed straight after the last sub-topic's papers, as if they were part of it.
    const parents = new Set(survey.topics.map((t) => t.data!.parent).filter(Boolean));
    const topics = survey.topics.filter((t) => parents.has(t.id) && survey.papers.some((p) => p.data!.topics.includes(t.id)));
    expect(topics.length).toBeGreaterThan(0);
    for (const topic of topics) {
      const own = survey.papers.filter((p) => p.data!.topics.includes(topic.id)).map((p) => `/papers/${p.id}/`);
      const $ = page(`topics/${topic.id}/index.html`);
      const heading = $(`h3#section-${topic.id}-other`);
      const listed = heading.parent().find('.paper-card h4 a').map((_, a) => $(a).attr('href')).get();
      expect(heading.text()).toBe(`Other papers on ${topic.data!.title} (${count(listed.length, 'paper')})`);
      for (const href of own) expect(listed).toContain(href);
    }
  });

  it('counts the papers, their years and the topics on the home page', () => {
    const years = survey.papers.map((p) => p.data!.year);
    const text = page('index.html')('main p').map((_, p) => page('index.html')(p).text()).get();
    expect(text).toContain(`${count(survey.papers.length, 'paper')} from ${Math.min(...years)} to ${Math.max(...years)}, in ${count(survey.topics.length, 'topic')}.`);
  });
});
