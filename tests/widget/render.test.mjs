// Rendering: API responses and state -> markup strings, escaped, accessible, German.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { de } from '../../widget/src/i18n.js';
import {
  hitHref, renderChips, renderEmpty, renderError, renderFacets, renderHit, renderMore, renderNotices,
  renderRelated, renderSuggestions, statusText,
} from '../../widget/src/render.js';
import { emptyState } from '../../widget/src/state.js';

const hit = {
  id: 'praxis-001',
  url: 'https://land-digital.example/praxis/plattenburg',
  title: 'Plattenburg: <Glasfaser> für „alle“',
  teaser: 'Zwei Mbit/s & mehr',
  snippet: '… kamen die Dörfer zu ihrem <mark>Glasfaser</mark>anschluss …',
  published: '2019-03-14',
  type: 'praxisbeispiel',
  region: { state: 'Brandenburg', district: 'Landkreis Prignitz', municipality: 'Plattenburg' },
  topics: ['Breitband', 'Open <Data>'],
  tags: [],
  authors: ['Anna Lehmann'],
  score: 1,
};

test('a hit shows linked title, type, German date, region, highlighted snippet and topics', () => {
  const html = renderHit(hit, { t: de });
  assert.match(html, /<h3 class="title"><a href="https:\/\/land-digital.example\/praxis\/plattenburg"/);
  assert.match(html, /Plattenburg: &lt;Glasfaser&gt; für „alle“<\/a><\/h3>/);
  assert.match(html, />Praxisbeispiel</);
  assert.match(html, /<time datetime="2019-03-14">14. März 2019<\/time>/);
  assert.match(html, /Plattenburg, Landkreis Prignitz, Brandenburg/);
  assert.match(html, /<mark>Glasfaser<\/mark>anschluss/);
  assert.match(html, /<li>Open &lt;Data&gt;<\/li>/);
  assert.doesNotMatch(html, /<Glasfaser>/);
});

test('a hit without snippet shows its escaped teaser', () => {
  assert.match(renderHit({ ...hit, snippet: '' }, { t: de }), /<p class="snippet">Zwei Mbit\/s &amp; mehr<\/p>/);
});

