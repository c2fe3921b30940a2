// Applies the saved colour scheme before the first paint, so a page never flashes the wrong one.
// A classic script (not a module) so it also runs when the offline edition is opened from disk.
(function () {
  var saved = null;
  try {
    saved = localStorage.getItem('theme');
  } catch (e) {}
  if (saved === 'light' || saved === 'dark') document.documentElement.dataset.theme = saved;
})();
