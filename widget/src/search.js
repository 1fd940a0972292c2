// The search widget's DOM part: builds the shadow tree once, turns the reader's actions into state
// transitions (state.js), fetches, and puts rendered strings (render.js) into place.

import { applyStyles, getJson, guard, log, renderKeeping, uniqueId } from './dom.js';
import { escapeHtml as h } from './escape.js';
import { tr } from './i18n.js';
import {
  errorText, renderChips, renderEmpty, renderError, renderFacets, renderHits, renderMore, renderNotices,
  renderSuggestions, statusText, totalIsEstimate,
} from './render.js';
import {
  acceptSuggestedFilter, clearFilters, createTicketCounter, emptyState, filterCount, initialRequest,
  queryForState, queryWithSuggestion, searchUrl, stateFromQuery, suggestUrl, toggleFacet, withChanges,
} from './state.js';

const ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" stroke-width="2.2"/><path d="m15.5 15.5 5 5" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"/></svg>';

function skeleton(t, id) {
  return `<div class="fundus">` +
    `<form class="bar" role="search" aria-label="${h(t.searchLabel)}" novalidate>` +
    `<label class="vh" for="${id}-q">${h(t.searchLabel)}</label>` +
    `<div class="box">${ICON}` +
    `<input id="${id}-q" type="search" role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="${id}-lb" ` +
    `autocomplete="off" autocapitalize="off" spellcheck="false" enterkeyhint="search" placeholder="${h(t.placeholder)}">` +
    `<button type="button" class="clear" data-action="clear" aria-label="${h(t.clear)}" hidden>×</button>` +
    `<ul role="listbox" id="${id}-lb" aria-label="${h(t.suggestions)}" hidden></ul></div>` +
    `<button type="submit" class="submit">${h(t.submit)}</button></form>` +
    `<span class="vh" aria-live="polite" data-ref="announce"></span>` +
    `<p class="status" role="status" aria-live="polite" data-ref="status"></p>` +
    `<div class="notices" data-ref="notices"></div>` +
    `<div class="layout">` +
    `<button type="button" class="toggle" data-action="toggle-filters" aria-expanded="false" aria-controls="${id}-facets">${h(t.filters)}</button>` +
    `<div class="facets" id="${id}-facets" role="group" aria-label="${h(t.filters)}" data-ref="facets"></div>` +
    `<section class="results" aria-label="${h(t.results)}" data-ref="results">` +
    `<div class="tools"><div data-ref="chips"></div>` +
    `<label class="sort"><span>${h(t.sort)}</span><select data-ref="sort">` +
    `<option value="relevance">${h(t.sort_relevance)}</option><option value="date">${h(t.sort_date)}</option></select></label></div>` +
    `<div data-ref="message"></div><ol class="hits" data-ref="hits"></ol><div class="more-wrap" data-ref="more"></div>` +
    `</section></div></div>`;
}

