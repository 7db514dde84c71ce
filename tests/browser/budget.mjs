// The client budget: for each main page, what a first visit downloads (bytes on the wire, as
// the server compresses them, by kind) and how long until the page is interactive and its
// charts are drawn, in headless Chromium with an empty cache; then the size of the site's
// files raw, gzipped and brotli-compressed. Prints Markdown tables (docs/benchmarks.md keeps the figures).
//
// Run by `./lagesbild bench-client`, which builds the release site; this starts the release
// server on the demo (support.mjs). Not a test: figures vary with the machine, and nothing here
// passes or fails.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCOUNTS, PASSWORD, launchChromium, startServer } from './support.mjs';

const SITE = process.env.LEPTOS_SITE_ROOT ?? 'target/site';
const RUNS = Number(process.env.RUNS ?? 3);
const server = await startServer();
const BASE = server.base;

const PAGES = [
  ['overview', '/'],
  ['measures list', '/measures'],
  ['measure page', '/measures/1.8'],
  ['county page', '/counties/24'],
  ['compare (progress)', '/compare'],
  ['compare (indicator)', '/compare?show=indicator:presumed-victims'],
  ['coverage', '/coverage'],
];

/** What kind of download a response is. */
function kind(url, type) {
  const path = new URL(url).pathname;
  if (type === 'document') return 'html';
  if (path.endsWith('.wasm')) return 'wasm';
  if (path.includes('/vendor/echarts')) return 'echarts';
  if (path.endsWith('.css')) return 'css';
  if (path.endsWith('.js')) return 'js';
  return 'data';
}

const KINDS = ['html', 'css', 'js', 'wasm', 'echarts', 'data'];
const kib = (bytes) => (bytes / 1024).toFixed(1);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const browser = await launchChromium();

// Sign in once; every visit below starts from that cookie and an empty cache.
const signing = await browser.newContext({ locale: 'sv-SE' });
const page = await signing.newPage();
await page.goto(BASE + '/sign-in');
await page.waitForSelector('html[data-hydrated="true"]');
await page.getByLabel('E-postadress').fill(ACCOUNTS.ministry.email);
await page.getByLabel('Lösenord').fill(PASSWORD);
await page.getByRole('button', { name: 'Logga in' }).click();
await page.getByRole('button', { name: 'Logga ut' }).waitFor();
const storageState = await signing.storageState();
await signing.close();

/** One cold visit: bytes by kind, and milliseconds to hydrated and to every chart drawn. */
async function visit(path) {
  const context = await browser.newContext({ locale: 'sv-SE', storageState });
  const tab = await context.newPage();
  const finished = [];
  tab.on('requestfinished', (request) => finished.push(request));
  await tab.goto(BASE + path);
  const hydrated = await (await tab.waitForFunction(
    () => document.documentElement.getAttribute('data-hydrated') === 'true' && performance.now(),
    null, { polling: 'raf', timeout: 30000 })).jsonValue();
  const drawn = await (await tab.waitForFunction(() => {
    const charts = [...document.querySelectorAll('[data-chart]')];
    return charts.every((c) => c.getAttribute('data-chart-drawn') === 'true') && performance.now();
  }, null, { polling: 'raf', timeout: 30000 })).jsonValue();
  const charts = await tab.locator('[data-chart]').count();
  await tab.waitForLoadState('networkidle');
  const bytes = Object.fromEntries(KINDS.map((k) => [k, 0]));
  for (const request of finished) {
    const sizes = await request.sizes();
    bytes[kind(request.url(), request.resourceType())] += sizes.responseBodySize + sizes.responseHeadersSize;
  }
  await context.close();
  return { bytes, hydrated, drawn: charts > 0 ? drawn : null, charts };
}

console.log(`Client budget at ${BASE}: first visit with an empty cache, KiB on the wire (gzip where compressed, headers included); times are the median of ${RUNS} visits.\n`);
console.log(`| page | ${KINDS.join(' | ')} | total | charts | ms to interactive | ms to charts drawn |`);
console.log(`|---|${KINDS.map(() => '---:').join('|')}|---:|---:|---:|---:|`);
for (const [name, path] of PAGES) {
  const visits = [];
  for (let i = 0; i < RUNS; i++) visits.push(await visit(path));
  const { bytes, charts } = visits[0];
  const total = KINDS.reduce((sum, k) => sum + bytes[k], 0);
  const hydrated = median(visits.map((v) => v.hydrated));
  const drawn = charts > 0 ? median(visits.map((v) => v.drawn)).toFixed(0) : '–';
  console.log(`| ${name} | ${KINDS.map((k) => kib(bytes[k])).join(' | ')} | ${kib(total)} | ${charts} | ${hydrated.toFixed(0)} | ${drawn} |`);
}
await browser.close();
await server.stop();

// Each file as built (raw) and as sent: the gzip and brotli copies the build made beside it
// (frontend/precompress.mjs), when it made them.
const size = (path) => { try { return kib(readFileSync(path).length); } catch { return '–'; } };
console.log('\n| file | KiB | gzip KiB | brotli KiB |\n|---|---:|---:|---:|');
const pkg = join(SITE, 'pkg');
for (const file of readdirSync(pkg).sort().filter((name) => !/\.(gz|br)$/.test(name))) {
  const path = join(pkg, file);
  console.log(`| ${file} | ${size(path)} | ${size(`${path}.gz`)} | ${size(`${path}.br`)} |`);
}
const echarts = join(SITE, 'vendor', 'echarts.min.js');
console.log(`| vendor/echarts.min.js (only on pages with charts) | ${size(echarts)} | ${size(`${echarts}.gz`)} | ${size(`${echarts}.br`)} |`);
