import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import setup, { TEMP_ROOT_PREFIX } from '../helpers/temp-root';

describe('the temporary files of a test run', () => {
  test('go into the run’s own folder, for the tests and for the builds they start', () => {
    const made = mkdtempSync(join(tmpdir(), 'probe-'));
    expect(basename(dirname(made))).toMatch(new RegExp(`^${TEMP_ROOT_PREFIX}`));
    const child = spawnSync(process.execPath, ['-p', 'require("node:os").tmpdir()'], { encoding: 'utf8' });
    expect(child.stdout.trim()).toBe(tmpdir());
  });

  const before = process.env['TMPDIR'];
  afterEach(() => {
    if (before === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = before;
    delete process.env['SURVEY_KEEP_TEST_FILES'];
  });

  test('are removed when the run ends', () => {
    const teardown = setup();
    const root = tmpdir();
    expect(basename(root)).toMatch(new RegExp(`^${TEMP_ROOT_PREFIX}`));
    writeFileSync(join(mkdtempSync(join(root, 'survey-build-')), 'index.html'), '<!doctype html>');
    teardown();
    expect(existsSync(root)).toBe(false);
  });

  test('are kept with SURVEY_KEEP_TEST_FILES=1, to look into a failure, and not with 0', () => {
    for (const [keep, kept] of [['1', true], ['0', false]] as const) {
      process.env['SURVEY_KEEP_TEST_FILES'] = keep;
      const teardown = setup();
      const root = tmpdir();
      teardown();
      expect(existsSync(root), keep).toBe(kept);
      rmSync(root, { recursive: true, force: true });
      process.env['TMPDIR'] = dirname(root);
    }
  });
});
