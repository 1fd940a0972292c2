// The widget's markup, rendered to strings from API responses and state. Pure functions: text is
// escaped here (escape.js), so the DOM part may assign the results to innerHTML as they are.

import { escapeHtml as h, safeSnippet, safeUrl } from './escape.js';
import { formatDate, formatNumber, tr, trHtml } from './i18n.js';
import { FACETS, filterCount } from './state.js';

/** The link of a hit: the page's template ("/post.html?id={id}") if it has one, else hit.url. */
export function hitHref(hit, template) {
  if (!template) return safeUrl(hit.url);
  return safeUrl(
    template.replace(/\{(id|url)\}/g, (m, name) => encodeURIComponent(String(hit[name] ?? ''))),
  );
}

function regionText(region) {
  if (!region) return '';
  const parts = [region.municipality, region.district, region.state].filter(Boolean);
  return [...new Set(parts)].join(', ');
}

/** One result: linked title, type, date, region, highlighted snippet (or teaser), topics. */
export function renderHit(hit, { t, headingLevel = 3, resultUrl = '', index = 0 }) {
  const level = Math.min(Math.max(Number(headingLevel) || 3, 2), 6);
  const typeLabel = t[`type_${hit.type}`] ?? hit.type ?? '';
  const date = hit.published
    ? `<time datetime="${h(String(hit.published).slice(0, 10))}">${h(formatDate(hit.published, t.locale))}</time>`
    : '';
  const region = regionText(hit.region);
  const meta = [typeLabel && `<span class="type type-${h(hit.type)}">${h(typeLabel)}</span>`, date,
    region && `<span class="region">${h(region)}</span>`].filter(Boolean).join('<span class="sep" aria-hidden="true"> · </span>');
  const text = hit.snippet ? safeSnippet(hit.snippet) : h(hit.teaser ?? '');
  const topics = (hit.topics ?? []).length
    ? `<ul class="topics" aria-label="${h(t.topics)}">${hit.topics.map((x) => `<li>${h(x)}</li>`).join('')}</ul>`
    : '';
  return `<li class="hit" data-index="${index}"><article>` +
    `<h${level} class="title"><a href="${h(hitHref(hit, resultUrl))}" data-key="hit-${h(hit.id)}">${h(hit.title)}</a></h${level}>` +
    (meta ? `<p class="meta">${meta}</p>` : '') +
    (text ? `<p class="snippet">${text}</p>` : '') +
    topics + '</article></li>';
}

/** The list items of `hits`, numbered from `offset` (for the items appended by "more"). */
export function renderHits(hits, options, offset = 0) {
  return (hits ?? []).map((hit, i) => renderHit(hit, { ...options, index: offset + i })).join('');
}

/**
 * Whether the answer's total is searchd's estimate (past its exact-count-limit): `total_exact`,
 * or `counts_exact` from a searchd that does not send it.
 */
export function totalIsEstimate(response) {
  if (typeof response?.total_exact === 'boolean') return !response.total_exact;
  return response?.counts_exact === false;
}

/** The count line announced to screen readers: "12 Ergebnisse für „Glasfaser“". */
export function statusText(response, t) {
  const total = Number(response?.total ?? 0);
  const query = response?.corrected ? response.corrected_query : response?.query ?? '';
  const count = formatNumber(total, t.locale);
  // Past searchd's exact-count-limit the total is an estimate: "etwa 12.000 Ergebnisse".
  const vars = { plural: total, count: totalIsEstimate(response) ? tr(t, 'approximately', { count }) : count, query };
  return tr(t, query ? 'resultCountFor' : 'resultCountBrowse', vars);
}

