import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { contributorEnv, stripAnsi } from '../../src/node/bench';

const ROOT = resolve('.');

/** Runs `astro build` in `cwd` with extra environment variables; returns its exit code and output, uncoloured. */
export function astroBuild(cwd: string, env: Record<string, string> = {}, args: string[] = []) {
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build', ...args], {
    cwd,
    env: { ...contributorEnv(), ...env, ASTRO_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
    timeout: 280_000,
  });
  return { status: result.status, output: stripAnsi(`${result.stdout}\n${result.stderr}`) };
}

// A throwaway project copy with its own content/ and its own caches; shared with `npm run bench`.
export { projectCopy } from '../../src/node/bench';
