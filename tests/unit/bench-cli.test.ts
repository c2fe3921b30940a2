import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs one of the bench scripts as `npm run bench -- <args>` does; these arguments stop it before any work. */
const run = (script: string, args: string[]) =>
  spawnSync(resolve('node_modules/.bin/tsx'), [resolve('scripts', script), ...args], { encoding: 'utf8', timeout: 120_000 });

// Each test starts tsx, which compiles the script and its imports: seconds on a busy two-core machine.
describe.each(['bench.ts', 'search-bench.ts'])('scripts/%s', { timeout: 60_000 }, (script) => {
  it('prints its usage with --help', () => {
    const result = run(script, ['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run bench(:search)? /);
    expect(result.stdout).toContain('--papers');
  });

  it('names an unknown option and shows the usage, without a stack trace', () => {
    const result = run(script, ['--papres', '300']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown option '--papres'.");
    expect(result.stderr).toContain('Usage: npm run bench');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
