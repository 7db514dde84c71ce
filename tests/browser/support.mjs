// What every browser test file shares: its own Lägesbild (the release server on a fresh SQLite
// demo database, on a free port), headless Chromium, signing in, opening a page until it has
// hydrated, and the accessibility check. Each file gets a server of its own, so that no file
// sees another's changes and any one file runs alone (`./lagesbild test-browser NAME`).
//
// `./lagesbild test` builds the release site and sets LAGESBILD_SERVER (the server binary) and
// LEPTOS_SITE_ROOT (the built site).

import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

// The demo accounts (README) and their shared password.
export const PASSWORD = 'lagesbild-demo';
export const ACCOUNTS = {
  ministry: { email: 'handlaggare@a.demo.invalid', role: 'Departement' },
  agency: { email: 'rapportor@jam.demo.invalid', role: 'Myndighet' },
  county_board: { email: 'rapportor@lst24.demo.invalid', role: 'Länsstyrelse' },
  oversight: { email: 'granskare@imr.demo.invalid', role: 'Granskning (endast läsning)' },
  admin: { email: 'admin@demo.invalid', role: 'Administratör' },
};

// One of every page type, and the error states of the comparison's choices.
export const PAGES = [
  '/',
  '/measures',
  '/measures/1.8',
  '/measures/3.4',
  '/assignments',
  '/assignments/A2025-00637',
  '/counties',
  '/counties/24',
  '/measures/1.8/history',
  '/counties/24/history',
  '/oversight',
  '/oversight/as-of?date=2026-06-30',
  '/oversight/flags',
  '/oversight/flags?kind=money_ends&county=24',
  '/oversight/changes?from=2026-11-01&to=2026-11-28',
  '/my-work',
  '/deadlines',
  '/funding',
  '/measures/3.4/report',
  '/assignments/A2025-00637/report',
  '/measures/3.4/edit',
  '/measures/3.4/funding',
  '/measures/1.8/indicators',
  '/measures/1.8/indicators?target=1',
  '/measures/new',
  '/assignments/new',
  '/assignments/A2025-00637/edit',
  '/assignments/A2025-00637/deadlines',
  '/areas',
  '/accessibility',
  '/compare',
  '/compare?show=status:2.1&sort=value',
  '/compare?show=indicator:presumed-victims&status=delayed',
  '/compare?show=target:1.8:presumed-victims&sort=value',
  '/coverage',
  '/data',
  '/no/such/page',
];

/** Starts the release server on a free port with a fresh demo database; resolves to its address and a stop function. */
export async function startServer() {
  const binary = process.env.LAGESBILD_SERVER;
  assert.ok(binary, 'LAGESBILD_SERVER must name the built server (./lagesbild test sets it)');
  const dataDir = mkdtempSync(join(tmpdir(), 'lagesbild-browser-'));
  const child = spawn(binary, [], {
    env: {
      ...process.env,
      LAGESBILD_ADDR: '127.0.0.1:0',
      LAGESBILD_DATA_DIR: dataDir,
      LAGESBILD_DEMO: '1',
      LAGESBILD_ACCESSIBILITY_CONTACT: 'tillganglighet@demo.invalid',
      RUST_LOG: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (chunk) => { log += chunk; });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const found = out.match(/running at (http:\/\/[^/\s]+)\//);
      if (found) resolve(found[1]);
    });
    child.on('exit', (code) => reject(new Error(`the server stopped (${code}) before it served:\n${log}`)));
    setTimeout(() => reject(new Error(`the server did not start within 30 s:\n${log}`)), 30000);
  });
  return {
    base,
    /** What the server logged (warnings and errors: RUST_LOG=warn). */
    log: () => log,
    async stop() {
      child.kill();
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.on('exit', resolve)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Launches headless Chromium as these machines need it: no sandbox, no network of its own. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * The site a test file works on: its own server, Chromium, and a browser context signed in as
 * `signInAs` (a key of ACCOUNTS; null for none). Filled in by the file's `before` hook; a hook
 * of the file's own awaits `site.ready` first.
 */
export function useSite({ signInAs = 'ministry' } = {}) {
  let started;
  const site = {
    ready: new Promise((resolve) => { started = resolve; }),
    base: '',
    browser: null,
    context: null,
    /** Signs in through the sign-in page, as a person would; the context keeps the cookie. */
    async signIn(browserContext, email, password = PASSWORD) {
      const page = await browserContext.newPage();
      await page.goto(site.base + '/sign-in');
      await page.waitForSelector('html[data-hydrated="true"]');
      await page.getByLabel('E-postadress').fill(email);
      await page.getByLabel('Lösenord').fill(password);
      await page.getByRole('button', { name: 'Logga in' }).click();
      return page;
    },
    /** Opens a page in the signed-in context and waits until it has hydrated; collects errors and outside requests. */
    async open(path) {
      const page = await site.context.newPage();
      const address = site.base + path;
      const outside = [];
      const errors = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(site.base)) outside.push(request.url());
      });
      page.on('pageerror', (error) => errors.push(String(error)));
      page.on('console', (message) => {
        // Chromium reports the page's own status as an error when it is 404: that status is
        // asserted by the test itself, so only other failures count here.
        const ownStatus = message.location().url === address && message.text().startsWith('Failed to load resource');
        if (message.type() === 'error' && !ownStatus) errors.push(message.text());
      });
      const response = await page.goto(address);
      await page.waitForSelector('html[data-hydrated="true"]', { timeout: 20000 });
      return { page, response, outside, errors };
    },
  };
  let server;
  before(async () => {
    server = await startServer();
    site.base = server.base;
    site.browser = await launchChromium();
    site.context = await site.browser.newContext({ locale: 'sv-SE' });
    if (signInAs) {
      const page = await site.signIn(site.context, ACCOUNTS[signInAs].email);
      await page.getByRole('button', { name: 'Logga ut' }).waitFor();
      await page.close();
    }
    started();
  });
  after(async () => {
    await site.browser?.close();
    // Warnings and errors the server logged while this file ran, to read beside a failure.
    if (server?.log().trim()) console.log(`The server's log during this file:\n${server.log()}`);
    await server?.stop();
  });
  return site;
}

/**
 * Fails with every WCAG 2.1 A/AA violation axe finds on the page. Legacy mode runs axe in the
 * page itself instead of finishing in a new blank page: the site has no frames, and it takes
 * half the time.
 */
export async function assertAccessible(page, path) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .setLegacyMode(true)
    .analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) e.g. ${v.nodes[0]?.html}`);
  assert.deepEqual(summary, [], `${path} has accessibility violations`);
}
