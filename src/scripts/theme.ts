const KEY = 'theme';

/** Connects the header's colour-scheme select to `data-theme` on `<html>` and to localStorage. */
export function initThemeSelect(): void {
  const select = document.querySelector<HTMLSelectElement>('[data-theme-select]');
  if (!select) return;
  select.value = document.documentElement.dataset['theme'] ?? 'system';
  select.addEventListener('change', () => {
    const value = select.value;
    if (value === 'light' || value === 'dark') {
      document.documentElement.dataset['theme'] = value;
      store(value);
    } else {
      delete document.documentElement.dataset['theme'];
      store(null);
    }
  });
}

function store(value: string | null): void {
  try {
    if (value) localStorage.setItem(KEY, value);
    else localStorage.removeItem(KEY);
  } catch {
    // Storage can be disabled (private mode, file:// in some browsers); the choice then lasts one page.
  }
}
