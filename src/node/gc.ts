import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

/**
 * A full garbage collection, now. V8 collects when its heap grows, not when memory outside it (the
 * buffers of the pages Astro wrote) is garbage: at 10,000 papers the build ended its pages holding
 * about 200 MB of written pages' buffers and more of heap garbage, and kept them while Pagefind's
 * process and the offline edition added theirs, which made the build's peak. `gc` is exposed to a
 * context of its own, so nothing else in the process sees it. Returns false where the runtime
 * refuses.
 */
export function collectGarbage(): boolean {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
  return gc !== null;
}
