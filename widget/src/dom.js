// Small helpers for the DOM parts: styles in a shadow root, JSON requests, and the guard that
// keeps every error inside the widget.

import css from './widget.css';

let sharedSheet;

/** Puts the widget's styles into `root`: a shared constructed sheet, or a <style> element. */
export function applyStyles(root) {
  try {
    if (!sharedSheet) {
      sharedSheet = new CSSStyleSheet();
      sharedSheet.replaceSync(css);
    }
    root.adoptedStyleSheets = [sharedSheet];
    return '';
  } catch {
    return `<style>${css}</style>`;
  }
}

/** An error of a request: `status` is the HTTP status (0 for a network failure). */
export class RequestError extends Error {
  constructor(status, message, code = '') {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** GETs JSON without cookies; rejects with a RequestError carrying the API's error message. */
export async function getJson(url, signal) {
  let response;
  try {
    response = await fetch(url, { credentials: 'omit', signal, headers: { Accept: 'application/json' } });
  } catch (e) {
    if (e?.name === 'AbortError') throw e;
    throw new RequestError(0, `network error (${e?.message ?? e})`);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    // a body that is not JSON: the status says enough
  }
  if (!response.ok || body === null || typeof body !== 'object') {
    const error = body?.error ?? {};
    throw new RequestError(response.status, String(error.message ?? `HTTP ${response.status}`), error.code ?? '');
  }
  return body;
}

/** Logs one line, prefixed so that it is clear which script it came from. */
export function log(level, message) {
  try {
    console[level](`[fundus] ${message}`);
  } catch {
    // no console: nothing to do
  }
}

/** Wraps an event handler so that nothing it throws reaches the host page. */
export function guard(fn) {
  return (...args) => {
    try {
      const result = fn(...args);
      if (result && typeof result.catch === 'function') result.catch((e) => log('error', `internal error: ${e?.message ?? e}`));
      return result;
    } catch (e) {
      log('error', `internal error: ${e?.message ?? e}`);
      return undefined;
    }
  };
}

/** Sets innerHTML and gives focus back to the element with the same data-key, if it had it. */
export function renderKeeping(root, container, html, fallback) {
  const active = root.activeElement;
  const key = active && container.contains(active) ? active.dataset.key : undefined;
  container.innerHTML = html;
  if (!key) return;
  const again = [...container.querySelectorAll('[data-key]')].find((el) => el.dataset.key === key);
  (again ?? fallback)?.focus();
}

let counter = 0;
/** An id prefix unique on the page, for ids inside one widget. */
export function uniqueId(name) {
  counter += 1;
  return `fundus-${name}-${counter}`;
}
