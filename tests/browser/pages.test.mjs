// Every page type in Swedish on the built site in headless Chromium: it renders, hydrates,
// makes no request to another host, logs no errors and has no WCAG 2.1 AA violations that axe
// can find.
//
// Run by `./lagesbild test` (see support.mjs for the server each file gets).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PAGES, assertAccessible, useSite } from './support.mjs';

const site = useSite();

for (const path of PAGES) {
  test(`${path} hydrates, stays on this server and passes axe at WCAG 2.1 AA`, async () => {
    const { page, response, outside, errors } = await site.open(path);
    assert.equal(response.status(), path === '/no/such/page' ? 404 : 200);
    assert.deepEqual(outside, [], 'no request leaves the machine');
    assert.deepEqual(errors, [], 'no errors in the console');
    assert.equal(await page.getAttribute('html', 'lang'), 'sv');
    await assertAccessible(page, path);
    await page.close();
  });
}
