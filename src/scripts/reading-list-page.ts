/**
 * The reading-list page: the reader's list (or a shared `?ids=` link) as cards, with export and
 * share tools. The page holds no paper; the cards are made here from paper-records.js, loaded once
 * (a classic script, so the offline edition opened from disk loads it too).
 */
import { exportFile, joinBibtex, type BrowserFormat, type PaperRecord } from '../lib/exports';
import { cardByline, describeList, mergeIds, paperHref, parseShared, partitionKnown, removeId, shareQuery } from '../lib/reading-list';
import { copyText, downloadFile } from './download';
import { loadPaperRecords } from './paper-records';
import type { Store } from './reading-list';

/**
 * Renders the list on `page`: the shared link's papers if the address has `?ids=`, else the stored
 * ones, and connects its buttons. Returns the function that renders it again (another tab changed it).
 */
export function initReadingListPage(page: HTMLElement, store: Store): () => void {
  const q = <T extends HTMLElement>(selector: string) => page.querySelector<T>(selector)!;
  const list = q<HTMLOListElement>('[data-reading-list-items]');
  const summary = q<HTMLElement>('[data-reading-list-summary]');
  const status = q<HTMLElement>('[data-reading-list-status]');
  const base = page.dataset['base'] ?? '/';
  const offline = location.protocol === 'file:';
  let records: Map<string, PaperRecord> | undefined;
  const current = (known: ReadonlyMap<string, PaperRecord>) => {
    const shared = parseShared(location.search);
    return { shared: shared !== undefined, ids: partitionKnown(shared ?? store.read(), new Set(known.keys())) };
  };

  const card = (paper: PaperRecord, removable: boolean) => {
    const item = document.createElement('li');
    item.className = 'paper-card';
    item.dataset['paperId'] = paper.id;
    const heading = document.createElement('h2');
    const link = document.createElement('a');
    link.href = paperHref(base, paper.path, offline);
    link.textContent = paper.title;
    heading.append(link);
    const byline = document.createElement('p');
    byline.className = 'byline';
    byline.textContent = cardByline(paper);
    item.append(heading, byline);
    if (removable) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'no-print';
      button.dataset['readingListRemove'] = paper.id;
      const title = document.createElement('span');
      title.className = 'visually-hidden';
      title.textContent = ` “${paper.title}”`;
      button.append('Remove', title, ' from the list');
      item.append(button);
    }
    return item;
  };

  const render = () => {
    if (!records) return;
    const known = records;
    const { shared, ids } = current(known);
    q<HTMLElement>('[data-reading-list-shared]').hidden = !shared;
    // A shared link none of whose papers the survey has offers nothing to add.
    q<HTMLElement>('[data-reading-list-save]').hidden = ids.known.length === 0;
    list.replaceChildren(...ids.known.map((id) => card(known.get(id)!, !shared)));
    summary.textContent = describeList(ids.known.length, shared);
    const unknown = q<HTMLElement>('[data-reading-list-unknown]');
    unknown.hidden = ids.unknown.length === 0;
    unknown.textContent = `Not in this survey (removed or renamed): ${ids.unknown.join(', ')}.`;
    q<HTMLElement>('[data-reading-list-tools]').hidden = ids.known.length === 0;
    q<HTMLElement>('[data-reading-list-clear]').hidden = shared;
    // From disk, the page's own address is a file on this reader's machine: share the published
    // one, and with none (a build without SITE_URL), offer no link.
    q<HTMLElement>('[data-reading-list-share]').hidden = offline && !page.dataset['share'];
    const here = offline ? (page.dataset['share'] ?? '') : location.href.split(/[?#]/)[0];
    q<HTMLInputElement>('[data-reading-list-link]').value = `${here}${shareQuery(ids.known)}`;
  };

  page.hidden = false;
  summary.textContent = 'Loading the papers of the list…';
  loadPaperRecords(base).then(
    (loaded) => {
      records = loaded;
      render();
    },
    (error: unknown) => {
      summary.textContent = 'The papers of the list could not be loaded. Reload the page to try again.';
      console.warn(error);
    },
  );

  const say = (text: string) => (status.textContent = text);
  page.addEventListener('click', async (event) => {
    const button = (event.target as Element).closest('button');
    if (!button || !records) return;
    const known = records;
    const ids = current(known).ids.known;
    if (button.hasAttribute('data-reading-list-remove')) {
      const id = button.getAttribute('data-reading-list-remove')!;
      const index = ids.indexOf(id);
      store.write(removeId(store.read(), id));
      render();
      say(`Removed “${known.get(id)?.title ?? id}” from your reading list.`);
      // Focus the card that took the removed one's place (or the one before it); none left: the summary.
      const next = list.children[Math.min(index, list.children.length - 1)]?.querySelector('a');
      if (next) next.focus();
      else {
        summary.tabIndex = -1;
        summary.focus();
      }
    } else if (button.hasAttribute('data-reading-list-save')) {
      const saved = store.write(mergeIds(store.read(), ids));
      history.replaceState(null, '', location.pathname);
      render();
      say(saved ? `Added ${ids.length === 1 ? '1 paper' : `${ids.length} papers`} to your reading list.` : 'This browser does not allow saving.');
    } else if (button.hasAttribute('data-reading-list-download')) {
      const format = button.getAttribute('data-reading-list-download') as BrowserFormat;
      const file = exportFile(ids, format, (id) => known.get(id), 'reading list');
      downloadFile(file);
      say(`Downloaded ${file.name} with ${file.count === 1 ? '1 paper' : `${file.count} papers`}.`);
    } else if (button.hasAttribute('data-reading-list-copy')) {
      const text = joinBibtex(ids.flatMap((id) => known.get(id) ?? []));
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
  return render;
}
