// The search state and everything derived from it without touching the DOM: the page URL that
// shares it, the API URLs that answer it, and the transitions a reader's actions cause.
// Pure functions; a state is never mutated, every transition returns a new one.

/** The facets a reader can filter by, in display order; each one is a repeatable parameter. */
export const FACETS = ['type', 'topic', 'region', 'district', 'year'];

/** A state with nothing chosen: browse everything, newest first. */
export function emptyState() {
  return { q: '', type: [], topic: [], region: [], district: [], year: [], from: '', to: '', sort: '', page: 1 };
}

function positiveInt(text, fallback) {
  const n = Number.parseInt(String(text ?? ''), 10);
  return Number.isFinite(n) && n >= 1 && String(n) === String(text).trim() ? n : fallback;
}

/**
 * Reads the widget's state from a query string (location.search). Only the widget's own
 * parameters (optionally prefixed, e.g. "fs_q") are read; everything else belongs to the page.
 */
export function stateFromQuery(search, prefix = '') {
  const params = new URLSearchParams(search);
  const state = emptyState();
  state.q = params.get(`${prefix}q`) ?? '';
  for (const facet of FACETS) {
    state[facet] = [...new Set(params.getAll(`${prefix}${facet}`).filter((v) => v !== ''))];
  }
  state.from = params.get(`${prefix}from`) ?? '';
  state.to = params.get(`${prefix}to`) ?? '';
  const sort = params.get(`${prefix}sort`);
  state.sort = sort === 'date' || sort === 'relevance' ? sort : '';
  state.page = Math.min(positiveInt(params.get(`${prefix}page`), 1), 100);
  return state;
}

function appendState(params, state, prefix, { page = true } = {}) {
  if (state.q) params.append(`${prefix}q`, state.q);
  for (const facet of FACETS) for (const value of state[facet]) params.append(`${prefix}${facet}`, value);
  if (state.from) params.append(`${prefix}from`, state.from);
  if (state.to) params.append(`${prefix}to`, state.to);
  if (state.sort) params.append(`${prefix}sort`, state.sort);
  if (page && state.page > 1) params.append(`${prefix}page`, String(state.page));
}

/**
 * The query string of the page URL for `state`: the page's own parameters in `currentSearch` are
 * kept as they are, the widget's are replaced. Returns '' or a string starting with '?'.
 */
export function queryForState(state, currentSearch = '', prefix = '') {
  const own = new Set(['q', ...FACETS, 'from', 'to', 'sort', 'page'].map((k) => prefix + k));
  const params = new URLSearchParams();
  for (const [key, value] of new URLSearchParams(currentSearch)) if (!own.has(key)) params.append(key, value);
  appendState(params, state, prefix);
  const text = params.toString();
  return text ? `?${text}` : '';
}

function apiBase(endpoint) {
  return String(endpoint ?? '').replace(/\/+$/, '');
}

/** The /api/search URL for `state`, asking for results `page` with `size` per page. */
export function searchUrl(endpoint, state, { page = state.page, size = 10 } = {}) {
  const params = new URLSearchParams();
  appendState(params, state, '', { page: false });
  if (page > 1) params.append('page', String(page));
  params.append('size', String(size));
  return `${apiBase(endpoint)}/api/search?${params}`;
}

/** The /api/suggest URL for a prefix. */
export function suggestUrl(endpoint, prefix, size = 8) {
  const params = new URLSearchParams({ q: prefix, size: String(size) });
  return `${apiBase(endpoint)}/api/suggest?${params}`;
}

/** The /api/related/{id} URL; `type` optionally restricts the related posts to one type. */
export function relatedUrl(endpoint, id, { size = 5, type = '' } = {}) {
  const params = new URLSearchParams({ size: String(size) });
  if (type) params.append('type', type);
  return `${apiBase(endpoint)}/api/related/${encodeURIComponent(id)}?${params}`;
}

/**
 * How the first screen of a shared URL is loaded: a state on page 3 with 10 per page is fetched
 * as one request for the first 30 results (capped at the API's page size of 100).
 */
export function initialRequest(state, size) {
  const wanted = Math.min(state.page * size, 100);
  return { page: 1, size: wanted, shownPages: Math.max(1, Math.floor(wanted / size)) };
}

/** A copy of `state` with `changes` applied; any change other than the page starts at page 1. */
export function withChanges(state, changes) {
  return { ...state, page: 1, ...changes };
}

/** Switches one facet value on or off (several values of one facet may be on at once). */
export function toggleFacet(state, facet, value) {
  if (!FACETS.includes(facet)) return state;
  const values = state[facet].includes(value)
    ? state[facet].filter((v) => v !== value)
    : [...state[facet], value];
  const changes = { [facet]: values };
  // the Kreise listed belong to the chosen Länder: without a Land, a Kreis filter would be hidden
  if (facet === 'region' && values.length === 0) changes.district = [];
  return withChanges(state, changes);
}

/** The state without any filter (the query and sort order stay). */
export function clearFilters(state) {
  const changes = { from: '', to: '' };
  for (const facet of FACETS) changes[facet] = [];
  return withChanges(state, changes);
}

/** The number of active filter values. */
export function filterCount(state) {
  return FACETS.reduce((n, f) => n + state[f].length, 0) + (state.from ? 1 : 0) + (state.to ? 1 : 0);
}

/**
 * The query after the reader picks a suggestion. A one-word completion replaces the word being
 * typed ("smart reg" + "region" -> "smart region"); anything else is taken as the whole query.
 */
export function queryWithSuggestion(query, suggestion) {
  const text = String(suggestion?.text ?? '').trim();
  const words = String(query).trimEnd().split(/\s+/).filter(Boolean);
  if (words.length < 2 || /\s/.test(text)) return text;
  const last = words[words.length - 1].toLowerCase();
  if (text.toLowerCase().startsWith(last) && (suggestion.kind ?? 'word') === 'word') {
    return [...words.slice(0, -1), text].join(' ');
  }
  return text;
}

/**
 * Accepts a filter the API recognised in the query ("Glasfaser Cham" -> district "Landkreis Cham"):
 * the filter is switched on and the words it was recognised from leave the query.
 */
export function acceptSuggestedFilter(state, filter) {
  const facet = filter?.parameter;
  if (!FACETS.includes(facet) || !filter.value) return state;
  const matched = String(filter.matched ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  let q = state.q;
  if (matched.length) {
    const words = state.q.split(/\s+/).filter(Boolean);
    const start = words.findIndex((_, i) =>
      matched.every((m, j) => (words[i + j] ?? '').toLowerCase() === m),
    );
    if (start >= 0) q = [...words.slice(0, start), ...words.slice(start + matched.length)].join(' ');
  }
  const values = state[facet].includes(filter.value) ? state[facet] : [...state[facet], filter.value];
  return withChanges(state, { q, [facet]: values });
}

/**
 * Drops responses that arrive after a newer request was started (the reader typed on): each
 * request takes a ticket, and only the newest ticket's response may be shown.
 */
export function createTicketCounter() {
  let newest = 0;
  return {
    take() {
      newest += 1;
      return newest;
    },
    isCurrent(ticket) {
      return ticket === newest;
    },
  };
}
