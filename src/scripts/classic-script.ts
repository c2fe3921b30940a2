/**
 * Classic `<script src>` files: the offline edition's search index, the papers' records and citation
 * entries. Browsers block fetch() and import() for pages opened from disk, but still run these; each
 * leaves its data on `window`.
 */

/** What a classic script left on `window` under `name`, if it has run. */
export function windowGlobal<T>(name: string): T | undefined {
  return (window as unknown as Record<string, T | undefined>)[name];
}

/** Adds the script at `src` to the page: resolves once it has run, rejects (and removes it) if it could not load. */
export function runScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => {
      script.remove();
      reject(new Error(`Could not load ${src}.`));
    };
    document.head.append(script);
  });
}

const running = new Map<string, Promise<void>>();

/** Runs the script at `src` once per page: later calls share the first; after a failure, the next call tries again. */
export function runScriptOnce(src: string): Promise<void> {
  let promise = running.get(src);
  if (!promise) {
    promise = runScript(src);
    running.set(src, promise);
    promise.catch(() => running.delete(src));
  }
  return promise;
}