test('a hostile hit cannot inject markup or script links', () => {
  const html = renderHit({ ...hit, url: 'javascript:alert(1)', title: '<img src=x onerror=alert(1)>', snippet: '<script>x</script>', type: '"><x' }, { t: de });
  assert.doesNotMatch(html, /<img|<script|javascript:|"><x/);
  assert.match(html, /href="#"/);
});

test('the heading level and result link template are the page\'s to choose', () => {
  const html = renderHit(hit, { t: de, headingLevel: 2, resultUrl: '/demo/post.html?id={id}' });
  assert.match(html, /<h2 class="title"><a href="\/demo\/post.html\?id=praxis-001"/);
  assert.equal(hitHref({ id: 'a&b' }, '/p?id={id}'), '/p?id=a%26b');
});

test('a municipality equal to its district is not shown twice', () => {
  const html = renderHit({ ...hit, region: { state: 'Berlin', district: 'Berlin', municipality: 'Berlin' } }, { t: de });
  assert.match(html, /<span class="region">Berlin<\/span>/);
});

test('the status line counts results, with the query or for browsing', () => {
  assert.equal(statusText({ total: 1, query: 'Rufbus' }, de), '1 Ergebnis für „Rufbus“');
  assert.equal(statusText({ total: 1234, query: 'x' }, de), '1.234 Ergebnisse für „x“');
  assert.equal(statusText({ total: 12345, counts_exact: false, query: 'x' }, de), 'etwa 12.345 Ergebnisse für „x“');
  assert.equal(statusText({ total: 3, counts_exact: true, query: 'x' }, de), '3 Ergebnisse für „x“');
  // The total counted while the facets were sampled: no "etwa".
  assert.equal(statusText({ total: 9000, counts_exact: false, total_exact: true, facets_exact: false, query: 'x' }, de), '9.000 Ergebnisse für „x“');
  assert.equal(statusText({ total: 12345, counts_exact: false, total_exact: false, query: 'x' }, de), 'etwa 12.345 Ergebnisse für „x“');
  assert.equal(statusText({ total: 112, query: '' }, de), '112 Beiträge');
  assert.equal(statusText({ total: 3, query: 'Glasfsaer', corrected: true, corrected_query: 'Glasfaser' }, de), '3 Ergebnisse für „Glasfaser“');
});

test('did-you-mean is a button carrying the suggestion', () => {
  const html = renderNotices({ query: 'Glasfsaer', total: 0, did_you_mean: 'Glasfaser' }, emptyState(), de);
  assert.match(html, /Meinten Sie <button type="button" class="link" data-action="did-you-mean" data-value="Glasfaser">Glasfaser<\/button>\?/);
});

test('an automatic correction says what was searched instead', () => {
  const html = renderNotices({ query: 'Glasfsaer', total: 3, corrected: true, corrected_query: 'Glasfaser', did_you_mean: 'Glasfaser' }, emptyState(), de);
  assert.match(html, /Keine Ergebnisse für „Glasfsaer“. Ergebnisse für „Glasfaser“:/);
  assert.doesNotMatch(html, /Meinten Sie/);
});

test('the relaxed-matching note appears only when no post had all the words', () => {
  const note = /Nicht alle Suchwörter kommen vor/;
  assert.match(renderNotices({ query: 'Glasfaser Posaunenchor', total: 4, matched: 'any', relaxed: true }, emptyState(), de), note);
  // a question ranked by any word from the start: nothing to excuse
  assert.doesNotMatch(renderNotices({ query: 'Wer baut Glasfaser?', total: 4, matched: 'any', relaxed: false }, emptyState(), de), note);
  assert.doesNotMatch(renderNotices({ query: 'Glasfaser', total: 4, matched: 'all', relaxed: false }, emptyState(), de), note);
  assert.doesNotMatch(renderNotices({ query: 'Glasfaser Posaunenchor', total: 0, matched: 'any', relaxed: true }, emptyState(), de), note);
  // a searchd without the field: matched 'any' meant the fallback
  assert.match(renderNotices({ query: 'Glasfaser Posaunenchor', total: 4, matched: 'any' }, emptyState(), de), note);
});

test('a recognised filter is offered once, until it is on', () => {
  const response = { query: 'Glasfaser Cham', total: 5, suggested_filters: [{ parameter: 'district', value: 'Landkreis Cham', matched: 'Cham' }] };
  assert.match(renderNotices(response, emptyState(), de), /data-action="suggested-filter" data-facet="district" data-value="Landkreis Cham" data-matched="Cham">Nur Landkreis Cham anzeigen/);
  assert.equal(renderNotices(response, { ...emptyState(), district: ['Landkreis Cham'] }, de), '');
});

test('the empty state names the query and offers to drop filters', () => {
  const html = renderEmpty({ ...emptyState(), q: '<x>', topic: ['A'] }, de);
  assert.match(html, /Keine Ergebnisse für „&lt;x&gt;“/);
  assert.match(html, /data-action="clear-filters"/);
  assert.doesNotMatch(renderEmpty(emptyState(), de), /clear-filters/);
});

test('errors: the API\'s message for a bad request, a general note otherwise, always a retry', () => {
  assert.match(renderError({ status: 400, message: "'year' must be four digits" }, de), /Diese Suche konnte nicht ausgeführt werden: &#39;year&#39; must be four digits/);
  assert.match(renderError({ status: 500, message: 'boom' }, de), /gerade nicht erreichbar/);
  assert.match(renderError({ status: 0, message: 'x' }, de), /data-action="retry">Erneut versuchen</);
});

const facets = {
  type: [{ value: 'post', count: 68, selected: false }, { value: 'praxisbeispiel', count: 44, selected: true }],
  topic: Array.from({ length: 14 }, (_, i) => ({ value: `Thema ${i}`, count: 20 - i, selected: i === 12 })),
  region: [],
  year: [{ value: '2021', count: 0, selected: false }],
};

test('facets are fieldsets of labelled checkboxes with counts; empty facets are left out', () => {
  const html = renderFacets(facets, { ...emptyState(), type: ['praxisbeispiel'], topic: ['Thema 12'] }, de);
  assert.match(html, /<fieldset class="facet facet-type"><legend>Art<\/legend>/);
  assert.match(html, /<input type="checkbox" data-facet="type" value="praxisbeispiel" data-key="facet-type-praxisbeispiel" checked><span class="label">Praxisbeispiel<\/span><span class="count">44<\/span>/);
  assert.match(html, /value="post" data-key="facet-type-post"><span class="label">Beitrag/);
  assert.doesNotMatch(html, /Bundesland/);
  assert.match(html, /<label class="zero"><input type="checkbox" data-facet="year" value="2021"/);
});

test('long facet lists show the first values, the selected ones, and a button for all', () => {
  const html = renderFacets(facets, { ...emptyState(), topic: ['Thema 12'] }, de, { limit: 8 });
  assert.match(html, /value="Thema 7"/);
  assert.doesNotMatch(html, /value="Thema 8"/);
  assert.match(html, /value="Thema 12"/, 'a selected value is always shown');
  assert.match(html, /data-action="expand" data-facet="topic" data-key="expand-topic" aria-expanded="false">Alle 14 anzeigen/);
  const all = renderFacets(facets, emptyState(), de, { limit: 8, expanded: new Set(['topic']) });
  assert.match(all, /value="Thema 13"/);
  assert.match(all, /aria-expanded="true">Weniger anzeigen/);
});

test('active filters are chips that remove themselves, with a label for screen readers', () => {
  const html = renderChips({ ...emptyState(), topic: ['Breitband'], type: ['post'] }, de);
  assert.match(html, /data-action="remove-filter" data-facet="topic" data-value="Breitband" data-key="chip-topic-Breitband" aria-label="Filter entfernen: Breitband"/);
  assert.match(html, />Beitrag<span aria-hidden="true"> ×<\/span>/);
  assert.match(html, /Alle Filter entfernen/);
  assert.equal(renderChips(emptyState(), de), '');
});

test('suggestions are listbox options with ids, the active one selected, typed part plain', () => {
  const html = renderSuggestions([{ text: 'Glasfaser', kind: 'word' }, { text: 'Glasfaserausbau in <Cham>', kind: 'title' }], 'glasf', 1, de, 'lb');
  assert.match(html, /<li role="option" id="lb-0" data-index="0" aria-selected="false"><span class="text"><span class="typed">Glasf<\/span><b>aser<\/b><\/span><\/li>/);
  assert.match(html, /id="lb-1" data-index="1" aria-selected="true" class="active">/);
  assert.match(html, /ausbau in &lt;Cham&gt;<\/b><\/span><span class="kind">Beitrag<\/span>/);
});

test('"more" tells how many are shown and disappears at the end', () => {
  assert.match(renderMore(10, 112, de), /10 von 112 angezeigt.*data-action="more"/s);
  assert.equal(renderMore(112, 112, de), '');
  assert.equal(renderMore(0, 0, de), '');
  // past searchd's exact-count-limit the total is an estimate
  assert.match(renderMore(10, 12345, de, { exact: false }), /10 von etwa 12\.345 angezeigt/);
  assert.match(renderMore(10, 12345, de), /10 von 12\.345 angezeigt/);
});

test('the related block is a labelled section with its heading, or nothing', () => {
  const html = renderRelated([hit], de, { idPrefix: 'r1' });
  assert.match(html, /<section class="related" aria-labelledby="r1-title"><h2 id="r1-title" class="related-title">Ähnliche Beiträge<\/h2>/);
  assert.match(html, /<h3 class="title">/);
  assert.equal(renderRelated([], de), '');
});