/** Mounts the search on `host` (its shadow root); returns {search, destroy}. */
export function mountSearch(host, o) {
  const t = o.t;
  const id = uniqueId('search');
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  root.innerHTML = applyStyles(root) + skeleton(t, id);
  const ref = (name) => root.querySelector(`[data-ref="${name}"]`);
  const input = root.getElementById(`${id}-q`);
  const listbox = root.getElementById(`${id}-lb`);
  const clearButton = root.querySelector('.clear');
  const toggle = root.querySelector('.toggle');
  const [status, announce, notices, facets, results, chips, sort, message, hits, more] =
    ['status', 'announce', 'notices', 'facets', 'results', 'chips', 'sort', 'message', 'hits', 'more'].map(ref);
  const prefix = o.urlPrefix;
  const hitOptions = { t, headingLevel: o.headingLevel ?? 3, resultUrl: o.resultUrl };

  let state = o.urlSync ? stateFromQuery(location.search, prefix) : emptyState();
  let last = null; // the last search response shown
  let shown = 0;
  let expanded = new Set();
  let typingEntry = false; // the current history entry was pushed for this typing run
  let suggestions = [];
  let active = -1;
  let suggestOff = false;
  let searchTimer = 0;
  let suggestTimer = 0;
  let slowTimer = 0;
  let searchAbort = null;
  let suggestAbort = null;
  const searches = createTicketCounter();
  const suggests = createTicketCounter();

  function updateUrl(mode) {
    if (!o.urlSync || mode === 'none') return;
    const url = location.pathname + queryForState(state, location.search, prefix) + location.hash;
    if (url === location.pathname + location.search + location.hash) return;
    if (mode === 'push' || (mode === 'type' && !typingEntry)) history.pushState(history.state, '', url);
    else history.replaceState(history.state, '', url);
    typingEntry = mode === 'type';
  }

  function emit(name, detail) {
    host.dispatchEvent(new CustomEvent(`fundus:${name}`, { detail, bubbles: true, composed: true }));
  }

  // ---- searching -------------------------------------------------------------------------------

  async function load({ append = false } = {}) {
    const ticket = searches.take();
    searchAbort?.abort();
    const abort = typeof AbortController === 'function' ? new AbortController() : null;
    searchAbort = abort;
    results.setAttribute('aria-busy', 'true');
    clearTimeout(slowTimer);
    slowTimer = setTimeout(() => { status.textContent = t.loading; }, 800);
    const first = initialRequest(state, o.pageSize);
    const url = append
      ? searchUrl(o.endpoint, state, { page: state.page, size: o.pageSize })
      : searchUrl(o.endpoint, state, { page: first.page, size: first.size });
    try {
      const response = await getJson(url, abort?.signal);
      if (!searches.isCurrent(ticket)) return;
      if (!append && first.shownPages !== state.page) state = { ...state, page: first.shownPages };
      show(response, append);
    } catch (e) {
      if (e?.name === 'AbortError' || !searches.isCurrent(ticket)) return;
      log('warn', `search failed: ${e.status ? `HTTP ${e.status}` : 'no answer'} for ${url}: ${e.message}`);
      message.innerHTML = renderError(e, t);
      if (!append) { hits.innerHTML = ''; more.innerHTML = ''; shown = 0; }
      status.textContent = errorText(e, t);
      emit('error', { status: e.status ?? 0, message: e.message });
    } finally {
      if (searches.isCurrent(ticket)) {
        clearTimeout(slowTimer);
        results.setAttribute('aria-busy', 'false');
      }
    }
  }

  function show(response, append) {
    last = append ? { ...response, hits: [...(last?.hits ?? []), ...(response.hits ?? [])] } : response;
    const newHits = response.hits ?? [];
    if (append) {
      hits.insertAdjacentHTML('beforeend', renderHits(newHits, hitOptions, shown));
      const firstNew = hits.querySelector(`[data-index="${shown}"] a`);
      shown += newHits.length;
      firstNew?.focus();
    } else {
      hits.innerHTML = renderHits(newHits, hitOptions);
      shown = newHits.length;
    }
    let total = Number(response.total ?? 0);
    // An estimated total (total_exact false) may be too high: a page that comes back short is
    // the last one, whatever the estimate said.
    if (append && newHits.length < o.pageSize) total = shown;
    message.innerHTML = total === 0 ? renderEmpty(state, t) : '';
    renderKeeping(root, more, renderMore(shown, total, t, { exact: !totalIsEstimate(response) }), input);
    status.textContent = statusText(response, t);
    renderKeeping(root, notices, renderNotices(response, state, t), input);
    renderFacetsNow();
    renderKeeping(root, chips, renderChips(state, t), input);
    sort.value = state.sort || (state.q ? 'relevance' : 'date');
    emit('results', { total, took_ms: response.took_ms, query: state.q, shown });
  }

  function renderFacetsNow() {
    if (!last) return;
    renderKeeping(root, facets, renderFacets(last.facets, state, t, { limit: o.facetLimit, expanded }), toggle);
    const n = filterCount(state);
    toggle.textContent = n ? tr(t, 'filtersActive', { count: n }) : t.filters;
  }

  /** Applies a new state: the URL follows (push, replace, type or none), then the results. */
  function go(next, mode = 'push') {
    clearTimeout(searchTimer);
    state = next;
    if (input.value !== state.q) input.value = state.q;
    clearButton.hidden = !input.value;
    updateUrl(mode);
    return load();
  }

  /** The state with the text in the box, which may be newer than the last search. */
  function current() {
    return input.value === state.q ? state : withChanges(state, { q: input.value });
  }

  // ---- suggestions (WAI-ARIA combobox with a listbox popup) ---------------------------------------

  function closeSuggestions() {
    suggestions = [];
    active = -1;
    listbox.hidden = true;
    listbox.innerHTML = '';
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function paintSuggestions() {
    listbox.innerHTML = renderSuggestions(suggestions, input.value, active, t, `${id}-opt`);
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', `${id}-opt-${active}`);
      root.getElementById(`${id}-opt-${active}`)?.scrollIntoView?.({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function openSuggestions(list) {
    suggestions = list;
    active = -1;
    if (!list.length) return closeSuggestions();
    paintSuggestions();
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    announce.textContent = tr(t, 'suggestionsAvailable', { count: list.length });
  }

  async function fetchSuggestions(prefixText) {
    const ticket = suggests.take();
    suggestAbort?.abort();
    if (suggestOff || prefixText.trim().length < o.minSuggestChars) return closeSuggestions();
    const abort = typeof AbortController === 'function' ? new AbortController() : null;
    suggestAbort = abort;
    try {
      const body = await getJson(suggestUrl(o.endpoint, prefixText.trim(), o.suggestSize), abort?.signal);
      if (!suggests.isCurrent(ticket) || root.activeElement !== input || input.value !== prefixText) return;
      openSuggestions(Array.isArray(body.suggestions) ? body.suggestions.filter((s) => s && s.text) : []);
    } catch (e) {
      if (e?.name === 'AbortError') return;
      suggestOff = true; // the search itself still works; do not ask again on every keystroke
      log('warn', `suggestions unavailable: ${e.status ? `HTTP ${e.status}` : 'no answer'} (${e.message})`);
      if (suggests.isCurrent(ticket)) closeSuggestions();
    }
  }

  function pick(index) {
    const s = suggestions[index];
    if (!s) return;
    suggests.take(); // a suggestion response still on its way must not reopen the list
    clearTimeout(suggestTimer);
    const q = queryWithSuggestion(input.value, s);
    closeSuggestions();
    go(withChanges(state, { q }), 'push');
  }

  function moveActive(step) {
    const n = suggestions.length;
    active = active < 0 ? (step > 0 ? 0 : n - 1) : (active + step + n) % n;
    paintSuggestions();
  }

  // ---- events ------------------------------------------------------------------------------------

  const onInput = guard(() => {
    clearButton.hidden = !input.value;
    clearTimeout(suggestTimer);
    clearTimeout(searchTimer);
    const text = input.value;
    if (text.trim().length >= o.minSuggestChars && !suggestOff) {
      suggestTimer = setTimeout(guard(() => fetchSuggestions(text)), o.suggestDelay);
    } else {
      suggests.take();
      closeSuggestions();
    }
    searchTimer = setTimeout(guard(() => go(withChanges(state, { q: input.value }), 'type')), o.searchDelay);
  });

  const onKeydown = guard((e) => {
    const open = !listbox.hidden && suggestions.length > 0;
    if (e.key === 'ArrowDown' || e.key === 'Down') {
      e.preventDefault();
      if (open) moveActive(1);
      else fetchSuggestions(input.value);
    } else if (e.key === 'ArrowUp' || e.key === 'Up') {
      if (open) { e.preventDefault(); moveActive(-1); }
    } else if (e.key === 'Enter') {
      if (open && active >= 0) { e.preventDefault(); pick(active); }
    } else if (e.key === 'Escape' || e.key === 'Esc') {
      if (open) { e.preventDefault(); suggests.take(); closeSuggestions(); }
      else if (input.value) { e.preventDefault(); go(withChanges(state, { q: '' }), 'push'); }
    } else if (e.key === 'Tab') {
      closeSuggestions();
    }
  });

  const onSubmit = guard((e) => {
    e.preventDefault();
    suggests.take();
    clearTimeout(suggestTimer);
    closeSuggestions();
    typingEntry = false;
    go(current(), 'push');
  });

  const onClick = guard((e) => {
    const option = e.target.closest?.('[role=option]');
    if (option && listbox.contains(option)) return pick(Number(option.dataset.index));
    const button = e.target.closest?.('[data-action]');
    if (!button) return undefined;
    const { action, facet, value } = button.dataset;
    if (action === 'clear') { suggests.take(); closeSuggestions(); input.focus(); return go(withChanges(state, { q: '' }), 'push'); }
    if (action === 'did-you-mean') { input.focus(); return go(withChanges(current(), { q: value }), 'push'); }
    if (action === 'suggested-filter') {
      input.focus();
      return go(acceptSuggestedFilter(current(), { parameter: facet, value, matched: button.dataset.matched }), 'push');
    }
    if (action === 'remove-filter') {
      const next = facet === 'from' || facet === 'to' ? withChanges(current(), { [facet]: '' }) : toggleFacet(current(), facet, value);
      return go(next, 'push');
    }
    if (action === 'clear-filters') { input.focus(); return go(clearFilters(current()), 'push'); }
    if (action === 'retry') return load();
    if (action === 'more') {
      state = { ...state, page: state.page + 1 };
      updateUrl('replace');
      return load({ append: true });
    }
    if (action === 'expand') {
      if (expanded.has(facet)) expanded.delete(facet); else expanded.add(facet);
      return renderFacetsNow();
    }
    if (action === 'toggle-filters') {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      facets.classList.toggle('open', open);
    }
    return undefined;
  });

  const onChange = guard((e) => {
    const el = e.target;
    if (el === sort) return go(withChanges(current(), { sort: sort.value }), 'push');
    if (el.matches?.('input[type=checkbox][data-facet]')) return go(toggleFacet(current(), el.dataset.facet, el.value), 'push');
    return undefined;
  });

  const onPopState = guard(() => {
    state = stateFromQuery(location.search, prefix);
    typingEntry = false;
    suggests.take();
    closeSuggestions();
    go(state, 'none');
  });

  const keepFocus = (e) => e.preventDefault(); // a click on an option must not blur the input
  const onBlur = guard(() => { suggests.take(); closeSuggestions(); });

  input.addEventListener('input', onInput);
  input.addEventListener('keydown', onKeydown);
  input.addEventListener('blur', onBlur);
  listbox.addEventListener('mousedown', keepFocus);
  root.addEventListener('submit', onSubmit);
  root.addEventListener('click', onClick);
  root.addEventListener('change', onChange);
  if (o.urlSync) window.addEventListener('popstate', onPopState);

  go(state, 'none');

  return {
    /** Runs a search: a query string, or a state object ({q, topic: [...], ...}). */
    search: guard((query) => {
      const next = typeof query === 'string' || query == null
        ? withChanges(state, { q: String(query ?? '') })
        : withChanges(emptyState(), query);
      return go(next, 'push');
    }),
    destroy: guard(() => {
      clearTimeout(searchTimer);
      clearTimeout(suggestTimer);
      clearTimeout(slowTimer);
      searches.take();
      suggests.take();
      searchAbort?.abort();
      suggestAbort?.abort();
      window.removeEventListener('popstate', onPopState);
      root.innerHTML = '';
    }),
  };
}
