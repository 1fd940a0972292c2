// State: page URL <-> state, API URLs, and the transitions a reader's actions cause.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  acceptSuggestedFilter, clearFilters, createTicketCounter, emptyState, filterCount, initialRequest,
  queryForState, queryWithSuggestion, relatedUrl, searchUrl, stateFromQuery, suggestUrl,
  toggleFacet, withChanges,
} from '../../widget/src/state.js';

test('an empty query string is the empty state', () => {
  assert.deepEqual(stateFromQuery(''), emptyState());
});

test('the state is read from the page URL, repeatable facets included', () => {
  const s = stateFromQuery('?q=Glasfaser+Ausbau&topic=Breitband&topic=Energie&region=Bayern&type=praxisbeispiel&year=2021&sort=date&page=3&utm_source=x');
  assert.equal(s.q, 'Glasfaser Ausbau');
  assert.deepEqual(s.topic, ['Breitband', 'Energie']);
  assert.deepEqual(s.region, ['Bayern']);
  assert.deepEqual(s.type, ['praxisbeispiel']);
  assert.deepEqual(s.year, ['2021']);
  assert.equal(s.sort, 'date');
  assert.equal(s.page, 3);
});

test('bad values in the URL fall back to defaults', () => {
  const s = stateFromQuery('?page=-2&sort=random&topic=&topic=A&topic=A');
  assert.equal(s.page, 1);
  assert.equal(s.sort, '');
  assert.deepEqual(s.topic, ['A']);
  assert.equal(stateFromQuery('?page=2x').page, 1);
  assert.equal(stateFromQuery('?page=100000').page, 100);
});

test('the page URL keeps the page\'s own parameters and replaces the widget\'s', () => {
  const s = withChanges(emptyState(), { q: 'Bürger*innen', topic: ['Beteiligung', 'Open Data'] });
  assert.equal(queryForState(s, '?lang=de&q=alt&topic=X'), '?lang=de&q=B%C3%BCrger*innen&topic=Beteiligung&topic=Open+Data');
  assert.equal(queryForState(emptyState(), '?q=alt'), '');
  assert.equal(queryForState(emptyState(), '?lang=de'), '?lang=de');
});

test('URL and state round-trip', () => {
  const s = { ...emptyState(), q: 'Dorfladen „24/7“ & Co', topic: ['Nahversorgung'], region: ['Hessen'], district: ['Vogelsbergkreis'], year: ['2020', '2021'], sort: 'relevance', page: 2, from: '2020-01-01', to: '' };
  assert.deepEqual(stateFromQuery(queryForState(s)), s);
});

test('a prefix keeps the widget\'s parameters apart from the page\'s', () => {
  const s = withChanges(emptyState(), { q: 'Rufbus' });
  const query = queryForState(s, '?q=page-search', 'fs_');
  assert.equal(query, '?q=page-search&fs_q=Rufbus');
  assert.equal(stateFromQuery(query, 'fs_').q, 'Rufbus');
});

test('the search URL carries every filter, repeatable ones repeated', () => {
  const s = { ...emptyState(), q: 'Glasfaser', topic: ['Breitband', 'Energie'], type: ['post'], sort: 'date', page: 2 };
  const url = new URL(searchUrl('https://search.example/', s, { size: 10 }));
  assert.equal(url.origin + url.pathname, 'https://search.example/api/search');
  assert.deepEqual(url.searchParams.getAll('topic'), ['Breitband', 'Energie']);
  assert.equal(url.searchParams.get('q'), 'Glasfaser');
  assert.equal(url.searchParams.get('type'), 'post');
  assert.equal(url.searchParams.get('sort'), 'date');
  assert.equal(url.searchParams.get('page'), '2');
  assert.equal(url.searchParams.get('size'), '10');
});

test('a same-origin endpoint gives relative API URLs', () => {
  assert.equal(searchUrl('', emptyState(), { size: 10 }), '/api/search?size=10');
  assert.equal(suggestUrl('', 'Glasf', 8), '/api/suggest?q=Glasf&size=8');
  assert.equal(suggestUrl('', 'Bürger', 8), '/api/suggest?q=B%C3%BCrger&size=8');
});

