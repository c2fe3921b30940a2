/**
 * The reading list in the browser: "Add to reading list" buttons on paper pages, and the
 * reading-list page, which shows the reader's list (or a shared `?ids=` link), exports it and
 * shares it. The list lives in localStorage; every page works without a server.
 */
import { exportFile, joinBibtex, type BrowserFormat } from '../lib/exports';
import { addId, mergeIds, parseShared, parseStored, partitionKnown, removeId, serializeIds, shareQuery } from '../lib/reading-list';
import { copyText, downloadFile } from './download';
import { readPaperRecords } from './search-export';

/** Connects the toggle buttons and, on its page, the reading list itself. */
export function initReadingList(): void {
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
  if (page) initPage(page, store);
  // Another tab changed the list.
  window.addEventListener('storage', (event) => {
    if (event.key !== key) return;
    refreshToggles();
    if (page) initPage(page, store);
  });
}

interface Store {
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

const connected = new WeakSet<HTMLElement>();

// Renders the list on the reading-list page: the shared link's papers if the address has `?ids=`,
// else the stored ones. Every paper's card is in the page already; this shows and orders them.
function initPage(page: HTMLElement, store: Store): void {
  const q = <T extends HTMLElement>(selector: string) => page.querySelector<T>(selector)!;
  const list = q<HTMLOListElement>('[data-reading-list-items]');
  const items = new Map([...list.querySelectorAll<HTMLLIElement>('li[data-paper-id]')].map((li) => [li.dataset['paperId']!, li]));
  const records = readPaperRecords();
  const status = q<HTMLElement>('[data-reading-list-status]');
  const current = () => {
    const shared = parseShared(location.search);
    return { shared: shared !== undefined, ids: partitionKnown(shared ?? store.read(), new Set(items.keys())) };
  };

  const render = () => {
    const { shared, ids } = current();
    page.hidden = false;
    q<HTMLElement>('[data-reading-list-shared]').hidden = !shared;
    for (const li of items.values()) li.hidden = true;
    for (const id of ids.known) {
      const li = items.get(id)!;
      list.append(li);
      li.hidden = false;
      li.querySelector<HTMLElement>('[data-reading-list-remove]')!.hidden = shared;
    }
    const n = ids.known.length;
    const papers = n === 1 ? '1 paper' : `${n} papers`;
    q<HTMLElement>('[data-reading-list-summary]').textContent = shared
      ? `This shared list has ${papers}.`
      : n
        ? `${papers} in your reading list, in the order you added them.`
        : 'Your reading list is empty. Use “Add to reading list” on any paper’s page.';
    const unknown = q<HTMLElement>('[data-reading-list-unknown]');
    unknown.hidden = ids.unknown.length === 0;
    unknown.textContent = `Not in this survey (removed or renamed): ${ids.unknown.join(', ')}.`;
    q<HTMLElement>('[data-reading-list-tools]').hidden = n === 0;
    q<HTMLElement>('[data-reading-list-clear]').hidden = shared;
    q<HTMLInputElement>('[data-reading-list-link]').value = `${location.href.split(/[?#]/)[0]}${shareQuery(ids.known)}`;
  };
  render();
  if (connected.has(page)) return;
  connected.add(page);

  const say = (text: string) => (status.textContent = text);
  page.addEventListener('click', async (event) => {
    const button = (event.target as Element).closest('button');
    if (!button) return;
    const ids = current().ids.known;
    if (button.hasAttribute('data-reading-list-remove')) {
      const id = button.getAttribute('data-reading-list-remove')!;
      store.write(removeId(store.read(), id));
      render();
      say(`Removed “${records.get(id)?.title ?? id}” from your reading list.`);
      list.querySelector<HTMLElement>('li:not([hidden]) a')?.focus();
    } else if (button.hasAttribute('data-reading-list-save')) {
      const saved = store.write(mergeIds(store.read(), ids));
      history.replaceState(null, '', location.pathname);
      render();
      say(saved ? `Added ${ids.length === 1 ? '1 paper' : `${ids.length} papers`} to your reading list.` : 'This browser does not allow saving.');
    } else if (button.hasAttribute('data-reading-list-download')) {
      const format = button.getAttribute('data-reading-list-download') as BrowserFormat;
      const file = exportFile(ids, format, (id) => records.get(id), 'reading list');
      downloadFile(file);
      say(`Downloaded ${file.name} with ${file.count === 1 ? '1 paper' : `${file.count} papers`}.`);
    } else if (button.hasAttribute('data-reading-list-copy')) {
      const text = joinBibtex(ids.flatMap((id) => records.get(id) ?? []));
      say((await copyText(text)) ? 'Copied the BibTeX of the list.' : 'Copying was refused; use Download BibTeX instead.');
    } else if (button.hasAttribute('data-reading-list-copy-link')) {
      const input = q<HTMLInputElement>('[data-reading-list-link]');
      if (await copyText(input.value)) say('Copied the link to this list.');
      else {
        input.select();
        say('Selected; press Ctrl+C (or Cmd+C) to copy.');
      }
    } else if (button.hasAttribute('data-reading-list-clear')) {
      if (!confirm(`Remove all ${ids.length} papers from your reading list?`)) return;
      store.write([]);
      history.replaceState(null, '', location.pathname);
      render();
      say('Your reading list is empty now.');
    }
  });
}

initReadingList();
