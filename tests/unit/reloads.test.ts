import { expect, it } from 'vitest';
import { reloads } from '../../src/node/reloads';

// What `astro dev` does when files are saved while it reloads the survey (src/node/loaders.ts).
function harness() {
  let version = 0;
  const log: string[] = [];
  const gates: (() => void)[] = [];
  const reload = reloads(() => log.push(`read v${version}`));
  // A job that takes as long as the test says: it finishes when its gate is opened.
  const slowJob = (name: string) => () => new Promise<void>((finish) => gates.push(() => (log.push(`${name} done`), finish())));
  const next = async () => {
    await new Promise((tick) => setTimeout(tick, 0));
    gates.shift()?.();
    await new Promise((tick) => setTimeout(tick, 0));
  };
  return { log, reload, slowJob, next, save: () => version++ };
}

it('reads the files again after a change that came during a reload, never two reloads at once', async () => {
  const { log, reload, slowJob, next, save } = harness();
  const first = reload('content/papers/a.mdx', slowJob('a'));
  save();
  const second = reload('content/papers/a.mdx', slowJob('a again'));
  const third = reload('content/papers/b.mdx', slowJob('b'));
  await next();
  await next();
  await next();
  await Promise.all([first, second, third]);
  // The second read of the files comes after the first reload ended, and serves both waiting changes.
  expect(log).toEqual([
    'read v0',
    'a done',
    'read v1',
    'a again done',
    'b done',
  ]);
});

it('tells each waiting change when its job failed, and goes on with the others', async () => {
  const { reload } = harness();
  const failing = reload('content/papers/a.mdx', () =>
    Promise.reject(new Error('broken')),
  );
  const fine = reload('content/papers/b.mdx', () => Promise.resolve());
  await expect(failing).rejects.toThrow('broken');
  await expect(fine).resolves.toBeUndefined();
  // A reload after the queue ran dry starts at once.
  await expect(
    reload('content/papers/c.mdx', () => Promise.resolve()),
  ).resolves.toBeUndefined();
});
