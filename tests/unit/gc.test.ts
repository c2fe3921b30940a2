import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/node/gc';

describe('collectGarbage', () => {
  it('frees what nothing refers to any more, at once', async () => {
    let page: Buffer | undefined = Buffer.alloc(8 * 1024 * 1024, 1);
    const ref = new WeakRef(page);
    page = undefined;
    // A WeakRef keeps its target until the current job ends.
    await new Promise((next) => setTimeout(next, 0));
    expect(collectGarbage()).toBe(true);
    expect(ref.deref()).toBeUndefined();
  });
});
