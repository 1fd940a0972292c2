// Settings: mount() options over data-* attributes over defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveOptions } from '../../widget/src/options.js';

test('defaults', () => {
  const o = resolveOptions({}, {});
  assert.equal(o.endpoint, '');
  assert.equal(o.pageSize, 10);
  assert.equal(o.suggestSize, 8);
  assert.equal(o.urlSync, true);
  assert.equal(o.headingLevel, undefined);
  assert.equal(o.t.locale, 'de-DE');
});

test('the endpoint: options, then data-endpoint, then the script origin', () => {
  assert.equal(resolveOptions({}, { defaultEndpoint: 'https://s.example' }).endpoint, 'https://s.example');
  assert.equal(resolveOptions({ endpoint: 'https://d.example' }, { defaultEndpoint: 'https://s.example' }).endpoint, 'https://d.example');
  assert.equal(resolveOptions({ endpoint: 'https://d.example' }, { endpoint: 'https://o.example' }).endpoint, 'https://o.example');
});

test('data attributes are read and clamped', () => {
  const o = resolveOptions({ pageSize: '500', urlSync: 'false', resultUrl: '/p?id={id}', headingLevel: '1', postId: 'praxis-001' });
  assert.equal(o.pageSize, 50);
  assert.equal(o.urlSync, false);
  assert.equal(o.resultUrl, '/p?id={id}');
  assert.equal(o.headingLevel, 2);
  assert.equal(o.postId, 'praxis-001');
  assert.equal(resolveOptions({ pageSize: 'viele' }).pageSize, 10);
});

test('translations given to mount() override the German defaults', () => {
  assert.equal(resolveOptions({}, { translations: { submit: 'Los' } }).t.submit, 'Los');
});
