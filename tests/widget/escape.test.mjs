// Escaping: everything from the index reaches innerHTML only through these functions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, safeSnippet, safeUrl } from '../../widget/src/escape.js';

test('escapeHtml escapes the five HTML-special characters', () => {
  assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
});

test('escapeHtml turns null and numbers into text', () => {
  assert.equal(escapeHtml(null), '');
  assert.equal(escapeHtml(undefined), '');
  assert.equal(escapeHtml(42), '42');
});

test('escapeHtml keeps umlauts and typographic quotes', () => {
  assert.equal(escapeHtml('Bürger*innen „Straße“ – ÄÖÜß'), 'Bürger*innen „Straße“ – ÄÖÜß');
});

test('a snippet keeps its <mark> tags and its entities', () => {
  const snippet = '… der <mark>Glasfaser</mark>ausbau &amp; &quot;FTTH&quot; in <mark>Cham</mark> …';
  assert.equal(safeSnippet(snippet), snippet);
});

test('a snippet cannot smuggle other markup', () => {
  assert.equal(safeSnippet('<img src=x onerror=alert(1)> <mark>ok</mark>'), '&lt;img src=x onerror=alert(1)&gt; <mark>ok</mark>');
  assert.equal(safeSnippet('<mark onclick="x">a</mark>'), '&lt;mark onclick=&quot;x&quot;&gt;a</mark>');
  assert.equal(safeSnippet('<script>alert(1)</script>'), '&lt;script&gt;alert(1)&lt;/script&gt;');
});

test('a bare ampersand in a snippet becomes an entity', () => {
  assert.equal(safeSnippet('A & B &copy; &#38; &#x26; &x'), 'A &amp; B &copy; &#38; &#x26; &amp;x');
});

test('safeUrl lets http(s) and relative links through', () => {
  for (const url of ['https://land-digital.example/a?b=1', 'http://x.example', '/demo/post.html?id=a', './a', '../b', '?q=1', '#top', 'post.html']) {
    assert.equal(safeUrl(url), url);
  }
});

test('safeUrl blocks script, data and protocol-relative links', () => {
  for (const url of ['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,x', 'vbscript:x', '//evil.example/', '']) {
    assert.equal(safeUrl(url), '#', url);
  }
});
