/**
 * Opens the search dialog with its header button, Ctrl/Cmd+K or "/", closes it with Esc (native
 * `<dialog>`), and gives focus back to where it was. The search code loads on first open.
 */
export function initSearchDialog(): void {
  const dialog = document.querySelector<HTMLDialogElement>('[data-search-dialog]');
  if (!dialog) return;
  let returnFocus: HTMLElement | null = null;
  let loaded: Promise<void> | undefined;

  const open = () => {
    if (dialog.open) return;
    returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    dialog.querySelector<HTMLInputElement>('[data-search-input]')?.focus();
    loaded ??= import('./search/ui').then(({ mountSearch }) => {
      mounting = true;
      void mountSearch(dialog.querySelector('[data-search-root]')!);
    });
  };

  // Enter in the field opens the first result once the search code is there (search/ui.ts). Pressed
  // before that code has arrived, it would submit the form to the search page: hold it, and hand it
  // over when the code arrives, or submit the form after all if the code cannot load.
  let mounting = false;
  const input = dialog.querySelector<HTMLInputElement>('[data-search-input]');
  input?.addEventListener('keydown', (event) => {
    if (mounting || !loaded || event.key !== 'Enter' || event.isComposing) return;
    event.preventDefault();
    loaded.then(
      () => input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true })),
      () => input.form?.requestSubmit(),
    );
  });

  for (const button of document.querySelectorAll<HTMLElement>('[data-open-search]')) {
    button.addEventListener('click', open);
  }
  dialog.querySelector('[data-close-search]')?.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => returnFocus?.focus());
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });
  // A modal <dialog> makes the page inert, but Tab can still leave for the browser's own UI: keep
  // focus cycling inside the dialog until it is closed.
  dialog.addEventListener('keydown', (event) => {
    // Esc closes, as the dialog's hint says; in a search field the browser's own Esc would first
    // empty the field, and take a second Esc to close.
    if (event.key === 'Escape' && event.target instanceof HTMLInputElement && event.target.type === 'search') {
      event.preventDefault();
      dialog.close();
      return;
    }
    if (event.key !== 'Tab') return;
    const focusable = [...dialog.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')].filter(
      (el) => !el.hidden && el.offsetParent !== null && !(el as HTMLButtonElement).disabled,
    );
    const first = focusable[0];
    const last = focusable.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });

  // The search page has its own full search; mount it right away.
  const pageRoot = document.querySelector<HTMLElement>('[data-search-root][data-mode="page"]');
  if (pageRoot) void import('./search/ui').then(({ mountSearch }) => mountSearch(pageRoot));

  document.addEventListener('keydown', (event) => {
    const typing = event.target instanceof HTMLElement && event.target.closest('input, textarea, select, [contenteditable]');
    const shortcut = (event.key === 'k' || event.key === 'K') && (event.ctrlKey || event.metaKey);
    if (shortcut || (event.key === '/' && !typing && !event.altKey && !event.ctrlKey && !event.metaKey)) {
      event.preventDefault();
      // On the search page the keys go to its own field, with its filters, not to a dialog over it.
      const field = pageRoot?.querySelector<HTMLInputElement>('[data-search-input]');
      if (field) {
        field.focus();
        field.select();
      } else open();
    }
  });
}
