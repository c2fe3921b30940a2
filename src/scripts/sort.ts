type Order = 'newest' | 'oldest' | 'title';

/** Shows the sort selects of a page and re-orders its paper lists (cards carry year and title). */
export function initSortControls(): void {
  for (const control of document.querySelectorAll<HTMLElement>('[data-sort-control]')) {
    const select = control.querySelector('select');
    if (!select) continue;
    control.hidden = false;
    select.addEventListener('change', () => {
      const order = select.value as Order;
      for (const list of document.querySelectorAll<HTMLElement>('[data-sortable]')) sortList(list, order);
    });
  }
}

function sortList(list: HTMLElement, order: Order): void {
  const items = [...list.children] as HTMLElement[];
  const year = (el: HTMLElement) => Number(el.dataset['year']);
  const title = (el: HTMLElement) => el.dataset['title'] ?? '';
  items.sort((a, b) => {
    const byTitle = title(a).localeCompare(title(b), 'en');
    if (order === 'title') return byTitle;
    return (order === 'newest' ? year(b) - year(a) : year(a) - year(b)) || byTitle;
  });
  list.append(...items);
}
