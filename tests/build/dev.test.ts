import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { projectCopy, startDev } from '../../src/node/bench';

// A contributor runs `npm run dev` and edits a paper: the page shows the edit without a restart.
// The content folders are watched by the loaders themselves, not by Vite's watcher.
const dir = projectCopy('content');
const server = await startDev(dir, 120_000);
afterAll(() => {
  server.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('serves an edited paper without restarting', async () => {
  const file = join(dir, 'content', 'papers', 'adaptix.mdx');
  const source = readFileSync(file, 'utf8');
  expect(await server.get('papers/adaptix/')).toContain('Adaptive Draft-Verification for Efficient Large Language Model Decoding');

  writeFileSync(file, source.replace(/^title: .*$/m, 'title: Edited While The Dev Server Ran'));
  await expect.poll(() => server.get('papers/adaptix/'), { timeout: 30_000, interval: 250 }).toContain('Edited While The Dev Server Ran');
  // The listing follows too: the model behind every page was rebuilt.
  expect(await server.get('papers/')).toContain('Edited While The Dev Server Ran');
}, 150_000);

it('serves a paper added while it runs', async () => {
  const source = readFileSync(join(dir, 'content', 'papers', 'ar-net.mdx'), 'utf8');
  const added = source.replace(/^title: .*$/m, 'title: A Paper Added During Dev').replace(/^arxiv: .*$/m, 'arxiv: "2407.99998"');
  writeFileSync(join(dir, 'content', 'papers', 'added-during-dev.mdx'), added);
  await expect.poll(() => server.get('papers/').then((html) => html.includes('A Paper Added During Dev')), { timeout: 30_000, interval: 250 }).toBe(true);
  expect(await server.get('papers/added-during-dev/')).toContain('A Paper Added During Dev');
}, 60_000);

it('prints the problems of a file as soon as it is saved', async () => {
  const source = readFileSync(join(dir, 'content', 'papers', 'var.mdx'), 'utf8');
  const broken = source.replace(/^title: .*$/m, 'title: A Paper Saved With Problems').replace(/^arxiv: .*$/m, 'arxiv: "2407.99997"');
  writeFileSync(join(dir, 'content', 'papers', 'saved-with-problems.mdx'), `${broken}\nOne plus one is {1 + 1}.\n`);
  await expect.poll(() => server.output(), { timeout: 30_000, interval: 250 }).toMatch(/content\/papers\/saved-with-problems\.mdx:\d+:\d+ {2}mdx-expression/);
  expect(server.output()).toContain('a body with problems is shown without its notes, until fixed.');
}, 60_000);

it('serves the files made from every paper at the addresses the build writes them to', async () => {
  expect(JSON.parse(await server.get('papers.json')).count).toBeGreaterThan(70);
  expect(await server.get('survey.bib')).toMatch(/^@\w+\{/);
  expect(await server.get('survey.csl.json')).toContain('"citation-key"');
  expect(await server.get('survey.ris')).toMatch(/^TY {2}- /);
  expect(await server.get('survey.csv')).toMatch(/^id,key,title,/);
  expect(await server.get('paper-records.js')).toMatch(/^window\.__SURVEY_RECORDS__=/);
}, 60_000);
