// Takes the README's screenshots of the demo: desktop (1280 px) and phone (360 px) width, into
// docs/screenshots/. Run by hand after a visible change: node tests/browser/screenshots.mjs
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SEARCH, launchBrowser, openPage, ready, repoRoot, startServer } from './harness.mjs';

const out = join(repoRoot, 'docs/screenshots');
mkdirSync(out, { recursive: true });
const server = await startServer();
const browser = await launchBrowser();
const missing = {};
for (const [name, url] of [['suggest', '/api/suggest?q=gl'], ['related', '/api/related/praxis-001']]) {
  const body = await (await fetch(server.baseUrl + url)).json().catch(() => ({}));
  missing[name] = /no such endpoint/.test(body?.error?.message ?? '');
  if (missing[name]) console.log(`note: no /api/${name} in this searchd: its screenshot is not taken`);
}
const open = (size) => openPage(browser, server.baseUrl, size);
try {
  const desktop = await open({ width: 1280, height: 900 });
  await desktop.page.goto(`${server.baseUrl}/?q=Glasfaser&type=praxisbeispiel`);
  await ready(desktop.page);
  await desktop.page.screenshot({ path: join(out, 'demo-desktop.png') });
  if (!missing.suggest) {
    const input = desktop.page.locator(`${SEARCH} input[role=combobox]`);
    await input.fill('');
    await input.pressSequentially('Glasf', { delay: 30 });
    await desktop.page.locator(`${SEARCH} [role=listbox]`).waitFor({ state: 'visible' });
    await input.press('ArrowDown');
    await desktop.page.screenshot({ path: join(out, 'demo-suggestions.png'), clip: { x: 0, y: 0, width: 1280, height: 560 } });
  }

  const phone = await open({ width: 360, height: 760 });
  await phone.page.goto(`${server.baseUrl}/?q=Dorfladen`);
  await ready(phone.page);
  await phone.page.screenshot({ path: join(out, 'demo-phone.png') });
  await phone.page.locator(`${SEARCH} .toggle`).click();
  await phone.page.screenshot({ path: join(out, 'demo-phone-filters.png') });

  if (!missing.related) {
    const post = await open({ width: 1280, height: 900 });
    await post.page.goto(`${server.baseUrl}/demo/post.html?id=praxis-001`);
    await post.page.locator('[data-fundus-related] .hit').first().waitFor();
    await post.page.waitForFunction(() => document.getElementById('post-title')?.textContent !== 'Beitrag');
    await post.page.screenshot({ path: join(out, 'demo-post-related.png'), fullPage: true });
  }
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  await server.stop();
}
