import {
  FACETS,
  cleanState,
  describeResults,
  emptyState,
  hasFilters,
  serializeState,
  withYearBound,
  type Facet,
  type SearchState,
} from '../../lib/search-state';
import type { BrowserFormat } from '../../lib/exports';
import type { FacetCounts, Hit, SearchEngine, SearchResult } from './engine';
import { compareText } from '../../lib/collate';

/** Topic ids, titles and parents, and tag labels, embedded in the search page so facets read as names. */
interface SearchConfig {
  topics: { id: string; title: string; parent?: string }[];
  /** Each tag's label (`kv-cache`: `KV cache`). */
  tags: Record<string, string>;
}

const PAGE_SIZE = 20;

/** What the search page keeps in its history entry (`history.state`). */
interface Remembered {
  shown?: number;
  scrollY?: number;
}
const DIALOG_PAGE_SIZE = 8;
const FACET_LABELS: Record<Facet, string> = { topic: 'Topic', venue: 'Venue', tag: 'Tag' };
const TAGS_SHOWN = 12;

/** Picks the engine that works where the page was opened from. */
async function createEngine(base: string): Promise<SearchEngine> {
  if (location.protocol === 'file:') {
    const { createOfflineEngine } = await import('./offline-engine');
    return createOfflineEngine(base);
  }
  const { createPagefindEngine } = await import('./pagefind-engine');
  return createPagefindEngine(base);
}

