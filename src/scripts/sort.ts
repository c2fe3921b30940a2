import type { PaperOrder } from '../lib/papers';
import { compareText } from '../lib/collate';

/** Shows the sort selects of a page and re-orders its paper lists (cards carry year and title). */
export function initSortControls(): void {
  for (const control of document.querySelectorAll<HTMLElement>('[data-sort-control]')) {
    const select = control.querySelector('select');
    if (!select) continue;
    control.hidden = false;
    // The page comes newest first.
    let shown: string = 'newest';
    const apply = () => {
      const order = select.value as PaperOrder;
      for (const list of document.querySelectorAll<HTMLElement>('[data-sortable]')) sortList(list, order);
      sortYearGroups(order);
      shown = order;
    };
    select.addEventListener('change', apply);
    // Back on a page it loads again, the browser gives the select its choice back (after `load`,
    // in Chromium) but not the order that choice made.
    const restore = () => select.value !== shown && apply();
    restore();
    addEventListener('pageshow', restore);
  }
}

function sortList(list: HTMLElement, order: PaperOrder): void {
  const items = [...list.children] as HTMLElement[];
  const year = (el: HTMLElement) => Number(el.dataset['year']);
  const title = (el: HTMLElement) => el.dataset['title'] ?? '';
  items.sort((a, b) => {
    const byTitle = compareText(title(a), title(b));
    if (order === 'title') return byTitle;
    return (order === 'newest' ? year(b) - year(a) : year(a) - year(b)) || byTitle;
  });
  list.append(...items);
}

/**
 * Orders a page's sections of one year each (`/papers/`) oldest first for "Oldest first" and newest
 * first otherwise; the papers of a year are sorted by `sortList`.
 */
function sortYearGroups(order: PaperOrder): void {
  const groups = [...document.querySelectorAll<HTMLElement>('[data-year-group]')];
  const before = groups[0]?.previousElementSibling;
  if (!before) return;
  const year = (el: HTMLElement) => Number(el.dataset['yearGroup']);
  groups.sort((a, b) => (order === 'oldest' ? year(a) - year(b) : year(b) - year(a)));
  before.after(...groups);
}
