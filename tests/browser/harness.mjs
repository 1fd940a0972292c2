// What every browser test needs: the widget built, an index of data/corpus in a temporary
// directory, a real fundus-searchd on a free loopback port, and Debian's chromium via
// playwright-core (never a downloaded browser). Everything started here is stopped by stop().

import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const buildDir = (() => {
  const dir = process.env.FUNDUS_BUILD_DIR || 'build';
  return isAbsolute(dir) ? dir : join(repoRoot, dir);
})();
const chromiumPath = process.env.FUNDUS_CHROMIUM || '/usr/bin/chromium';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function need(path, hint) {
  if (!existsSync(path)) throw new Error(`browser tests: ${path} is missing (${hint})`);
  return path;
}

async function waitForHealth(baseUrl, child, log) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`fundus-searchd exited (${child.exitCode}):\n${log()}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`fundus-searchd did not answer /healthz within 30 s:\n${log()}`);
}

/**
 * Builds the widget and an index, starts searchd on 127.0.0.1 (port 0: it picks a free one) with
 * `searchdArgs` added to its command line.
 */
export async function startServer({ searchdArgs = [] } = {}) {
  execFileSync(process.execPath, [join(repoRoot, 'widget/build.mjs')], { stdio: 'pipe' });
  const indexer = need(join(buildDir, 'indexer/fundus-index'), 'build the project first, or set FUNDUS_BUILD_DIR');
  const searchd = need(join(buildDir, 'searchd/fundus-searchd'), 'build the project first, or set FUNDUS_BUILD_DIR');
  const indexDir = mkdtempSync(join(tmpdir(), 'fundus-browser-'));
  execFileSync(indexer, ['build', '--input', join(repoRoot, 'data/corpus'), '--index', indexDir], { stdio: 'pipe' });
  let output = '';
  const child = spawn(searchd, ['--index', indexDir, '--listen', '127.0.0.1:0', '--widget-dir', join(repoRoot, 'widget'), '--threads', '4', ...searchdArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const deadline = Date.now() + 30_000;
  let port = 0;
  while (!port && Date.now() < deadline && child.exitCode === null) {
    port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1] ?? 0);
    if (!port) await sleep(50);
  }
  if (!port) {
    child.kill('SIGKILL');
    throw new Error(`fundus-searchd did not say which port it listens on:\n${output}`);
  }
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, child, () => output);
  return {
    baseUrl,
    log: () => output,
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(5000)]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      rmSync(indexDir, { recursive: true, force: true });
    },
  };
}

/** Debian's chromium, headless, with a fresh profile (playwright makes a new user-data-dir). */
export async function launchBrowser() {
  need(chromiumPath, 'apt-get install -y chromium, or set FUNDUS_CHROMIUM');
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A new page that records console errors, warnings and uncaught exceptions. Requests that leave
 * the loopback server are aborted and recorded: the widget must make no third-party requests.
 */
export async function openPage(browser, baseUrl, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'de-DE', bypassCSP: false });
  const page = await context.newPage();
  const problems = { errors: [], warnings: [], foreign: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') problems.errors.push(m.text());
    if (m.type() === 'warning') problems.warnings.push(m.text());
  });
  page.on('pageerror', (e) => problems.errors.push(`uncaught: ${e.message}`));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(baseUrl) || url.startsWith('data:')) return route.continue();
    problems.foreign.push(url);
    return route.abort();
  });
  return { context, page, problems };
}

export const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core in the page (open shadow roots included); returns all violations. */
export async function axe(page) {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }));
  });
}

/** The search widget's host element. */
export const SEARCH = '[data-fundus-search]';

/** Waits until the search widget has shown its first results (the status line has a count). */
export async function ready(page) {
  await page.locator(`${SEARCH} .status`).filter({ hasText: /\d/ }).waitFor();
}

/** Runs `action` and waits for the search widget's next 'fundus:results' event; returns its detail. */
export async function resultsAfter(page, action) {
  await page.evaluate((sel) => {
    window.fundusNextResults = new Promise((resolvePromise) => {
      document.querySelector(sel).addEventListener('fundus:results', (e) => resolvePromise(e.detail), { once: true });
    });
  }, SEARCH);
  await action();
  return page.evaluate(() => window.fundusNextResults);
}

const STAND_IN_WORDS = [
  ['Glasfaser', 'word'], ['Glasfaserausbau', 'word'], ['Glasfasernetz', 'word'], ['Dorfladen', 'word'],
  ['Dorfgemeinschaft', 'word'], ['Digitalisierung', 'word'], ['Breitband', 'topic'], ['Bürgerbeteiligung', 'word'],
];

/**
 * Stand-ins for /api/suggest and /api/related while this searchd does not serve them yet, so
 * that the widget's combobox and related block are still driven end to end. Shapes as in the API.
 */
export async function standInDiscovery(context, baseUrl, { suggest, related }) {
  if (suggest) {
    await context.route(`${baseUrl}/api/suggest?**`, (route) => {
      const url = new URL(route.request().url());
      const prefix = (url.searchParams.get('q') ?? '').toLowerCase().split(/\s+/).pop();
      const suggestions = STAND_IN_WORDS.filter(([w]) => prefix && w.toLowerCase().startsWith(prefix)).map(([text, kind]) => ({ text, kind }));
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ query: url.searchParams.get('q'), suggestions }) });
    });
  }
  if (related) {
    await context.route(`${baseUrl}/api/related/**`, async (route) => {
      const id = decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop());
      const all = await (await fetch(`${baseUrl}/api/search?size=100&facets=false`)).json();
      const post = all.hits.find((h) => h.id === id);
      if (!post) return route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ error: { code: 'not_found', message: `no post '${id}'`, parameter: 'id' } }) });
      const hits = all.hits.filter((h) => h.id !== id && h.topics.some((x) => post.topics.includes(x))).slice(0, 5).map((h) => ({ ...h, snippet: '' }));
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ id, hits }) });
    });
  }
}
