// Applies the saved colour scheme before the first paint, so a page never flashes the wrong one,
// and says that scripts run.
// A classic script (not a module) so it also runs when the offline edition is opened from disk.
(function () {
  var saved = null;
  try {
    saved = localStorage.getItem('theme');
  } catch (e) {}
  if (saved === 'light' || saved === 'dark') document.documentElement.dataset.theme = saved;
  // Scripts run: the controls only they can work (the reading-list button, the sort) take their
  // place from the first paint, instead of pushing the page down when the page script shows them.
  document.documentElement.dataset.scripts = '';
})();