/** Notes above the results: did-you-mean, automatic correction, relaxed matching, filter hints. */
export function renderNotices(response, state, t) {
  const out = [];
  if (response.corrected && response.corrected_query) {
    out.push(`<p class="notice">${h(tr(t, 'corrected', { query: response.query, corrected: response.corrected_query }))}</p>`);
  } else if (response.did_you_mean) {
    const button = `<button type="button" class="link" data-action="did-you-mean" data-value="${h(response.did_you_mean)}">${h(response.did_you_mean)}</button>`;
    out.push(`<p class="notice">${trHtml(t, 'didYouMean', { suggestion: { html: button } })}</p>`);
  }
  // Only when no post had all the words (a question ranked by any word needs no excuse); a
  // searchd without the `relaxed` field said so with matched: 'any'.
  const relaxed = response.relaxed ?? response.matched === 'any';
  if (relaxed && response.total > 0) out.push(`<p class="notice">${h(t.relaxed)}</p>`);
  for (const f of response.suggested_filters ?? []) {
    if (!FACETS.includes(f.parameter) || state[f.parameter]?.includes(f.value)) continue;
    out.push(`<p class="notice"><button type="button" class="chip suggest" data-action="suggested-filter" ` +
      `data-facet="${h(f.parameter)}" data-value="${h(f.value)}" data-matched="${h(f.matched ?? '')}">` +
      `${h(tr(t, 'suggestedFilter', { value: f.value }))}</button></p>`);
  }
  return out.join('');
}

/** The empty state: what was searched, and what the reader can do next. */
export function renderEmpty(state, t) {
  const message = state.q ? tr(t, 'noResults', { query: state.q }) : t.noResultsBrowse;
  const clear = filterCount(state)
    ? ` <button type="button" class="link" data-action="clear-filters">${h(t.clearFilters)}</button>`
    : '';
  return `<div class="empty"><p><strong>${h(message)}</strong></p><p>${h(t.noResultsHint)}${clear}</p></div>`;
}

/** What went wrong, for the reader: the API's message for a bad request, else a general note. */
export function errorText(error, t) {
  return error?.status >= 400 && error.status < 500 && error.status !== 404 && error.message
    ? tr(t, 'errorBadRequest', { message: error.message })
    : t.error;
}

/** The error state: a plain message and a retry button; details go to the console, not here. */
export function renderError(error, t) {
  const message = errorText(error, t);
  return `<div class="error"><p>${h(message)}</p><button type="button" data-action="retry">${h(t.retry)}</button></div>`;
}

function valueLabel(facet, value, t) {
  return facet === 'type' ? t[`type_${value}`] ?? value : value;
}

/** The active filters as removable chips, plus "remove all" when there are several. */
export function renderChips(state, t) {
  const chips = [];
  for (const facet of FACETS) {
    for (const value of state[facet]) {
      const label = valueLabel(facet, value, t);
      chips.push(`<li><button type="button" class="chip" data-action="remove-filter" data-facet="${h(facet)}" ` +
        `data-value="${h(value)}" data-key="chip-${h(facet)}-${h(value)}" aria-label="${h(tr(t, 'removeFilter', { value: label }))}">` +
        `${h(label)}<span aria-hidden="true"> ×</span></button></li>`);
    }
  }
  for (const bound of ['from', 'to']) {
    if (!state[bound]) continue;
    const label = tr(t, bound, { value: formatDate(state[bound], t.locale) });
    chips.push(`<li><button type="button" class="chip" data-action="remove-filter" data-facet="${bound}" data-value="" ` +
      `aria-label="${h(tr(t, 'removeFilter', { value: label }))}">${h(label)}<span aria-hidden="true"> ×</span></button></li>`);
  }
  if (chips.length > 1) {
    chips.push(`<li><button type="button" class="link" data-action="clear-filters">${h(t.clearFilters)}</button></li>`);
  }
  return chips.length ? `<ul class="chips">${chips.join('')}</ul>` : '';
}

/**
 * The facet lists as groups of checkboxes with counts. Long lists show `limit` values (selected
 * ones always) and a button to show all; `expanded` names the facets the reader opened.
 */
