/**
 * Behaviour shared by every page: the colour-scheme switch, copy buttons, list sorting, the
 * search dialog, the reading-list buttons and, in the offline edition, the citation downloads. The
 * search itself is loaded only when a reader opens the dialog.
 */
import { initThemeSelect } from './theme';
import { initCopyButtons } from './copy';
import { initSortControls } from './sort';
import { initSearchDialog } from './search-dialog';
import './reading-list';

initThemeSelect();
initCopyButtons();
initSortControls();
initSearchDialog();
// Only the offline edition, opened from disk, needs this code; the hosted site never loads it.
if (location.protocol === 'file:') void import('./offline-downloads').then((module) => module.initOfflineDownloads());

// The shortcut as a Mac's keyboard writes it (the dialog's own hints, also `data-shortcut-hint` to
// be hidden on a touch screen, stay as they are).
if (/Mac|iPhone|iPad/.test(navigator.platform)) {
  for (const key of document.querySelectorAll('[data-shortcut-key]')) key.textContent = '⌘ K';
}
