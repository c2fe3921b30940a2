import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { projectCopy, startDev } from '../../src/node/bench';
import { contentEntries, oneLine, pick, withId } from '../helpers/survey';

// A contributor runs `npm run dev` and edits a paper: the page shows the edit without a restart.
// The content folders are watched by the loaders themselves, not by Vite's watcher.
const dir = projectCopy('content');
const papers = contentEntries('papers', dir);
// A paper to edit, whose title shows as written in HTML (no character to escape); AdapTix in the first survey.
const edited = pick(papers, (p) => oneLine(p, 'title') && !/[&<>"']/.test(String(p.data['title'])), withId('adaptix'))!;
// Papers to copy as new ones with another title and an arXiv id of the paper's year: with no DOI, the copy is no duplicate.
const copyable = (preferred: string) => pick(papers, (p) => oneLine(p, 'title', 'arxiv') && !p.data['doi'] && Number(p.data['year']) >= 2015, withId(preferred))!;
const arxivOf = (paper: (typeof papers)[number], number: string) => `arxiv: "${String(Number(paper.data['year']) % 100).padStart(2, '0')}07.${number}"`;
const server = await startDev(dir, 120_000);
// A failure says what the server printed, which tells a change not seen from one not served.
const withOutput = (check: Promise<unknown>) =>
  check.catch((error: unknown) => {
    throw new Error(`${String(error)}\nastro dev printed:\n${server.output().slice(-4000)}`);
  });
afterAll(() => {
  server.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('serves an edited paper without restarting', async () => {
  const file = edited.file;
  const source = readFileSync(file, 'utf8');
  expect(await server.get(`papers/${edited.id}/`)).toContain(String(edited.data['title']));

  writeFileSync(file, source.replace(/^title: .*$/m, 'title: Edited While The Dev Server Ran'));
  await withOutput(expect.poll(() => server.get(`papers/${edited.id}/`), { timeout: 30_000, interval: 250 }).toContain('Edited While The Dev Server Ran'));
  // The listing follows too: the model behind every page was rebuilt.
  expect(await server.get('papers/')).toContain('Edited While The Dev Server Ran');
}, 150_000);

it('serves a paper added while it runs', async () => {
  const source = readFileSync(copyable('ar-net').file, 'utf8');
  const added = source.replace(/^title: .*$/m, 'title: A Paper Added During Dev').replace(/^arxiv: .*$/m, arxivOf(copyable('ar-net'), '99998'));
  writeFileSync(join(dir, 'content', 'papers', 'added-during-dev.mdx'), added);
  await withOutput(expect.poll(() => server.get('papers/').then((html) => html.includes('A Paper Added During Dev')), { timeout: 30_000, interval: 250 }).toBe(true));
  expect(await server.get('papers/added-during-dev/')).toContain('A Paper Added During Dev');
}, 60_000);

it('prints the problems of a file as soon as it is saved', async () => {
  const source = readFileSync(copyable('var').file, 'utf8');
  const broken = source.replace(/^title: .*$/m, 'title: A Paper Saved With Problems').replace(/^arxiv: .*$/m, arxivOf(copyable('var'), '99997'));
  writeFileSync(join(dir, 'content', 'papers', 'saved-with-problems.mdx'), `${broken}\nOne plus one is {1 + 1}.\n`);
  await expect.poll(() => server.output(), { timeout: 30_000, interval: 250 }).toMatch(/content\/papers\/saved-with-problems\.mdx:\d+:\d+ {2}mdx-expression/);
  expect(server.output()).toContain('a body with problems is shown without its notes, until fixed.');
}, 60_000);

it('serves the files made from every paper at the addresses the build writes them to', async () => {
  // Every paper of the survey, and the one added above (Astro saves its data store half a second after a change).
  await withOutput(expect.poll(async () => JSON.parse(await server.get('papers.json')).count, { timeout: 30_000, interval: 250 }).toBeGreaterThanOrEqual(papers.length + 1));
  expect(await server.get('survey.bib')).toMatch(/^@\w+\{/);
  expect(await server.get('survey.csl.json')).toContain('"citation-key"');
  expect(await server.get('survey.ris')).toMatch(/^TY {2}- /);
  expect(await server.get('survey.csv')).toMatch(/^id,key,title,/);
  expect(await server.get('paper-records.js')).toMatch(/^window\.__SURVEY_RECORDS__=/);
}, 60_000);

it('leaves out a paper whose topic does not exist, and shows it once the topic is written', async () => {
  // A contributor adds a paper under a new topic before writing the topic's file.
  const source = readFileSync(copyable('ar-net').file, 'utf8');
  const paper = source
    .replace(/^title: .*$/m, 'title: A Paper Ahead Of Its Topic')
    .replace(/^arxiv: .*$/m, arxivOf(copyable('ar-net'), '99996'))
    .replace(/^topics: .*$/m, 'topics: [ a-topic-written-later ]');
  writeFileSync(join(dir, 'content', 'papers', 'ahead-of-its-topic.mdx'), paper);
  await expect.poll(() => server.output(), { timeout: 30_000, interval: 250 }).toMatch(/content\/papers\/ahead-of-its-topic\.mdx:\d+:\d+ {2}unknown-topic/);
  // An edit saved after it shows once the server has the new paper too.
  writeFileSync(edited.file, readFileSync(edited.file, 'utf8').replace(/^title: .*$/m, 'title: Edited After A Paper Was Left Out'));
  await withOutput(expect.poll(() => server.get('papers/'), { timeout: 30_000, interval: 250 }).toContain('Edited After A Paper Was Left Out'));
  // The paper is left out, as the terminal says, and every listing is whole.
  await expect(server.get('papers/ahead-of-its-topic/')).rejects.toThrow('HTTP 404');
  for (const page of ['papers/', 'tags/time-series-forecasting/', 'papers.json']) expect(await server.get(page)).not.toContain('A Paper Ahead Of Its Topic');
  expect(await server.get('papers/')).toMatch(/<\/html>\s*$/);

  const topic = '---\ntitle: "A Topic Written Later"\ndescription: "Papers added before their topic."\norder: 99\n---\n\nWritten after its first paper.\n';
  writeFileSync(join(dir, 'content', 'topics', 'a-topic-written-later.mdx'), topic);
  await withOutput(expect.poll(() => server.get('papers/ahead-of-its-topic/').catch(() => ''), { timeout: 30_000, interval: 250 }).toContain('A Topic Written Later'));
  expect(await server.get('topics/a-topic-written-later/')).toContain('A Paper Ahead Of Its Topic');
}, 150_000);

it('prints the problems of every file saved at once', async () => {
  // A search-and-replace across files, or switching branches, saves several files in a moment.
  const from = server.output().length;
  for (const [name, number] of [['saved-at-once-a', '99995'], ['saved-at-once-b', '99994']] as const) {
    const source = readFileSync(copyable('ar-net').file, 'utf8')
      .replace(/^title: .*$/m, `title: ${name}`)
      .replace(/^arxiv: .*$/m, arxivOf(copyable('ar-net'), number))
      .replace(/^year: .*$/m, 'year: "abc"');
    writeFileSync(join(dir, 'content', 'papers', `${name}.mdx`), source);
  }
  for (const name of ['saved-at-once-a', 'saved-at-once-b']) {
    await withOutput(expect.poll(() => server.output().slice(from), { timeout: 30_000, interval: 250 }).toMatch(new RegExp(`content/papers/${name}\\.mdx:\\d+:\\d+ {2}schema {2}year`)));
  }
}, 60_000);

it('prints the problems a change makes in other files', async () => {
  // Renaming a topic leaves its papers under a topic that does not exist: they are left out, and the terminal says so.
  const from = server.output().length;
  const topics = join(dir, 'content', 'topics');
  renameSync(join(topics, 'a-topic-written-later.mdx'), join(topics, 'a-topic-renamed.mdx'));
  await withOutput(expect.poll(() => server.output().slice(from), { timeout: 30_000, interval: 250 }).toMatch(/content\/papers\/ahead-of-its-topic\.mdx:\d+:\d+ {2}unknown-topic/));
  await withOutput(expect.poll(() => server.get('papers/ahead-of-its-topic/').catch((error: unknown) => String(error)), { timeout: 30_000, interval: 250 }).toContain('HTTP 404'));
}, 60_000);

it('keeps both papers that repeat each other, and says so', async () => {
  // A contributor adds a paper the survey has already, under another file name.
  const from = server.output().length;
  const original = copyable('ar-net');
  writeFileSync(join(dir, 'content', 'papers', 'added-twice.mdx'), readFileSync(original.file, 'utf8').replace(/^title: .*$/m, 'title: A Paper Added Twice'));
  await withOutput(expect.poll(() => server.output().slice(from), { timeout: 30_000, interval: 250 }).toMatch(/content\/papers\/added-twice\.mdx:\d+:\d+ {2}duplicate-arxiv/));
  expect(server.output().slice(from)).toContain('papers that repeat each other all stay');
  await withOutput(expect.poll(() => server.get('papers/added-twice/').catch((error: unknown) => String(error)), { timeout: 30_000, interval: 250 }).toContain('A Paper Added Twice'));
  expect(await server.get(`papers/${original.id}/`)).toContain('<h1');
}, 60_000);

it('says that a paper saved under another extension is never read', async () => {
  await server.get(''); // Saved while the server runs, not found by its first check.
  const from = server.output().length;
  writeFileSync(join(dir, 'content', 'papers', 'saved-as-markdown.md'), readFileSync(copyable('ar-net').file, 'utf8'));
  await withOutput(expect.poll(() => server.output().slice(from), { timeout: 30_000, interval: 250 }).toMatch(/content\/papers\/saved-as-markdown\.md\S*\s+stray-file/));
  expect(server.output().slice(from)).toContain('Rename it to content/papers/saved-as-markdown.mdx.');
}, 60_000);

it('checks the links again when a file is added to or removed from public/', async () => {
  // A contributor links a figure, sees that it is missing, and adds it to public/.
  const from = server.output().length;
  const source = readFileSync(copyable('ar-net').file, 'utf8')
    .replace(/^title: .*$/m, 'title: A Paper With A Figure')
    .replace(/^arxiv: .*$/m, arxivOf(copyable('ar-net'), '99993'));
  writeFileSync(join(dir, 'content', 'papers', 'with-a-figure.mdx'), `${source}\n![The figure](/figures/added-later.svg)\n`);
  await withOutput(expect.poll(() => server.output().slice(from), { timeout: 30_000, interval: 250 }).toMatch(/content\/papers\/with-a-figure\.mdx:\d+:\d+ {2}unknown-link/));

  const added = server.output().length;
  mkdirSync(join(dir, 'public', 'figures'), { recursive: true });
  writeFileSync(join(dir, 'public', 'figures', 'added-later.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
  await withOutput(expect.poll(() => server.output().slice(added), { timeout: 30_000, interval: 250 }).toContain('after a change to public/figures/added-later.svg; 1 problem fewer'));

  const removed = server.output().length;
  rmSync(join(dir, 'public', 'figures', 'added-later.svg'));
  await withOutput(expect.poll(() => server.output().slice(removed), { timeout: 30_000, interval: 250 }).toMatch(/content\/papers\/with-a-figure\.mdx:\d+:\d+ {2}unknown-link/));
}, 90_000);
