import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve('.');

/** Runs `astro build` in `cwd` with extra environment variables; returns its exit code and output. */
export function astroBuild(cwd: string, env: Record<string, string> = {}, args: string[] = []) {
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build', ...args], {
    cwd,
    env: { ...process.env, ...env, ASTRO_TELEMETRY_DISABLED: '1' },
    encoding: 'utf8',
    timeout: 280_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

/**
 * A throwaway copy of the project (code and config, node_modules linked) with its own content
 * folder, for builds that must not touch the real one.
 */
export function projectCopy(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'survey-build-'));
  for (const name of ['src', 'public', 'astro.config.mjs', 'package.json', 'tsconfig.json']) {
    cpSync(join(ROOT, name), join(dir, name), { recursive: true });
  }
  cpSync(content, join(dir, 'content'), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}
