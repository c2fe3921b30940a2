import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs one of the bench scripts as `npm run bench -- <args>` does; these arguments stop it before any work. */
const run = (script: string, args: string[]) =>
  spawnSync(resolve('node_modules/.bin/tsx'), [resolve('scripts', script), ...args], { encoding: 'utf8', timeout: 120_000 });

// Each test starts tsx and the script's imports (Playwright's for search-bench.ts): 5 to 6 s on a
// loaded two-core machine, past Vitest's default 5 s, as check-cli.test.ts allows for.
describe.each(['bench.ts', 'search-bench.ts'])('scripts/%s', (script) => {
  it('prints its usage with --help', () => {
    const result = run(script, ['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run bench(:search)? /);
    expect(result.stdout).toContain('--papers');
  }, 60_000);

  it('names an unknown option and shows the usage, without a stack trace', () => {
    const result = run(script, ['--papres', '300']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown option '--papres'.");
    expect(result.stderr).toContain('Usage: npm run bench');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
