// End-to-end: the demo page in Debian's chromium against a real fundus-searchd with the sample
// corpus. Each test uses a fresh browser context; every page is checked for console errors,
// uncaught exceptions and requests to anything but the loopback server.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SEARCH, axe, launchBrowser, openPage, ready, resultsAfter, standInDiscovery, startServer } from './harness.mjs';

let server;
let browser;
const missing = { suggest: false, related: false };
const contexts = [];

async function endpointMissing(url) {
  const response = await fetch(url);
  if (response.status !== 404) return false;
  const body = await response.json().catch(() => ({}));
  return /no such endpoint/.test(body?.error?.message ?? '');
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  missing.suggest = await endpointMissing(`${server.baseUrl}/api/suggest?q=gl`);
  missing.related = await endpointMissing(`${server.baseUrl}/api/related/praxis-001`);
  for (const [name, absent] of Object.entries(missing)) {
    if (absent) console.log(`note: this searchd has no /api/${name} yet; its tests use a stand-in with the API's shape`);
  }
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Chromium logs every 4xx/5xx response as a console error. Those a test provokes are expected, and
// so are the 404s of /api/suggest and /api/related while this searchd does not serve them yet.
function unexpected(errors, provoked = /^$/) {
  const notYet = missing.suggest || missing.related ? /status of 404/ : /^$/;
  return errors.filter((e) => !provoked.test(e) && !notYet.test(e));
}

/** A page on the demo; at the end of the test, clean() asserts that nothing went wrong on it. */
async function demo(path = '/', size) {
  const opened = await openPage(browser, server.baseUrl, size);
  contexts.push(opened.context);
  await standInDiscovery(opened.context, server.baseUrl, missing);
  await opened.page.goto(server.baseUrl + path);
  return {
    ...opened,
    w: (selector) => opened.page.locator(`${SEARCH} ${selector}`),
    clean() {
      assert.deepEqual(unexpected(opened.problems.errors), [], 'no console errors or uncaught exceptions');
      assert.deepEqual(opened.problems.foreign, [], 'no requests outside the search server');
    },
  };
}

async function hitIds(d) {
  return d.w('.hit .title a').evaluateAll((links) => links.map((a) => new URL(a.href).searchParams.get('id')));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seriousOnly = (violations) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

describe('the search widget on the demo page', () => {
  test('typing a query shows highlighted results, and how fast', async () => {
    const d = await demo('/');
    await ready(d.page);
    assert.match(await d.w('.status').textContent(), /^\d+ Beiträge$/, 'an empty query browses everything');
    const input = d.w('input[role=combobox]');
    const latencies = [];
    for (const query of ['Glasfaser', 'Dorfladen', 'Bürgerbeteiligung', 'Rufbus', 'Breitbandausbau', 'Telemedizin', 'Ehrenamt']) {
      await input.fill('');
      await d.page.evaluate((sel) => {
        const host = document.querySelector(sel);
        window.fundusTiming = { lastInput: 0 };
        window.fundusRendered = new Promise((resolve) => {
          const onResults = (e) => {
            if (e.detail.query !== window.fundusTiming.query) return;
            host.removeEventListener('fundus:results', onResults);
            // the results are in the DOM now; the next frame is when the reader sees them
            requestAnimationFrame(() => resolve(performance.now() - window.fundusTiming.lastInput));
          };
          host.addEventListener('fundus:results', onResults);
        });
        host.addEventListener('input', () => { window.fundusTiming.lastInput = performance.now(); });
      }, SEARCH);
      await d.page.evaluate((q) => { window.fundusTiming.query = q; }, query);
      await input.pressSequentially(query, { delay: 40 });
      latencies.push(await d.page.evaluate(() => window.fundusRendered));
      await d.w('.status').filter({ hasText: `„${query}“` }).waitFor();
      assert.ok(await d.w('.hit').count() > 0, `results for ${query}`);
      assert.ok(await d.w('.snippet mark').count() > 0, `highlighted words for ${query}`);
    }
    assert.match(await d.w('.snippet mark').first().textContent(), /ehrenamt/i);
    assert.equal(new URL(d.page.url()).searchParams.get('q'), 'Ehrenamt', 'the query is in the page URL');
    console.log(`keystroke-to-results on the demo: median ${median(latencies).toFixed(0)} ms, ` +
      `max ${Math.max(...latencies).toFixed(0)} ms over ${latencies.length} queries (150 ms debounce included)`);
    d.clean();
  });

  test('picking a suggestion with the keyboard (WAI-ARIA combobox)', async () => {
    const d = await demo('/');
    await ready(d.page);
    const input = d.w('input[role=combobox]');
    const listbox = d.w('[role=listbox]');
    await input.focus();
    await input.pressSequentially('glasf', { delay: 40 });
    await listbox.waitFor({ state: 'visible' });
    assert.equal(await input.getAttribute('aria-expanded'), 'true');
    const options = d.w('[role=option]');
    const n = await options.count();
    assert.ok(n >= 1, 'at least one suggestion');
    await input.press('ArrowDown');
    assert.equal(await options.first().getAttribute('aria-selected'), 'true');
    assert.equal(await input.getAttribute('aria-activedescendant'), await options.first().getAttribute('id'));
    await input.press('ArrowUp');
    assert.equal(await options.last().getAttribute('aria-selected'), 'true', 'ArrowUp from the first wraps to the last');
    await input.press('ArrowDown');
    const picked = (await options.first().locator('.text').textContent()).trim();
    const detail = await resultsAfter(d.page, () => input.press('Enter'));
    assert.equal(await input.inputValue(), picked);
    assert.equal(detail.query, picked);
    assert.equal(await listbox.isHidden(), true);
    assert.equal(await input.getAttribute('aria-expanded'), 'false');
    assert.equal(await input.getAttribute('aria-activedescendant'), null);
    assert.equal(await d.page.evaluate((sel) => document.querySelector(sel).shadowRoot.activeElement?.getAttribute('role'), SEARCH), 'combobox', 'focus stays in the box');
    // Escape closes the list and keeps the text; a second Escape clears the box
    await input.pressSequentially(' ', { delay: 10 });
    await input.press('Backspace');
    await input.press('ArrowDown');
    await listbox.waitFor({ state: 'visible' });
    await input.press('Escape');
    assert.equal(await listbox.isHidden(), true);
    assert.equal(await input.inputValue(), picked);
    // the mouse works too
    await input.fill('');
    await input.pressSequentially('dorf', { delay: 40 });
    await listbox.waitFor({ state: 'visible' });
    const clicked = (await options.first().locator('.text').textContent()).trim();
    await resultsAfter(d.page, () => options.first().click());
    assert.equal(await input.inputValue(), clicked);
    d.clean();
  });

  test('toggling two facets changes counts and results; the URL follows; focus stays', async () => {
    const d = await demo('/');
    await ready(d.page);
    const total = async () => Number((await d.w('.status').textContent()).match(/[\d.]+/)[0].replace('.', ''));
    const count = (facet, value) => d.w(`input[data-facet="${facet}"][value="${value}"]`).locator('xpath=..').locator('.count').textContent();
    const all = await total();
    const praxisBefore = Number(await count('type', 'praxisbeispiel'));

    // one facet with the keyboard: focus the checkbox and press Space
    const breitband = d.w('input[data-facet="topic"][value="Breitband"]');
    await breitband.focus();
    await resultsAfter(d.page, () => d.page.keyboard.press('Space'));
    const afterTopic = await total();
    assert.ok(afterTopic < all, `${afterTopic} < ${all}`);
    assert.equal(await breitband.isChecked(), true);
    assert.equal(await d.page.evaluate((sel) => document.querySelector(sel).shadowRoot.activeElement?.value, SEARCH), 'Breitband', 'focus stays on the checkbox');
    for (const topics of await d.w('.hit .topics').allTextContents()) assert.match(topics, /Breitband/);
    assert.ok(Number(await count('type', 'praxisbeispiel')) < praxisBefore, 'the other facets count within the filter');

    // a second facet with the mouse
    await resultsAfter(d.page, () => d.w('input[data-facet="type"][value="praxisbeispiel"]').click());
    const afterType = await total();
    assert.ok(afterType <= afterTopic && afterType > 0);
    for (const meta of await d.w('.hit .meta').allTextContents()) assert.match(meta, /^Praxisbeispiel/);
    assert.equal(Number(await count('topic', 'Breitband')), afterType, 'a facet ignores its own selection: Breitband counts the praxis examples');

    // a second value of the same facet widens the results (OR within a facet)
    await resultsAfter(d.page, () => d.w('input[data-facet="topic"][value="Energie"]').click());
    assert.ok(await total() >= afterType);
    const url = new URL(d.page.url());
    assert.deepEqual(url.searchParams.getAll('topic'), ['Breitband', 'Energie']);
    assert.deepEqual(url.searchParams.getAll('type'), ['praxisbeispiel']);
    assert.equal(await d.w('.chip[data-action="remove-filter"]').count(), 3, 'a chip per active filter');
    d.clean();
  });

  test('a shared URL shows the same state; the back button undoes a filter', async () => {
    const first = await demo('/?q=Digitalisierung&topic=Verwaltung&topic=Beteiligung&type=post&sort=date');
    await ready(first.page);
    const ids = await hitIds(first);
    const status = await first.w('.status').textContent();
    assert.ok(ids.length > 0);

    const shared = await demo(new URL(first.page.url()).pathname + new URL(first.page.url()).search);
    await ready(shared.page);
    assert.equal(await shared.w('input[role=combobox]').inputValue(), 'Digitalisierung');
    assert.equal(await shared.w('input[data-facet="topic"][value="Verwaltung"]').isChecked(), true);
    assert.equal(await shared.w('input[data-facet="topic"][value="Beteiligung"]').isChecked(), true);
    assert.equal(await shared.w('input[data-facet="type"][value="post"]').isChecked(), true);
    assert.equal(await shared.w('select').inputValue(), 'date');
    assert.equal(await shared.w('.status').textContent(), status);
    assert.deepEqual(await hitIds(shared), ids);

    await resultsAfter(shared.page, () => shared.w('input[data-facet="type"][value="post"]').click());
    assert.equal(new URL(shared.page.url()).searchParams.get('type'), null);
    await resultsAfter(shared.page, () => shared.page.goBack());
    assert.equal(new URL(shared.page.url()).searchParams.get('type'), 'post');
    assert.equal(await shared.w('input[data-facet="type"][value="post"]').isChecked(), true);
    assert.deepEqual(await hitIds(shared), ids);
    first.clean();
    shared.clean();
  });

  test('"more results" appends the next page and moves focus to it; a reload keeps them', async () => {
    const d = await demo('/');
    await ready(d.page);
    assert.equal(await d.w('.hit').count(), 10);
    await resultsAfter(d.page, () => d.w('button.more').click());
    assert.equal(await d.w('.hit').count(), 20);
    assert.equal(await d.page.evaluate((sel) => document.querySelector(sel).shadowRoot.activeElement?.closest('.hit')?.dataset.index, SEARCH), '10');
    assert.equal(new URL(d.page.url()).searchParams.get('page'), '2');
    await d.page.reload();
    await ready(d.page);
    assert.equal(await d.w('.hit').count(), 20);
    d.clean();
  });

  test('did-you-mean, empty and error states', async () => {
    const d = await demo('/?q=Glasfsaer');
    await ready(d.page);
    assert.match(await d.w('.notices').textContent(), /Glasfsaer|Meinten Sie/);

    await resultsAfter(d.page, () => d.w('input[role=combobox]').fill('xqzjvw'));
    assert.match(await d.w('.empty').textContent(), /Keine Ergebnisse für „xqzjvw“/);

    // the server fails: a message, a retry button, one line in the console, nothing thrown
    await d.page.route('**/api/search?**', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal","message":"boom"}}' }));
    await d.w('input[role=combobox]').fill('Glasfaser');
    await d.w('.error').waitFor();
    assert.match(await d.w('.status').textContent(), /nicht erreichbar/);
    await d.page.unroute('**/api/search?**');
    // the suggestion list may still be open over the results; a reader dismisses it first
    await d.w('input[role=combobox]').press('Escape');
    assert.equal(await d.w('[role=listbox]').isHidden(), true);
    await resultsAfter(d.page, () => d.w('.error button').click());
    assert.ok(await d.w('.hit').count() > 0);
    assert.equal(d.problems.warnings.filter((w) => w.startsWith('[fundus] search failed')).length, 1);
    assert.deepEqual(unexpected(d.problems.errors, /status of 500/), []);
  });

  test('a slow, older response never overwrites a newer one', async () => {
    const d = await demo('/');
    await ready(d.page);
    await d.page.route('**/api/search?**', async (route) => {
      if (new URL(route.request().url()).searchParams.get('q') === 'Dorf') await new Promise((r) => setTimeout(r, 1200));
      await route.continue().catch(() => {});
    });
    const input = d.w('input[role=combobox]');
    await input.fill('Dorf');
    await d.page.waitForTimeout(300); // the request for "Dorf" is on its way
    await resultsAfter(d.page, () => input.fill('Dorfladen'));
    await d.page.waitForTimeout(1500); // the answer for "Dorf" would have arrived by now
    assert.match(await d.w('.status').textContent(), /„Dorfladen“/);
    d.clean();
  });

  test('suggestions degrade quietly when /api/suggest fails', async () => {
    const d = await demo('/');
    await ready(d.page);
    await d.page.route('**/api/suggest?**', (route) => route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"code":"not_found","message":"no such endpoint"}}' }));
    await resultsAfter(d.page, () => d.w('input[role=combobox]').pressSequentially('Glasfaser', { delay: 30 }));
    await d.page.waitForTimeout(200);
    assert.equal(await d.w('[role=listbox]').isHidden(), true);
    assert.ok(await d.w('.hit').count() > 0, 'the search itself works');
    assert.equal(d.problems.warnings.filter((w) => w.startsWith('[fundus] suggestions unavailable')).length, 1, 'one line, not one per keystroke');
    assert.deepEqual(unexpected(d.problems.errors, /status of 404/), []);
  });

  test('on a 360 px phone: no horizontal scrolling, filters behind a button', async () => {
    const d = await demo('/?q=Glasfaser', { width: 360, height: 740 });
    await ready(d.page);
    assert.ok(await d.page.evaluate(() => document.documentElement.scrollWidth) <= 360, 'no horizontal scroll');
    const toggle = d.w('button.toggle');
    assert.equal(await toggle.isVisible(), true);
    assert.equal(await d.w('.facets').isHidden(), true);
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await resultsAfter(d.page, () => d.w('input[data-facet="topic"][value="Breitband"]').check());
    assert.match(await toggle.textContent(), /Filter \(1\)/);
    const box = await d.w('input[role=combobox]').boundingBox();
    assert.ok(box.width >= 150 && box.x + box.width <= 360);
    d.clean();
  });

  test('the host page\'s CSS does not reach the widget, and the widget\'s does not leak', async () => {
    const d = await demo('/');
    await ready(d.page);
    const submit = await d.w('button.submit').evaluate((b) => getComputedStyle(b).backgroundColor);
    assert.notEqual(submit, 'rgb(255, 105, 180)', 'the blog\'s "button { background: hotpink }" stays outside');
    assert.match(await d.page.locator('h1').evaluate((h) => getComputedStyle(h).fontFamily), /Georgia/);
    d.clean();
  });

  test('as an ES module: mount() returns {search, destroy} and leaves the URL alone', async () => {
    const d = await demo('/demo/post.html?id=praxis-001');
    const detail = await d.page.evaluate(async () => {
      const { mount } = await import('/fundus.mjs');
      const el = document.createElement('div');
      el.id = 'module-search';
      document.querySelector('main').append(el);
      const widget = mount('#module-search', { urlSync: false, translations: { submit: 'Los' } });
      const results = new Promise((resolve) => el.addEventListener('fundus:results', (e) => resolve(e.detail), { once: true }));
      widget.search({ q: 'Rufbus', type: ['praxisbeispiel'] });
      const got = await results;
      const shown = { ...got, button: el.shadowRoot.querySelector('.submit').textContent, checked: el.shadowRoot.querySelector('input[value="praxisbeispiel"]')?.checked };
      widget.destroy();
      return { ...shown, afterDestroy: el.shadowRoot.innerHTML, bad: mount('#no-such-element'), url: location.search };
    });
    assert.equal(detail.query, 'Rufbus');
    assert.ok(detail.total > 0);
    assert.equal(detail.button, 'Los');
    assert.equal(detail.checked, true);
    assert.equal(detail.afterDestroy, '');
    assert.equal(detail.url, '?id=praxis-001', 'urlSync: false keeps the page URL');
    assert.deepEqual(Object.keys(detail.bad), ['search', 'destroy'], 'a bad selector gives a handle that does nothing');
    assert.ok(d.problems.warnings.some((w) => w.startsWith('[fundus] mount(): no element')));
    d.clean();
  });

  test('axe-core finds no serious or critical accessibility violations', async () => {
    const d = await demo('/?q=Glasfaser&topic=Breitband');
    await ready(d.page);
    const report = [];
    report.push(...(await axe(d.page)).map((v) => ({ ...v, state: 'results' })));
    {
      await d.w('input[role=combobox]').fill('');
      // The typed query's search must have answered: while it runs, the results are dimmed
      // (aria-busy), and axe would measure the dimmed text's contrast.
      await resultsAfter(d.page, () => d.w('input[role=combobox]').pressSequentially('dorf', { delay: 30 }));
      await d.w('.results[aria-busy=true]').waitFor({ state: 'hidden' });
      await d.w('[role=listbox]').waitFor({ state: 'visible' });
      await d.w('input[role=combobox]').press('ArrowDown');
      report.push(...(await axe(d.page)).map((v) => ({ ...v, state: 'suggestions open' })));
    }
    await resultsAfter(d.page, () => d.w('input[role=combobox]').fill('xqzjvw'));
    report.push(...(await axe(d.page)).map((v) => ({ ...v, state: 'no results' })));
    const phone = await demo('/?q=Dorfladen', { width: 360, height: 740 });
    await ready(phone.page);
    await phone.w('button.toggle').click();
    report.push(...(await axe(phone.page)).map((v) => ({ ...v, state: 'phone, filters open' })));
    for (const v of report) console.log(`axe (${v.state}): ${v.impact} ${v.id}: ${v.help} at ${v.nodes.join(', ')}`);
    assert.deepEqual(seriousOnly(report), []);
    d.clean();
    phone.clean();
  });
});

describe('the search widget when searchd estimates the total', () => {
  // exact-count-limit 1: past the first match searchd counts no further and says so
  // (total_exact false); its estimate may be higher than what there is.
  let estimating;
  before(async () => { estimating = await startServer({ searchdArgs: ['--exact-count-limit', '1'] }); });
  after(async () => { await estimating?.stop(); });

  test('"etwa" marks the estimate and "more" ends where the results end', async () => {
    const opened = await openPage(browser, estimating.baseUrl);
    contexts.push(opened.context);
    const { page } = opened;
    const w = (selector) => page.locator(`${SEARCH} ${selector}`);
    await page.goto(`${estimating.baseUrl}/?q=Gemeinde`);
    await ready(page);
    const answer = await (await fetch(`${estimating.baseUrl}/api/search?q=Gemeinde`)).json();
    assert.equal(answer.total_exact, false, 'the page-1 answer is an estimate');
    assert.equal(answer.counts_exact, false);
    assert.match(await w('.status').textContent(), /etwa \d+ Ergebnisse/);
    assert.match(await w('.shown').textContent(), /^10 von etwa \d+ angezeigt$/);
    assert.equal(await w('.hit').count(), 10);
    let last = { shown: 10 };
    for (let i = 0; i < 30 && await w('button.more').count() > 0; ++i)
      last = await resultsAfter(page, () => w('button.more').click());
    assert.equal(await w('button.more').count(), 0, 'no "more" button after the last page');
    const all = await (await fetch(`${estimating.baseUrl}/api/search?q=Gemeinde&size=100`)).json();
    // one page holding every match: its total is the true count, the facets counted over the
    // first exact-count-limit matches only
    assert.equal(all.hits.length, all.total);
    assert.equal(all.total_exact, true);
    assert.equal(all.facets_exact, false);
    assert.equal(all.counts_exact, false);
    assert.equal(last.shown, all.total, 'every match shown once the pages ran out');
    assert.equal(await w('.hit').count(), all.total);
    const ids = await w('.hit .title a').evaluateAll((links) => links.map((a) => a.href));
    assert.equal(new Set(ids).size, ids.length, 'no hit twice');
    assert.deepEqual(opened.problems.errors, []);
    assert.deepEqual(opened.problems.foreign, []);
  });
});

describe('the related posts on a post page', () => {
  test('"Ähnliche Beiträge" lists related posts, not the post itself', async () => {
    const d = await demo('/demo/post.html?id=praxis-001');
    const related = d.page.locator('[data-fundus-related]');
    await related.locator('.hit').first().waitFor();
    assert.equal(await related.locator('h2').textContent(), 'Ähnliche Beiträge');
    // the demo's stand-in CMS shows the post itself above its related posts
    await d.page.waitForFunction(() => document.getElementById('post-title')?.textContent !== 'Beitrag');
    assert.match(await d.page.title(), / – Land\.Digital$/);
    assert.notEqual(await d.page.locator('#post-teaser').textContent(), '');
    const n = await related.locator('.hit').count();
    assert.ok(n >= 1 && n <= 5, `${n} related posts`);
    const ids = await related.locator('.hit .title a').evaluateAll((links) => links.map((a) => new URL(a.href).searchParams.get('id')));
    assert.ok(!ids.includes('praxis-001'));
    const violations = await axe(d.page);
    for (const v of violations) console.log(`axe (post page): ${v.impact} ${v.id}: ${v.help}`);
    assert.deepEqual(seriousOnly(violations), []);
    // following a related link shows that post with its own related posts
    await related.locator('.hit .title a').first().click();
    await d.page.waitForURL(/id=/);
    await d.page.locator('[data-fundus-related] .hit').first().waitFor();
    assert.equal(new URL(d.page.url()).searchParams.get('id'), ids[0]);
    d.clean();
  });

  test('an unknown post id shows nothing and logs one line', async () => {
    const d = await demo('/demo/post.html?id=no-such-post');
    const logged = () => d.problems.warnings.filter((w) => w.startsWith('[fundus] related posts')).length;
    for (let i = 0; i < 100 && logged() === 0; i += 1) await d.page.waitForTimeout(50);
    assert.equal(logged(), 1);
    assert.equal(await d.page.locator('[data-fundus-related] .hit').count(), 0);
    assert.equal(await d.page.locator('[data-fundus-related]').evaluate((el) => el.shadowRoot.innerHTML), '');
    assert.deepEqual(unexpected(d.problems.errors, /status of 404/), []);
  });
});
