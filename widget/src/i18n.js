// Every text the reader sees, as data. German by default; a page overrides any key with
// mount(el, {translations: {...}}) or window.fundusOptions = {translations: {...}}.
// Placeholders are {name}; plural forms are KEY_one / KEY_other (Intl.PluralRules categories).

import { escapeHtml } from './escape.js';

export const de = {
  locale: 'de-DE',
  searchLabel: 'Blog durchsuchen',
  placeholder: 'Suchen, z. B. Glasfaser, Dorfladen, Bürgerbeteiligung',
  submit: 'Suchen',
  clear: 'Eingabe löschen',
  suggestions: 'Suchvorschläge',
  suggestionKind_word: '',
  suggestionKind_title: 'Beitrag',
  suggestionKind_topic: 'Thema',
  suggestionKind_tag: 'Schlagwort',
  suggestionKind_region: 'Region',
  suggestionKind_query: 'Oft gesucht',
  suggestionsAvailable_one: '{count} Vorschlag, mit Pfeiltasten auswählen',
  suggestionsAvailable_other: '{count} Vorschläge, mit Pfeiltasten auswählen',
  results: 'Suchergebnisse',
  resultCount_one: '{count} Ergebnis',
  resultCount_other: '{count} Ergebnisse',
  resultCountFor_one: '{count} Ergebnis für „{query}“',
  resultCountFor_other: '{count} Ergebnisse für „{query}“',
  resultCountBrowse_one: '{count} Beitrag',
  resultCountBrowse_other: '{count} Beiträge',
  loading: 'Suche läuft …',
  noResults: 'Keine Ergebnisse für „{query}“.',
  noResultsBrowse: 'Keine Beiträge passen zu diesen Filtern.',
  noResultsHint: 'Prüfen Sie die Schreibweise, versuchen Sie andere Wörter oder entfernen Sie Filter.',
  error: 'Die Suche ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.',
  errorBadRequest: 'Diese Suche konnte nicht ausgeführt werden: {message}',
  retry: 'Erneut versuchen',
  didYouMean: 'Meinten Sie {suggestion}?',
  corrected: 'Keine Ergebnisse für „{query}“. Ergebnisse für „{corrected}“:',
  relaxed: 'Nicht alle Suchwörter kommen vor: Ergebnisse, die einige davon enthalten.',
  suggestedFilter: 'Nur {value} anzeigen',
  more: 'Weitere Ergebnisse laden',
  shownOf: '{shown} von {total} angezeigt',
  approximately: 'etwa {count}',
  filters: 'Filter',
  filtersActive: 'Filter ({count})',
  removeFilter: 'Filter entfernen: {value}',
  clearFilters: 'Alle Filter entfernen',
  showAll_one: 'Alle {count} anzeigen',
  showAll_other: 'Alle {count} anzeigen',
  showFewer: 'Weniger anzeigen',
  facet_topic: 'Thema',
  facet_region: 'Bundesland',
  facet_district: 'Landkreis',
  facet_type: 'Art',
  facet_year: 'Jahr',
  from: 'ab {value}',
  to: 'bis {value}',
  sort: 'Sortierung',
  sort_relevance: 'Relevanz',
  sort_date: 'Neueste zuerst',
  type_post: 'Beitrag',
  type_praxisbeispiel: 'Praxisbeispiel',
  topics: 'Themen',
  published: 'Veröffentlicht',
  related: 'Ähnliche Beiträge',
};

/** The translations with the page's overrides applied; unknown keys are kept (custom types). */
export function translations(overrides) {
  return { ...de, ...(overrides && typeof overrides === 'object' ? overrides : {}) };
}

// The number that picks the plural form: vars.plural when the shown count is formatted text.
function pluralOf(vars) {
  return typeof vars.plural === 'number' ? vars.plural : vars.count;
}

function template(t, key, count) {
  if (typeof count === 'number') {
    let category = count === 1 ? 'one' : 'other';
    try {
      category = new Intl.PluralRules(t.locale).select(count);
    } catch {
      // an unknown locale keeps the simple rule
    }
    const text = t[`${key}_${category}`] ?? t[`${key}_other`];
    if (text != null) return String(text);
  }
  return t[key] == null ? key : String(t[key]);
}

/**
 * The text for `key` with {placeholders} filled in. With a numeric `vars.count` (or `vars.plural`,
 * when {count} is given as formatted text), the plural form KEY_one / KEY_other (or another
 * Intl.PluralRules category) is chosen when it exists.
 * The result is plain text: escape it before putting it into HTML.
 */
export function tr(t, key, vars = {}) {
  return template(t, key, pluralOf(vars)).replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/**
 * Like tr(), but returns HTML: the text is escaped, and a placeholder whose value is {html: '…'}
 * is inserted as that markup (a button inside a sentence, for instance).
 */
export function trHtml(t, key, vars = {}) {
  return template(t, key, pluralOf(vars))
    .split(/(\{\w+\})/)
    .map((part, i) => {
      if (i % 2 === 0) return escapeHtml(part);
      const name = part.slice(1, -1);
      if (!(name in vars)) return escapeHtml(part);
      const value = vars[name];
      return value && typeof value === 'object' && 'html' in value ? value.html : escapeHtml(value);
    })
    .join('');
}

/** Formats an ISO date (YYYY-MM-DD, or a full timestamp) the way the locale writes it. */
export function formatDate(iso, locale) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso ?? ''));
  if (!m) return String(iso ?? '');
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  try {
    return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
  } catch {
    return `${+m[3]}.${+m[2]}.${m[1]}`;
  }
}

/** Formats a count with the locale's digit grouping (1.234). */
export function formatNumber(n, locale) {
  try {
    return new Intl.NumberFormat(locale).format(n);
  } catch {
    return String(n);
  }
}
