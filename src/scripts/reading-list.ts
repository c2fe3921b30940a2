/**
 * The reading list in the browser: "Add to reading list" buttons on paper pages, and the
 * reading-list page, which shows the reader's list (or a shared `?ids=` link), exports it and
 * shares it (src/scripts/reading-list-page.ts, loaded only there). The list lives in localStorage;
 * every page works without a server.
 */
import { addId, parseStored, removeId, serializeIds } from '../lib/reading-list';

/** Connects the toggle buttons and, on its page, the reading list itself. */
function initReadingList(): void {
  const controls = [...document.querySelectorAll<HTMLElement>('[data-reading-list-control]')];
  const page = document.querySelector<HTMLElement>('[data-reading-list-page]');
  const key = page?.dataset['readingListKey'] ?? controls[0]?.dataset['readingListKey'];
  if (!key || (!controls.length && !page)) return;
  const store = storage(key);
  const refreshToggles = () => {
    const list = store.read();
    for (const control of controls) {
      const button = control.querySelector<HTMLButtonElement>('[data-reading-list-toggle]')!;
      button.textContent = list.includes(button.dataset['id']!) ? 'Remove from reading list' : 'Add to reading list';
    }
  };
  for (const control of controls) {
    control.hidden = false;
    const button = control.querySelector<HTMLButtonElement>('[data-reading-list-toggle]')!;
    const status = control.querySelector<HTMLElement>('[data-reading-list-status]');
    button.addEventListener('click', () => {
      const id = button.dataset['id']!;
      const title = button.dataset['title'] ?? id;
      const list = store.read();
      const has = list.includes(id);
      const saved = store.write(has ? removeId(list, id) : addId(list, id));
      refreshToggles();
      if (status) {
        status.textContent = !saved
          ? 'This browser does not allow saving; the reading list is not available.'
          : has
            ? `Removed “${title}” from your reading list.`
            : `Added “${title}” to your reading list.`;
      }
    });
  }
  refreshToggles();
  // The page itself needs more code than a toggle; only the reading-list page loads it.
  let renderPage: (() => void) | undefined;
  if (page) {
    import('./reading-list-page').then(
      ({ initReadingListPage }) => (renderPage = initReadingListPage(page, store)),
      (error: unknown) => {
        page.hidden = false;
        page.querySelector('[data-reading-list-summary]')!.textContent = 'The reading list could not be loaded. Reload the page to try again.';
        console.warn(error);
      },
    );
  }
  // Another tab changed the list.
  window.addEventListener('storage', (event) => {
    if (event.key !== key) return;
    refreshToggles();
    renderPage?.();
  });
}

/** The reader's list in localStorage. */
export interface Store {
  read(): string[];
  /** False when the browser refuses to store (storage disabled). */
  write(ids: readonly string[]): boolean;
}

function storage(key: string): Store {
  return {
    read: () => {
      try {
        return parseStored(localStorage.getItem(key));
      } catch {
        return [];
      }
    },
    write: (ids) => {
      try {
        localStorage.setItem(key, serializeIds(ids));
        return true;
      } catch {
        return false;
      }
    },
  };
}

initReadingList();
