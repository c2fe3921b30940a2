import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folder every temporary file of one `npm test` goes under; `os.tmpdir()` points there. */
export const TEMP_ROOT_PREFIX = 'survey-press-tests-';

/**
 * Vitest's global setup: the tests' builds, project copies and unpacked zips (about 160 MB a run) go
 * into one folder of the system's temporary folder, removed when the run ends, so that running the
 * tests again and again does not fill the disk. Workers and the builds they start inherit TMPDIR,
 * which `os.tmpdir()` reads. SURVEY_KEEP_TEST_FILES=1 keeps the folder, to look into a failure.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), TEMP_ROOT_PREFIX));
  process.env['TMPDIR'] = root;
  return () => {
    const keep = process.env['SURVEY_KEEP_TEST_FILES'];
    if (keep && keep !== '0') console.log(`Test files kept in ${root}`);
    else rmSync(root, { recursive: true, force: true });
  };
}