/** Turns a `[data-search-root]` element (search page or dialog) into a working search. */
export async function mountSearch(root: HTMLElement): Promise<void> {
  const isPage = root.dataset['mode'] === 'page';
  const el = <T extends Element>(name: string) => root.querySelector<T>(`[data-search-${name}]`);
  const input = el<HTMLInputElement>('input')!;
  const status = el<HTMLElement>('status')!;
  const list = el<HTMLOListElement>('results')!;
  const more = el<HTMLButtonElement>('more')!;
  const topicsBox = el<HTMLElement>('topics')!;
  const facetsBox = el<HTMLElement>('facets');
  const filtersBox = el<HTMLDetailsElement>('filters');
  const filterCount = el<HTMLElement>('filter-count');
  const controls = el<HTMLElement>('controls');
  const sortSelect = el<HTMLSelectElement>('sort');
  const fromSelect = el<HTMLSelectElement>('from');
  const toSelect = el<HTMLSelectElement>('to');
  const exportBox = el<HTMLElement>('export');
  const exportStatus = el<HTMLElement>('export-status');
  const notice = el<HTMLElement>('notice');
  const emptyActions = el<HTMLElement>('empty');
  const config: SearchConfig = JSON.parse(document.querySelector('[data-search-config]')?.textContent ?? '{"topics":[],"tags":{}}');
  const base = root.dataset['base'] ?? '/';

  // The dialog's "Search with filters" link carries what was typed, also while the search loads:
  // a reader may type before it has, and the link must not lose their query.
  const pageLink = isPage ? null : document.querySelector<HTMLAnchorElement>('[data-search-page-link]');
  if (pageLink) {
    const pagePath = pageLink.href.split('?')[0]!;
    const followInput = () => (pageLink.href = `${pagePath}${serializeState({ ...emptyState(), q: input.value.trim() })}`);
    input.addEventListener('input', followInput);
    followInput();
  }

  // In the dialog, Enter in the field opens the first result, as the dialog's hint says (↓ then
  // Enter opens another); its Search button only searches. Pressed before the search has loaded or
  // before the results show, Enter waits for them; if the search cannot start, Enter goes to the
  // search page, as without JavaScript.
  let failed = false;
  let ready!: () => void;
  const mounted = new Promise<void>((resolve) => (ready = resolve));
  if (!isPage) {
    input.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' || event.isComposing || failed) return;
      event.preventDefault();
      mounted.then(() => openFirstResult()).catch((error: unknown) => console.warn(error));
    });
  }

  let engine: SearchEngine;
  try {
    engine = await createEngine(base);
  } catch (error) {
    failed = true;
    status.textContent = 'Search could not start. Browse the topics and papers instead.';
    console.warn(error);
    return;
  }
  // Only the search page shows facets; the dialog does not load their indexes.
  const all: FacetCounts = isPage ? await engine.allFacets() : { topic: {}, venue: {}, tag: {}, year: {} };
  const years = Object.keys(all.year).map(Number).sort((a, b) => a - b);

  // A link is read as what the survey can show: a year that is not one, a topic it does not have, a
  // sort it does not know are left out, and the page says so and puts the cleaned link in the address
  // bar, so that a link shared from it means what the page shows.
  const known = { topic: Object.keys(all.topic), venue: Object.keys(all.venue), tag: Object.keys(all.tag), year: years };
  const fromLink = () => {
    const { state: read, changes } = cleanState(location.search, known);
    if (notice) notice.textContent = changes.join(' ');
    const cleaned = serializeState(read);
    if (cleaned !== location.search) history.replaceState(history.state, '', `${location.pathname}${cleaned}${location.hash}`);
    return read;
  };
  let state: SearchState = isPage ? fromLink() : { ...emptyState(), q: input.value.trim() };
  // A reader may type before the search has loaded; what they typed wins over the empty URL.
  if (!state.q && input.value.trim()) state = { ...state, q: input.value.trim() };
  let current: SearchResult | undefined;
  // The query `current` answers.
  let currentQuery = '';
  let shown = 0;
  // The dialog shows fewer results at first: each one's excerpt is a fetch on the hosted site.
  const pageSize = isPage ? PAGE_SIZE : DIALOG_PAGE_SIZE;
  let generation = 0;
  // Aborted when a newer search makes the running one's results useless.
  let stale = new AbortController();
  const supersede = () => {
    generation++;
    stale.abort();
    stale = new AbortController();
  };
  let exporting = false;

  const topicTitle = (id: string) => config.topics.find((t) => t.id === id)?.title ?? id;
  const valueLabel = (facet: Facet, value: string) =>
    facet === 'topic' ? topicTitle(value) : facet === 'tag' ? (config.tags?.[value] ?? value.replace(/-/g, ' ')) : value;

  // What a history entry of the search page remembers beyond its URL: how many results were shown
  // ("Show more") and how far down the reader was, so that Back from a paper returns to the same
  // place and not to the first 20 results at the top. The page restores the scroll itself, once
  // those results are back: the browser's own restore comes before they are.
  const remembered = (): Remembered => {
    const saved: unknown = history.state;
    return isPage && saved && typeof saved === 'object' ? (saved as Remembered) : {};
  };
  const remember = () => {
    if (isPage) history.replaceState({ ...remembered(), shown, scrollY: Math.round(window.scrollY) } satisfies Remembered, '');
  };
  if (isPage) {
    history.scrollRestoration = 'manual';
    window.addEventListener('pagehide', remember);
  }

  // Keep the URL in step with the state: replace while typing, push on deliberate changes.
  const commit = (mode: 'push' | 'replace') => {
    if (!isPage) return;
    const next = `${location.pathname}${serializeState(state)}`;
    if (next === `${location.pathname}${location.search}`) return;
    // What the page said about the link it was opened with no longer describes the search.
    if (notice) notice.textContent = '';
    if (mode === 'push') remember();
    history[mode === 'push' ? 'pushState' : 'replaceState'](null, '', next);
  };

  // Without a query the results come newest first (relevance means nothing then, src/scripts/search
  // engines), and the sort says so; relevance comes back with a query. The URL keeps the reader's choice.
  const showSort = () => {
    if (!sortSelect) return;
    const browsing = !state.q;
    const relevance = sortSelect.querySelector<HTMLOptionElement>('option[value="relevance"]');
    if (relevance) relevance.disabled = browsing;
    sortSelect.value = browsing && state.sort === 'relevance' ? 'newest' : state.sort;
  };

  const update = async (restore: Remembered = {}) => {
    supersede();
    showSort();
    // Folded, the filters say how many are on.
    if (filterCount) {
      const selected = FACETS.reduce((n, facet) => n + state[facet].length, 0) + (state.from !== undefined || state.to !== undefined ? 1 : 0);
      filterCount.textContent = selected ? ` (${selected} selected)` : '';
    }
    const mine = generation;
    const { signal } = stale;
    const scrolledAtStart = window.scrollY;
    const query = state.q;
    const showAll = isPage || state.q !== '';
    if (!showAll) {
      // A search typed over and cleared at once leaves nothing to wait for.
      root.removeAttribute('aria-busy');
      list.replaceChildren();
      topicsBox.replaceChildren();
      more.hidden = true;
      emptyActions?.replaceChildren();
      status.textContent = 'Type to search titles, authors, abstracts and notes.';
      return;
    }
    root.setAttribute('aria-busy', 'true');
    // Topic pages matching the query are shown above the papers; a failure to load them hides only them.
    const topicsFound = engine.searchTopics(state.q).catch((error: unknown) => (console.warn(error), [] as Hit[]));
    let result: SearchResult;
    let topics: Hit[];
    try {
      [result, topics] = await Promise.all([engine.search(state, signal), topicsFound]);
    } catch (error) {
      if (signal.aborted) return;
      root.removeAttribute('aria-busy');
      throw error;
    }
    if (mine !== generation) return;
    current = result;
    currentQuery = query;
    // The count and the slots show at once. Each result then shows as soon as it and every result
    // above it have arrived (on the hosted site, one small fetch each, in parallel), so the first
    // does not wait for the slowest. From the first result on, the slots still waiting are kept
    // but hidden: a result taller or shorter than its slot moves them, and a placeholder seen
    // moving is a layout shift (filled in any order, the shift reached 0.011 on a loaded machine).
    shown = Math.min(Math.max(pageSize, restore.shown ?? 0), result.total);
    const slots = Array.from({ length: shown }, pendingHit);
    list.replaceChildren(...slots);
    list.classList.remove('filling');
    more.hidden = shown >= result.total;
    // A result whose details could not be loaded leaves its slot hidden; the others still show.
    const arriving = slots.map((_, i) =>
      result.load(i, 1).then(
        ([hit]) => hit,
        (error: unknown) => void console.warn(error),
      ),
    );
    void (async () => {
      for (const [i, slot] of slots.entries()) {
        const hit = await arriving[i];
        if (mine !== generation) return;
        list.classList.add('filling');
        if (hit) slot.replaceWith(renderHit(hit));
      }
      root.removeAttribute('aria-busy');
      // Back where the reader was, unless they have scrolled since.
      if (restore.scrollY && window.scrollY === scrolledAtStart) window.scrollTo(0, restore.scrollY);
    })();
    renderTopics(topics);
    status.textContent = describeResults(state, result.total);
    emptyActions?.replaceChildren(...(result.total === 0 && hasFilters(state) ? [clearButton()] : []));
    if (isPage) renderFacets(result.facets);
    if (exportBox && exportStatus) {
      exportBox.hidden = result.total === 0;
      if (!exporting) exportStatus.textContent = '';
    }
  };

  const pendingHit = () => {
    const item = document.createElement('li');
    item.className = 'search-hit pending';
    item.setAttribute('aria-hidden', 'true');
    return item;
  };

  // Export the whole result set, not only the results shown, in the order shown. The code and the
  // citation data load on the first export, never with the search (src/scripts/search-export.ts).
  const exportResults = async (format: BrowserFormat) => {
    if (!current || !exportStatus || exporting) return;
    exporting = true;
    const say = (text: string) => (exportStatus.textContent = text);
    try {
      const { exportSearchResults } = await import('../search-export');
      await exportSearchResults(current, format, { base, state, say });
    } catch (error) {
      say('The export failed: its code could not be loaded. Try again.');
      console.warn(error);
    } finally {
      exporting = false;
    }
  };
  exportBox?.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('[data-search-export-format]');
    if (button) void exportResults(button.dataset['searchExportFormat'] as BrowserFormat);
  });

  const renderHit = (hit: Hit) => {
    const item = document.createElement('li');
    item.className = 'search-hit';
    const heading = document.createElement('h2');
    const link = document.createElement('a');
    link.href = hit.url;
    link.textContent = hit.title;
    heading.append(link);
    const byline = document.createElement('p');
    byline.className = 'byline';
    byline.textContent = [hit.authors, hit.year, hit.venue].filter(Boolean).join(' · ');
    const topics = document.createElement('p');
    topics.className = 'hit-topics';
    topics.textContent = hit.topics;
    const excerpt = document.createElement('p');
    excerpt.className = 'excerpt';
    excerpt.innerHTML = hit.excerpt; // Escaped by the engine, with <mark> around matches.
    item.append(heading, byline, topics, excerpt);
    return item;
  };

  const renderTopics = (topics: Hit[]) => {
    topicsBox.replaceChildren();
    if (topics.length === 0) return;
    const p = document.createElement('p');
    p.className = 'topic-hits';
    p.append(topics.length === 1 ? 'Topic: ' : 'Topics: ');
    topics.forEach((hit, i) => {
      const a = document.createElement('a');
      a.href = hit.url;
      a.textContent = hit.title;
      p.append(...(i ? [', ', a] : [a]));
    });
    topicsBox.append(p);
  };

  const clearButton = () => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Clear the filters';
    button.addEventListener('click', clearFilters);
    return button;
  };

  const clearFilters = () => {
    state = { ...emptyState(), q: state.q, sort: state.sort };
    syncControls();
    commit('push');
    void update();
    input.focus();
  };

  // The filters are built once, then only their counts and ticks change: rebuilt on every search,
  // they lost the keyboard focus of the box just ticked and folded the "more tags" list it was in.
  let facetsBuilt = false;
  const options = new Map<string, { checkbox: HTMLInputElement; count: HTMLElement }>();
  const moreTags = { summary: undefined as HTMLElement | undefined, values: [] as string[] };
  const optionKey = (facet: Facet, value: string) => `${facet}:${value}`;

  const renderFacets = (counts: FacetCounts) => {
    if (!facetsBox) return;
    if (!facetsBuilt) facetsBox.replaceChildren(...FACETS.map(buildFacet));
    facetsBuilt = true;
    for (const facet of FACETS) {
      for (const value of Object.keys(all[facet])) {
        const option = options.get(optionKey(facet, value))!;
        option.checkbox.checked = state[facet].includes(value);
        option.count.textContent = `(${counts[facet][value] ?? 0})`;
      }
    }
    if (moreTags.summary) {
      // Folded, the longer list still says whether a ticked tag is in it.
      const ticked = moreTags.values.filter((v) => state.tag.includes(v)).length;
      const n = moreTags.values.length;
      moreTags.summary.textContent = `${n} more ${n === 1 ? 'tag' : 'tags'}${ticked ? ` (${ticked} selected)` : ''}`;
    }
    renderYears(counts.year);
  };

  const buildFacet = (facet: Facet) => {
    const fieldset = document.createElement('fieldset');
    fieldset.className = `facet facet-${facet}`;
    const legend = document.createElement('legend');
    legend.textContent = FACET_LABELS[facet];
    fieldset.append(legend);
    let values = Object.keys(all[facet]);
    if (facet === 'topic') {
      const order = config.topics.map((t) => t.id);
      values = values.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    } else {
      values = values.sort((a, b) => (all[facet][b] ?? 0) - (all[facet][a] ?? 0) || compareText(a, b));
    }
    const box = (value: string) => {
      const id = `facet-${facet}-${value.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
      const wrap = document.createElement('div');
      wrap.className = 'facet-option';
      if (facet === 'topic' && config.topics.find((t) => t.id === value)?.parent) wrap.classList.add('sub');
      const checkbox = document.createElement('input');
      checkbox.type = 'checkbox';
      checkbox.id = id;
      checkbox.value = value;
      checkbox.addEventListener('change', () => {
        state = { ...state, [facet]: checkbox.checked ? [...state[facet], value] : state[facet].filter((v) => v !== value) };
        commit('push');
        void update();
      });
      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = `${valueLabel(facet, value)} `;
      const count = document.createElement('span');
      count.className = 'count';
      label.append(count);
      wrap.append(checkbox, label);
      options.set(optionKey(facet, value), { checkbox, count });
      return wrap;
    };
    if (facet === 'tag' && values.length > TAGS_SHOWN) {
      // Tags ticked in the URL show among the first ones, unfolded; a tag ticked later keeps its place.
      const visible = values.filter((v, i) => i < TAGS_SHOWN || state.tag.includes(v));
      fieldset.append(...visible.map(box));
      const details = document.createElement('details');
      const summary = document.createElement('summary');
      moreTags.summary = summary;
      moreTags.values = values.filter((v) => !visible.includes(v));
      details.append(summary, ...moreTags.values.map(box));
      fieldset.append(details);
    } else {
      fieldset.append(...values.map(box));
    }
    return fieldset;
  };

  const renderYears = (counts: Record<string, number>) => {
    for (const [select, value] of [[fromSelect, state.from], [toSelect, state.to]] as const) {
      if (!select) continue;
      if (select.options.length !== years.length + 1) select.replaceChildren(new Option('Any', ''), ...years.map((y) => new Option('', String(y))));
      years.forEach((y, i) => (select.options[i + 1]!.text = `${y} (${counts[y] ?? 0})`));
      select.value = value === undefined ? '' : String(value);
    }
  };

  const syncControls = () => {
    // Only when the query differs: a reader may be typing, and "time " (with its space, before
    // "series") would become "time", and then "timeseries".
    if (input.value.trim() !== state.q) input.value = state.q;
    showSort();
    if (fromSelect) fromSelect.value = state.from === undefined ? '' : String(state.from);
    if (toSelect) toSelect.value = state.to === undefined ? '' : String(state.to);
  };

  // Typing searches as you go, at once when no search is running. Keystrokes that arrive while one
  // runs drop its results and wait for it, then search for what the field says by then: one search
  // for a burst of typing, and none of them waits on a timer. Enter commits the query to history.
  let running: Promise<void> | undefined;
  let waiting = false;
  const searchTyped = () => {
    if (running) {
      waiting = true;
      supersede();
      return;
    }
    state = { ...state, q: input.value.trim() };
    commit('replace');
    running = update().finally(() => {
      running = undefined;
      if (waiting) {
        waiting = false;
        searchTyped();
      }
    });
  };
  input.addEventListener('input', searchTyped);
  root.querySelector('form')?.addEventListener('submit', (event) => {
    event.preventDefault();
    state = { ...state, q: input.value.trim() };
    commit('push');
    void update();
  });

  const openFirstResult = async () => {
    const q = input.value.trim();
    if (!q) return;
    while (running) await running;
    if (currentQuery !== q || !current) {
      state = { ...state, q };
      await update();
    }
    if (currentQuery !== q || !current?.total || input.value.trim() !== q) return;
    const [hit] = await current.load(0, 1);
    if (hit && input.value.trim() === q) location.assign(hit.url);
  };

  sortSelect?.addEventListener('change', () => {
    state = { ...state, sort: sortSelect.value as SearchState['sort'] };
    commit('push');
    void update();
  });
  for (const [select, key] of [[fromSelect, 'from'], [toSelect, 'to']] as const) {
    select?.addEventListener('change', () => {
      state = withYearBound(state, key, select.value ? Number(select.value) : undefined);
      syncControls();
      commit('push');
      void update();
    });
  }
  el<HTMLButtonElement>('clear')?.addEventListener('click', clearFilters);
  more.addEventListener('click', async () => {
    if (!current) return;
    const next = await current.load(shown, pageSize);
    const firstNew = list.children.length;
    list.append(...next.map(renderHit));
    shown += next.length;
    more.hidden = shown >= current.total;
    list.children[firstNew]?.querySelector('a')?.focus();
  });

  // Arrow keys move between the input and the result links; Enter follows the focused link.
  root.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = [...list.querySelectorAll<HTMLAnchorElement>('h2 a')];
    if (links.length === 0) return;
    const index = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (document.activeElement === input) {
      if (event.key === 'ArrowDown') links[0]!.focus();
      else return;
    } else if (index >= 0) {
      if (event.key === 'ArrowDown') links[Math.min(index + 1, links.length - 1)]!.focus();
      else if (index === 0) input.focus();
      else links[index - 1]!.focus();
    } else {
      return;
    }
    event.preventDefault();
  });

  if (isPage) {
    window.addEventListener('popstate', () => {
      state = fromLink();
      syncControls();
      void update(remembered());
    });
    controls?.removeAttribute('data-pending');
    // The filters fold on a narrow screen only: open on a wide one, and when one becomes wide.
    const wide = matchMedia('(width > 48rem)');
    const unfold = () => {
      if (filtersBox && wide.matches) filtersBox.open = true;
    };
    wide.addEventListener('change', unfold);
    unfold();
    filtersBox?.removeAttribute('data-pending');
  }

  syncControls();
  ready();
  await update(remembered());
}
