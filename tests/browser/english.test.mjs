// The site in English: every page type says it is English and passes axe, and the language
// switch remembers the choice.
//
// Run by `./lagesbild test` (see support.mjs for the server each file gets).

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNTS, PAGES, assertAccessible, useSite } from './support.mjs';

const site = useSite();

// One English context, signed in and switched to English through the switch, for all pages.
let english;
before(async () => {
  await site.ready;
  english = await site.browser.newContext({ locale: 'en-GB' });
  const first = await site.signIn(english, ACCOUNTS.ministry.email);
  await first.getByRole('button', { name: 'Logga ut' }).waitFor();
  await first.getByRole('link', { name: 'In English' }).click();
  await first.waitForSelector('html[lang="en"][data-hydrated="true"]');
  await first.close();
});

for (const path of PAGES) {
  test(`${path} in English says it is English and passes axe at WCAG 2.1 AA`, async () => {
    const page = await english.newPage();
    const errors = [];
    const console = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    page.on('console', (message) => message.type() === 'error' && console.push(message.text()));
    await page.goto(site.base + path);
    await page.waitForSelector('html[data-hydrated="true"]', { timeout: 20000 });
    assert.equal(await page.getAttribute('html', 'lang'), 'en', `${path} is in English`);
    assert.deepEqual(errors, [], `${path}: no errors (console: ${console.join(' | ')})`);
    await assertAccessible(page, `${path} (English)`);
    await page.close();
  });
}

test('the language switch shows the page in English and remembers it', async () => {
  const { page } = await site.open('/measures/1.8');
  await page.getByRole('link', { name: 'In English' }).click();
  await page.waitForSelector('html[lang="en"][data-hydrated="true"]');
  assert.match(await page.locator('h1').textContent(), /Regional coordinators/);
  await page.goto(site.base + '/');
  await page.waitForSelector('html[data-hydrated="true"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await assertAccessible(page, '/ (English)');
  await page.getByRole('link', { name: 'På svenska' }).click();
  await page.waitForSelector('html[lang="sv"][data-hydrated="true"]');
  await page.close();
});
