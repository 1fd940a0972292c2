// The "Ähnliche Beiträge" block's DOM part: one request, one rendered list, or nothing at all
// when the post is unknown or the service does not answer (a post page never shows an error box).

import { applyStyles, getJson, guard, log, uniqueId } from './dom.js';
import { renderRelated } from './render.js';
import { relatedUrl } from './state.js';

/** Mounts the related posts of `o.postId` on `host`; returns {search, destroy}. */
export function mountRelated(host, o) {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const styles = applyStyles(root);
  const idPrefix = uniqueId('related');
  let abort = null;

  async function load(postId) {
    abort?.abort();
    root.innerHTML = '';
    if (!postId) return log('warn', 'related posts: the element has no data-post-id');
    abort = typeof AbortController === 'function' ? new AbortController() : null;
    const url = relatedUrl(o.endpoint, postId, { size: o.relatedSize, type: o.relatedType });
    try {
      const body = await getJson(url, abort?.signal);
      const hits = (Array.isArray(body.hits) ? body.hits : []).filter((hit) => hit && hit.id !== postId);
      root.innerHTML = hits.length
        ? styles + renderRelated(hits, o.t, { headingLevel: o.headingLevel ?? 2, resultUrl: o.resultUrl, idPrefix })
        : '';
      host.dispatchEvent(new CustomEvent('fundus:related', { detail: { id: postId, count: hits.length }, bubbles: true, composed: true }));
    } catch (e) {
      if (e?.name === 'AbortError') return undefined;
      log('warn', `related posts for '${postId}' unavailable: ${e.status ? `HTTP ${e.status}` : 'no answer'} (${e.message})`);
    }
    return undefined;
  }

  load(o.postId);
  return {
    /** Shows the posts related to another post id. */
    search: guard((postId) => load(String(postId ?? ''))),
    destroy: guard(() => {
      abort?.abort();
      root.innerHTML = '';
    }),
  };
}