export function renderFacets(facets, state, t, { limit = 8, expanded = new Set(), order = FACETS } = {}) {
  const groups = [];
  for (const facet of order) {
    const values = facets?.[facet] ?? [];
    if (!values.length) continue;
    const open = expanded.has(facet);
    const shown = open || values.length <= limit + 1
      ? values
      : values.filter((v, i) => i < limit || v.selected || state[facet].includes(v.value));
    const items = shown.map((v) => {
      const checked = v.selected || state[facet].includes(v.value);
      return `<li><label class="${v.count === 0 && !checked ? 'zero' : ''}"><input type="checkbox" data-facet="${h(facet)}" ` +
        `value="${h(v.value)}" data-key="facet-${h(facet)}-${h(v.value)}"${checked ? ' checked' : ''}>` +
        `<span class="label">${h(valueLabel(facet, v.value, t))}</span>` +
        `<span class="count">${h(formatNumber(v.count, t.locale))}</span></label></li>`;
    }).join('');
    const toggle = values.length > limit + 1
      ? `<button type="button" class="link" data-action="expand" data-facet="${h(facet)}" data-key="expand-${h(facet)}" aria-expanded="${open}">` +
        `${h(open ? t.showFewer : tr(t, 'showAll', { plural: values.length, count: formatNumber(values.length, t.locale) }))}</button>`
      : '';
    groups.push(`<fieldset class="facet facet-${h(facet)}"><legend>${h(t[`facet_${facet}`] ?? facet)}</legend>` +
      `<ul>${items}</ul>${toggle}</fieldset>`);
  }
  return groups.join('');
}

/** The suggestion options of the combobox's listbox; `active` is the highlighted index or -1. */
export function renderSuggestions(suggestions, query, active, t, idPrefix) {
  const typed = String(query).trim().toLowerCase();
  return (suggestions ?? []).map((s, i) => {
    const text = String(s.text ?? '');
    const lastWord = typed.split(/\s+/).pop() ?? '';
    const at = lastWord ? text.toLowerCase().indexOf(lastWord) : -1;
    const body = at >= 0
      ? `${h(text.slice(0, at))}<span class="typed">${h(text.slice(at, at + lastWord.length))}</span><b>${h(text.slice(at + lastWord.length))}</b>`
      : h(text);
    const kind = t[`suggestionKind_${s.kind}`] ?? '';
    return `<li role="option" id="${idPrefix}-${i}" data-index="${i}" aria-selected="${i === active}"` +
      `${i === active ? ' class="active"' : ''}><span class="text">${body}</span>` +
      `${kind ? `<span class="kind">${h(kind)}</span>` : ''}</li>`;
  }).join('');
}

/**
 * The "more results" button and how many are shown, or '' when everything is shown. With
 * `exact` false the total is searchd's estimate (past its exact-count-limit): "von etwa 12.000".
 */
export function renderMore(shown, total, t, { exact = true } = {}) {
  if (!total || shown >= total) return '';
  const locale = t.locale;
  const count = formatNumber(total, locale);
  const vars = { shown: formatNumber(shown, locale), total: exact ? count : tr(t, 'approximately', { count }) };
  return `<p class="shown">${h(tr(t, 'shownOf', vars))}</p>` +
    `<button type="button" class="more" data-action="more" data-key="more">${h(t.more)}</button>`;
}

/** The "Ähnliche Beiträge" block for a post page. */
export function renderRelated(hits, t, { headingLevel = 2, resultUrl = '', idPrefix = 'fundus-related' } = {}) {
  if (!hits?.length) return '';
  const level = Math.min(Math.max(Number(headingLevel) || 2, 2), 6);
  return `<section class="related" aria-labelledby="${idPrefix}-title">` +
    `<h${level} id="${idPrefix}-title" class="related-title">${h(t.related)}</h${level}>` +
    `<ul class="hits related-hits">${renderHits(hits, { t, headingLevel: Math.min(level + 1, 6), resultUrl })}</ul></section>`;
}