test('the related URL escapes the id', () => {
  assert.equal(relatedUrl('https://s.example', 'praxis-001'), 'https://s.example/api/related/praxis-001?size=5');
  assert.equal(relatedUrl('', 'a/b c', { size: 3, type: 'praxisbeispiel' }), '/api/related/a%2Fb%20c?size=3&type=praxisbeispiel');
});

test('a shared URL on page 3 loads the first 30 results in one request', () => {
  assert.deepEqual(initialRequest({ ...emptyState(), page: 3 }, 10), { page: 1, size: 30, shownPages: 3 });
  assert.deepEqual(initialRequest(emptyState(), 10), { page: 1, size: 10, shownPages: 1 });
  assert.deepEqual(initialRequest({ ...emptyState(), page: 20 }, 10), { page: 1, size: 100, shownPages: 10 });
});

test('toggling facet values: several per facet, off again, back to page 1', () => {
  let s = { ...emptyState(), page: 4 };
  s = toggleFacet(s, 'topic', 'Breitband');
  s = toggleFacet(s, 'topic', 'Energie');
  s = toggleFacet(s, 'type', 'post');
  assert.deepEqual(s.topic, ['Breitband', 'Energie']);
  assert.deepEqual(s.type, ['post']);
  assert.equal(s.page, 1);
  s = toggleFacet(s, 'topic', 'Breitband');
  assert.deepEqual(s.topic, ['Energie']);
  assert.equal(filterCount(s), 2);
  assert.equal(toggleFacet(s, 'colour', 'x'), s, 'unknown facets change nothing');
});

test('switching off the last Land also drops its Kreise', () => {
  let s = toggleFacet(emptyState(), 'region', 'Bayern');
  s = toggleFacet(s, 'district', 'Landkreis Cham');
  assert.deepEqual(toggleFacet(s, 'region', 'Bayern').district, []);
});

test('a transition never changes the state it started from', () => {
  const s = Object.freeze({ ...emptyState(), topic: Object.freeze(['A']) });
  toggleFacet(s, 'topic', 'B');
  clearFilters(s);
  withChanges(s, { q: 'x' });
  assert.deepEqual(s.topic, ['A']);
});

test('clearFilters keeps the query and the sort order', () => {
  const s = clearFilters({ ...emptyState(), q: 'x', sort: 'date', topic: ['A'], region: ['Bayern'], from: '2020-01-01' });
  assert.equal(s.q, 'x');
  assert.equal(s.sort, 'date');
  assert.equal(filterCount(s), 0);
});

test('a picked suggestion completes the word being typed', () => {
  assert.equal(queryWithSuggestion('smart reg', { text: 'region', kind: 'word' }), 'smart region');
  assert.equal(queryWithSuggestion('smart reg', { text: 'smart region', kind: 'word' }), 'smart region');
  assert.equal(queryWithSuggestion('glasf', { text: 'glasfaser', kind: 'word' }), 'glasfaser');
  assert.equal(queryWithSuggestion('dorf digi', { text: 'Digitale Dörfer', kind: 'title' }), 'Digitale Dörfer');
  assert.equal(queryWithSuggestion('ausbau Breit', { text: 'Breitband', kind: 'topic' }), 'Breitband');
});

test('accepting a recognised filter moves its words from the query into the filter', () => {
  const s = { ...emptyState(), q: 'Glasfaser Cham Förderung', page: 2 };
  const next = acceptSuggestedFilter(s, { parameter: 'district', value: 'Landkreis Cham', matched: 'Cham' });
  assert.equal(next.q, 'Glasfaser Förderung');
  assert.deepEqual(next.district, ['Landkreis Cham']);
  assert.equal(next.page, 1);
  const two = acceptSuggestedFilter({ ...emptyState(), q: 'Rufbus Sächsische Schweiz' },
    { parameter: 'district', value: 'Sächsische Schweiz-Osterzgebirge', matched: 'sächsische schweiz' });
  assert.equal(two.q, 'Rufbus');
  assert.equal(acceptSuggestedFilter(s, { parameter: 'evil', value: 'x' }), s);
});

test('only the newest ticket is current: stale responses are dropped', () => {
  const tickets = createTicketCounter();
  const first = tickets.take();
  const second = tickets.take();
  assert.ok(!tickets.isCurrent(first));
  assert.ok(tickets.isCurrent(second));
});
