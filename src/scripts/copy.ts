import { copyText } from './download';

/** Shows the copy buttons (they need scripts) and copies the text of their target on click. */
export function initCopyButtons(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-copy]')) {
    const target = document.getElementById(button.dataset['copy'] ?? '');
    const status = button.parentElement?.querySelector<HTMLElement>('[data-copy-status]');
    if (!target) continue;
    button.hidden = false;
    button.addEventListener('click', async () => {
      if (await copyText(target.textContent ?? '')) {
        if (status) status.textContent = 'Copied to the clipboard.';
      } else {
        selectText(target);
        if (status) status.textContent = 'Selected; press Ctrl+C (or Cmd+C) to copy.';
      }
    });
  }
}

function selectText(element: HTMLElement): void {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}
