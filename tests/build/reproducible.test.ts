import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { astroBuild } from '../helpers/build';
import { DIST, listFiles, requireBuild } from '../helpers/dist';

/** Files allowed to differ between two builds because they must carry the build time: none so far. */
const CARRY_BUILD_TIME: string[] = [];

const again = join(mkdtempSync(join(tmpdir(), 'survey-repro-')), 'dist');
const digests = (dir: string) =>
  Object.fromEntries(
    listFiles(dir)
      .filter((file) => !CARRY_BUILD_TIME.includes(file))
      .map((file) => [file, createHash('sha256').update(readFileSync(join(dir, file))).digest('hex')]),
  );

beforeAll(() => {
  requireBuild();
  // The second build skips every shortcut of the first (compile cache, worker threads, pages
  // rendered several at a time), so the comparison also shows that the optimisations do not change
  // what is built. --force: Astro's incremental build would otherwise reuse the first build's pages.
  // It runs under a Lithuanian locale, which sorts "y" with "i": the survey's lists are in English
  // order whatever the machine's locale ("synthetic-data" after "speech-recognition"). And in the
  // time zone of Kiribati, 14 hours ahead of UTC: the offline zip's entries carry the same time.
  const locale = { LC_ALL: 'lt_LT.UTF-8', LANG: 'lt_LT.UTF-8', TZ: 'Pacific/Kiritimati' };
  const build = astroBuild('.', { SURVEY_CACHE: 'off', SURVEY_WORKERS: '0', SURVEY_BUILD_CONCURRENCY: '1', ...locale }, ['--force', '--outDir', again]);
  if (build.status !== 0) throw new Error(build.output);
});

describe('two builds of the same commit, one with and one without the build caches and in another locale and time zone', () => {
  it('write byte-identical hosted editions', () => {
    expect(digests(again)).toEqual(digests(DIST));
  });
  it('write byte-identical offline editions', () => {
    expect(digests(`${again}-offline`)).toEqual(digests(`${DIST}-offline`));
  });
});
