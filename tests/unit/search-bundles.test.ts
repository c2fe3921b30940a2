import { describe, expect, it } from 'vitest';
import { planSearchBundles, type IndexedSurvey } from '../../src/node/pagefind';

const topics = [
  { id: 'vision', title: 'Vision', order: 1, file: 'topics/vision.mdx' },
  { id: 'var', title: 'VAR', order: 2, parent: 'vision', file: 'topics/var.mdx' },
  { id: 'text', title: 'Text', order: 3, file: 'topics/text.mdx' },
];
function survey(count: number, edit: Record<string, string> = {}, newest = 2024): IndexedSurvey {
  const papers = Array.from({ length: count }, (_, i) => ({
    id: `paper-${i}`,
    file: `papers/paper-${i}.mdx`,
    year: i === 0 ? newest : 2020 + (i % 4),
    topics: i % 2 ? ['var'] : ['text'],
  }));
  const files = [...papers.map((p) => p.file), ...topics.map((t) => t.file)];
  return { papers, topics, digests: new Map(files.map((file) => [file, edit[file] ?? `digest of ${file}`])) };
}
const papersOf = (glob: string) => glob.match(/papers\/[^/]+\/index\.html/g) ?? [];

describe('splitting the search index into bundles', () => {
  it('keeps one bundle of every page up to the bundle size', () => {
    expect(planSearchBundles(survey(10), 'v1', 10)).toEqual([
      { dir: 'pagefind', glob: '{papers,topics}/*/index.html', pages: 13 },
    ]);
  });

  it('puts the topics first and every paper in exactly one of the bundles after, a power of two of them', () => {
    expect(planSearchBundles(survey(40), 'v1', 10)).toHaveLength(1 + 4);
    expect(planSearchBundles(survey(41), 'v1', 10)).toHaveLength(1 + 8);
    const plan = planSearchBundles(survey(95), 'v1', 10);
    expect(plan.map((b) => b.dir)).toEqual(['pagefind', ...Array.from({ length: 16 }, (_, i) => `pagefind/papers-${i + 1}`)]);
    expect(plan[0]).toMatchObject({ glob: 'topics/*/index.html', pages: 3 });
    const placed = plan.slice(1).flatMap((b) => papersOf(b.glob));
    expect(placed.sort()).toEqual(survey(95).papers.map((p) => `papers/${p.id}/index.html`).sort());
    for (const bundle of plan.slice(1)) expect(papersOf(bundle.glob)).toHaveLength(bundle.pages);
  });

  it('leaves out a bundle the hash gives no paper', () => {
    const plan = planSearchBundles(survey(5), 'v1', 1);
    expect(plan.slice(1).every((bundle) => bundle.pages > 0)).toBe(true);
    expect(plan.slice(1).reduce((sum, bundle) => sum + bundle.pages, 0)).toBe(5);
  });

  it('changes only the key of the bundle holding an edited paper', () => {
    const before = planSearchBundles(survey(95), 'v1', 10);
    const after = planSearchBundles(survey(95, { 'papers/paper-7.mdx': 'edited' }), 'v1', 10);
    const changed = after.filter((bundle, i) => bundle.key !== before[i]!.key);
    expect(changed).toHaveLength(1);
    expect(changed[0]!.glob).toContain('papers/paper-7/index.html');
  });

  it('changes the keys of the bundles with papers in an edited topic or below it, and every key with the code', () => {
    const before = planSearchBundles(survey(95), 'v1', 10);
    const vision = planSearchBundles(survey(95, { 'topics/vision.mdx': 'edited' }), 'v1', 10);
    // Papers of the sub-topic `var` show its parent `vision` too; those of `text` do not.
    for (const [i, bundle] of vision.entries()) {
      if (i === 0) continue;
      const hasVar = papersOf(bundle.glob).some((path) => Number(/paper-(\d+)/.exec(path)![1]) % 2 === 1);
      expect(bundle.key !== before[i]!.key, bundle.dir).toBe(hasVar);
    }
    const code = planSearchBundles(survey(95), 'v2', 10);
    expect(code.slice(1).every((bundle, i) => bundle.key !== before[i + 1]!.key)).toBe(true);
  });

  it('keys the topic bundle by the topics and their newest years, not by their papers', () => {
    const key = (plan: ReturnType<typeof planSearchBundles>) => plan[0]!.key;
    const before = planSearchBundles(survey(95), 'v1', 10);
    expect(key(before)).toBeDefined();
    // A paper edited or added, no newer than its topic's newest: the topic pages index the same text.
    expect(key(planSearchBundles(survey(95, { 'papers/paper-7.mdx': 'edited' }), 'v1', 10))).toBe(key(before));
    expect(key(planSearchBundles(survey(96), 'v1', 10))).toBe(key(before));
    // A topic edited, a topic's newest year (its sort key) moved, or other code: indexed again.
    expect(key(planSearchBundles(survey(95, { 'topics/text.mdx': 'edited' }), 'v1', 10))).not.toBe(key(before));
    expect(key(planSearchBundles(survey(95, {}, 2026), 'v1', 10))).not.toBe(key(before));
    expect(key(planSearchBundles(survey(95), 'v2', 10))).not.toBe(key(before));
  });

  it('moves no paper between bundles when one is added, unless the survey doubles', () => {
    const where = (plan: ReturnType<typeof planSearchBundles>) =>
      new Map(plan.slice(1).flatMap((b) => papersOf(b.glob).map((path) => [path, b.dir])));
    const before = where(planSearchBundles(survey(95), 'v1', 10));
    const after = where(planSearchBundles(survey(96), 'v1', 10));
    for (const [path, dir] of before) expect(after.get(path)).toBe(dir);
  });
});
