// The widget as an ES module: mount(elementOrSelector, options) -> {search, destroy}.
// An element with data-fundus-related (or options.postId) gets the related posts, any other the
// search. Never throws: a failure is logged in one line and a handle that does nothing returned.

import { guard, log } from './dom.js';
import { resolveOptions } from './options.js';
import { mountRelated } from './related.js';
import { mountSearch } from './search.js';

export { de as translations } from './i18n.js';

const inert = { search() {}, destroy() {} };

/** Mounts a search or related-posts widget on an element (or the first match of a selector). */
export function mount(elementOrSelector, options = {}) {
  try {
    const el = typeof elementOrSelector === 'string' ? document.querySelector(elementOrSelector) : elementOrSelector;
    if (!el || typeof el.attachShadow !== 'function') {
      log('warn', `mount(): no element for ${String(elementOrSelector)}`);
      return inert;
    }
    const o = resolveOptions(el.dataset, options);
    const related = 'fundusRelated' in el.dataset || (options && options.postId);
    return related ? mountRelated(el, o) : mountSearch(el, o);
  } catch (e) {
    log('error', `mount() failed: ${e?.message ?? e}`);
    return inert;
  }
}

/** Mounts every [data-fundus-search] and [data-fundus-related] element below `root` not mounted yet. */
export const mountAll = guard((root = document, options = {}) =>
  [...root.querySelectorAll('[data-fundus-search],[data-fundus-related]')]
    .filter((el) => !el.shadowRoot)
    .map((el) => mount(el, options)));
