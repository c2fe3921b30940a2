import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Results a build computes from content and that the next build can take back when the content and
 * the code are the same: the survey's related papers, each citation entry as BibTeX and RIS. The
 * integration opens them from the build cache before Astro renders anything and saves them after;
 * the pages, bundled apart from the integration but run in the same process, find them on
 * `globalThis`. A memo keeps only what the build that saves it asked for, so it does not grow.
 */
const MEMO_NAMES = ['related', 'citations'] as const;
export type MemoName = (typeof MEMO_NAMES)[number];

/** A memo of strings by key; the key is hashed, so it can be the whole input. */
export interface Memo {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

interface Opened {
  file: string;
  fingerprint: string;
  stored: Map<string, string>;
  used: Map<string, string>;
  changed: boolean;
}

const MEMOS = Symbol.for('survey-press.memos');

function opened(): Map<MemoName, Opened> {
  return ((globalThis as Record<symbol, unknown>)[MEMOS] ??= new Map()) as Map<MemoName, Opened>;
}

const digest = (key: string) => createHash('sha1').update(key).digest('base64url');

/** The memo called `name`, if the build opened it (`openMemos`); pages compute everything without one. */
export function memo(name: MemoName): Memo | undefined {
  const memo = opened().get(name);
  if (!memo) return undefined;
  return {
    get(key) {
      const hash = digest(key);
      const value = memo.used.get(hash) ?? memo.stored.get(hash);
      if (value !== undefined) memo.used.set(hash, value);
      return value;
    },
    set(key, value) {
      const hash = digest(key);
      if (memo.stored.get(hash) !== value) memo.changed = true;
      memo.used.set(hash, value);
    },
  };
}

/**
 * Opens every memo from `dir` (the build cache), empty where its file is missing, damaged or was
 * written by other code (`fingerprint`, from `codeFingerprint`). Without a `dir`, none is opened.
 */
export function openMemos(dir: string | undefined, fingerprint: string): void {
  opened().clear();
  if (!dir) return;
  for (const name of MEMO_NAMES) {
    const file = join(dir, `memo-${name}.json`);
    let stored = new Map<string, string>();
    if (existsSync(file)) {
      try {
        const saved = JSON.parse(readFileSync(file, 'utf8')) as { fingerprint: string; entries: Record<string, string> };
        if (saved.fingerprint === fingerprint) stored = new Map(Object.entries(saved.entries));
      } catch {
        // A damaged memo is computed again.
      }
    }
    opened().set(name, { file, fingerprint, stored, used: new Map(), changed: false });
  }
}

/** Writes each open memo that this build changed or used only part of, then closes them all. */
export function saveMemos(): void {
  for (const memo of opened().values()) {
    if (!memo.changed && memo.used.size === memo.stored.size) continue;
    mkdirSync(join(memo.file, '..'), { recursive: true });
    const temporary = `${memo.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ fingerprint: memo.fingerprint, entries: Object.fromEntries(memo.used) }));
    renameSync(temporary, memo.file);
  }
  opened().clear();
}
