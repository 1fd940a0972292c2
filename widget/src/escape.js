// Escaping for HTML built as strings. Pure functions: everything the widget puts into innerHTML
// passes through here, so the host page never runs markup that came from the index.

const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for use in element content and in double- or single-quoted attributes. */
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * The API's snippet is already escaped text with <mark> around matches. We trust it only that far:
 * <mark> and </mark> stay, any other '<', '>' or '"' is escaped, and a '&' that does not start an
 * entity becomes '&amp;'. So a broken or hostile snippet shows as text, never as markup.
 */
export function safeSnippet(snippet) {
  return String(snippet ?? '')
    .split(/(<\/?mark>)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/&(?!(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#x[0-9a-fA-F]+);)/g, '&amp;')
            .replace(/</g, '&lt;')
            .replace(/>/g, '&gt;')
            .replace(/"/g, '&quot;'),
    )
    .join('');
}

/** Returns the URL if it is http(s) or relative, otherwise '#': no javascript: or data: links. */
export function safeUrl(url) {
  const text = String(url ?? '').trim();
  if (/^(?:https?:\/\/|\/(?!\/)|\.{1,2}\/|\?|#)/i.test(text)) return text;
  if (/^[a-z][a-z0-9+.-]*:/i.test(text) || text.startsWith('//')) return '#';
  return text === '' ? '#' : text;
}
