// A widget's settings from three places, in this order of precedence: the options passed to
// mount(), the element's data-* attributes, the defaults (and the endpoint the script came from).
// Pure: takes the attributes as a plain object (element.dataset).

import { translations } from './i18n.js';

function int(value, fallback, min, max) {
  const n = Number.parseInt(String(value ?? ''), 10);
  return Number.isFinite(n) ? Math.min(Math.max(n, min), max) : fallback;
}

function flag(value, fallback) {
  if (value === undefined || value === null || value === '') return fallback;
  return !(value === false || value === 'false' || value === '0' || value === 'no');
}

/**
 * The settings of one widget. `dataset` is the element's data-* attributes; `options` those given
 * in JavaScript, where `defaultEndpoint` is the origin of widget.js (used when nothing else says).
 */
export function resolveOptions(dataset = {}, options = {}) {
  const o = options ?? {};
  const d = dataset ?? {};
  return {
    endpoint: String(o.endpoint ?? d.endpoint ?? o.defaultEndpoint ?? ''),
    t: translations(o.translations),
    pageSize: int(o.pageSize ?? d.pageSize, 10, 1, 50),
    suggestSize: int(o.suggestSize ?? d.suggestSize, 8, 1, 20),
    minSuggestChars: int(o.minSuggestChars ?? d.minSuggestChars, 2, 1, 10),
    searchDelay: int(o.searchDelay ?? d.searchDelay, 150, 0, 2000),
    suggestDelay: int(o.suggestDelay ?? d.suggestDelay, 80, 0, 2000),
    urlSync: flag(o.urlSync ?? d.urlSync, true),
    urlPrefix: String(o.urlPrefix ?? d.urlPrefix ?? ''),
    resultUrl: String(o.resultUrl ?? d.resultUrl ?? ''),
    headingLevel: int(o.headingLevel ?? d.headingLevel, 0, 2, 6) || undefined,
    facetLimit: int(o.facetLimit ?? d.facetLimit, 8, 1, 100),
    postId: String(o.postId ?? d.postId ?? ''),
    relatedSize: int(o.relatedSize ?? d.relatedSize, 5, 1, 20),
    relatedType: String(o.relatedType ?? d.relatedType ?? ''),
  };
}
