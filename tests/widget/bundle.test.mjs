// The built widget: size budget, and what it must not contain (third-party URLs, cookies, eval).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const widget = join(dirname(fileURLToPath(import.meta.url)), '../../widget');
const BUDGET = 12 * 1024;

// Builds once for all tests here (needs `npm ci` in widget/, which scripts/install-deps runs).
const buildOutput = execFileSync(process.execPath, [join(widget, 'build.mjs')], { encoding: 'utf8' });
const js = readFileSync(join(widget, 'dist/widget.js'));
const mjs = readFileSync(join(widget, 'dist/fundus.mjs'), 'utf8');

test(`widget.js is at most ${BUDGET / 1024} KB minified and gzipped`, () => {
  const gzipped = gzipSync(js, { level: 9 }).length;
  console.log(`widget.js: ${js.length} bytes minified, ${gzipped} bytes gzipped (budget ${BUDGET})`);
  assert.ok(gzipped <= BUDGET, `${gzipped} bytes gzipped > ${BUDGET}\n${buildOutput}`);
});

test('widget.js makes no third-party requests, sets no cookies, evaluates no strings', () => {
  const text = js.toString('utf8');
  assert.doesNotMatch(text, /https?:\/\/(?!www\.w3\.org\/2000\/svg)/, 'no absolute URLs');
  assert.doesNotMatch(text, /document\.cookie|localStorage|sessionStorage/);
  assert.doesNotMatch(text, /\beval\(|new Function\(/);
  assert.match(text, /credentials:"omit"/);
});

test('widget.js is a self-contained script, fundus.mjs an ES module exporting mount', () => {
  assert.doesNotMatch(js.toString('utf8'), /^\s*(import|export)\b/m);
  assert.match(mjs, /export\s*\{[^}]*\bmount\b/);
});
