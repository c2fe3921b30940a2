/**
 * Behaviour shared by every page: the colour-scheme switch, copy buttons, list sorting and the
 * search dialog. The search itself is loaded only when a reader opens the dialog.
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
