import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSurvey } from '../../src/node/content';
import { astroBuild, projectCopy } from '../helpers/build';

describe('a contributed entry that tries to run code', () => {
  it('is refused by the check and by the build, and never runs', async () => {
    const dir = projectCopy(resolve('tests/fixtures/canary/content'));
    const canaries = ['canary-export.txt', 'canary-expression.txt'].map((name) => join(dir, name));

    const survey = await loadSurvey({ root: dir, base: '/' });
    expect(survey.issues.map((i) => `${i.file}:${i.line} ${i.rule}`)).toEqual([
      'content/papers/canary.mdx:12 mdx-esm',
      'content/papers/canary.mdx:14 mdx-esm',
      'content/papers/canary.mdx:16 mdx-expression',
    ]);

    const build = astroBuild(dir);
    expect(build.status).not.toBe(0);
    expect(build.output).toContain('The content check failed, so nothing was built.');
    expect(build.output).toContain('content/papers/canary.mdx:12:1  mdx-esm');
    // A report about the content, not a crash of the build's code.
    expect(build.output).not.toMatch(/unhandled error|Stack trace|integration\.ts/i);
    expect(existsSync(join(dir, 'dist', 'index.html'))).toBe(false);
    for (const canary of canaries) expect(existsSync(canary), canary).toBe(false);
  });
});
