// Translations: one object of German texts, overridable by the page; plural forms; placeholders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { de, formatDate, formatNumber, tr, translations, trHtml } from '../../widget/src/i18n.js';

test('the defaults are German', () => {
  assert.equal(de.locale, 'de-DE');
  assert.equal(de.related, 'Ähnliche Beiträge');
  assert.equal(tr(de, 'didYouMean', { suggestion: 'Glasfaser' }), 'Meinten Sie Glasfaser?');
});

test('every text is a string', () => {
  for (const [key, value] of Object.entries(de)) assert.equal(typeof value, 'string', key);
});

test('a page overrides single keys and keeps the rest', () => {
  const t = translations({ related: 'Mehr zum Thema', placeholder: 'Blog durchsuchen …' });
  assert.equal(t.related, 'Mehr zum Thema');
  assert.equal(t.placeholder, 'Blog durchsuchen …');
  assert.equal(t.submit, 'Suchen');
  assert.deepEqual(translations(null), de);
  assert.notEqual(translations(), de, 'a copy, so that one widget cannot change another');
});

test('plural forms follow the count', () => {
  assert.equal(tr(de, 'resultCount', { count: 1 }), '1 Ergebnis');
  assert.equal(tr(de, 'resultCount', { count: 0 }), '0 Ergebnisse');
  assert.equal(tr(de, 'resultCount', { count: 7 }), '7 Ergebnisse');
  assert.equal(tr(de, 'resultCountFor', { plural: 1234, count: '1.234', query: 'Dorf' }), '1.234 Ergebnisse für „Dorf“');
});

test('English overrides get English plurals', () => {
  const t = translations({ locale: 'en', resultCount_one: '{count} result', resultCount_other: '{count} results' });
  assert.equal(tr(t, 'resultCount', { count: 1 }), '1 result');
  assert.equal(tr(t, 'resultCount', { count: 2 }), '2 results');
});

test('an unknown key shows the key, an unknown placeholder stays', () => {
  assert.equal(tr(de, 'noSuchKey'), 'noSuchKey');
  assert.equal(tr({ x: 'a {b} c' }, 'x'), 'a {b} c');
});

test('trHtml escapes text and inserts only placeholders marked as html', () => {
  const t = { k: '<b>{a}</b> {b}' };
  assert.equal(trHtml(t, 'k', { a: '<i>', b: { html: '<button>x</button>' } }), '&lt;b&gt;&lt;i&gt;&lt;/b&gt; <button>x</button>');
});

test('dates are written the German way', () => {
  assert.equal(formatDate('2019-03-14', 'de-DE'), '14. März 2019');
  assert.equal(formatDate('2021-12-01T10:00:00Z', 'de-DE'), '1. Dezember 2021');
  assert.equal(formatDate('kein Datum', 'de-DE'), 'kein Datum');
  assert.equal(formatDate('2019-03-14', 'en-GB'), '14 March 2019');
});

test('numbers get German digit grouping', () => {
  assert.equal(formatNumber(12345, 'de-DE'), '12.345');
});
