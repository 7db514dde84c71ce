// The built site in headless Chromium: every page type renders, hydrates, makes no request to
// another host, logs no errors and has no WCAG 2.1 AA violations that axe can find; the
// measures filter works in the browser without a full page load.
//
// Run by `./lagesbild test`, which builds the site and starts a server at BASE_URL.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const BASE = process.env.BASE_URL;
assert.ok(BASE, 'BASE_URL must point at a running Lägesbild');

// The demo accounts (README) and their shared password.
const PASSWORD = 'lagesbild-demo';
const ACCOUNTS = {
  ministry: { email: 'handlaggare@a.demo.invalid', role: 'Departement' },
  agency: { email: 'rapportor@jam.demo.invalid', role: 'Myndighet' },
  county_board: { email: 'rapportor@lst24.demo.invalid', role: 'Länsstyrelse' },
  oversight: { email: 'granskare@imr.demo.invalid', role: 'Granskning (endast läsning)' },
  admin: { email: 'admin@demo.invalid', role: 'Administratör' },
};

let browser;
let context;

/** Signs in through the sign-in page, as a person would; the context keeps the cookie. */
async function signIn(browserContext, email, password = PASSWORD) {
  const page = await browserContext.newPage();
  await page.goto(BASE + '/sign-in');
  await page.waitForSelector('html[data-hydrated="true"]');
  await page.getByLabel('E-postadress').fill(email);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  return page;
}

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context = await browser.newContext({ locale: 'sv-SE' });
  const page = await signIn(context, ACCOUNTS.ministry.email);
  await page.getByRole('button', { name: 'Logga ut' }).waitFor();
  await page.close();
});

after(async () => {
  await browser?.close();
});

/** Opens a page and waits until it has hydrated; collects errors and outside requests. */
async function open(path) {
  const page = await context.newPage();
  const address = BASE + path;
  const outside = [];
  const errors = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(BASE)) outside.push(request.url());
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
}

async function assertAccessible(page, path) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) e.g. ${v.nodes[0]?.html}`);
  assert.deepEqual(summary, [], `${path} has accessibility violations`);
}

// One of every page type, and the error states of the comparison's choices.
const PAGES = [
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
  '/my-work',
  '/deadlines',
  '/funding',
  '/measures/3.4/report',
  '/assignments/A2025-00637/report',
  '/measures/3.4/edit',
  '/measures/3.4/funding',
  '/measures/new',
  '/assignments/new',
  '/assignments/A2025-00637/edit',
  '/assignments/A2025-00637/deadlines',
  '/areas',
  '/accessibility',
  '/compare',
  '/compare?show=status:2.1&sort=value',
  '/compare?show=indicator:presumed-victims&status=delayed',
  '/coverage',
  '/no/such/page',
];

for (const path of PAGES) {
  test(`${path} hydrates, stays on this server and passes axe at WCAG 2.1 AA`, async () => {
    const { page, response, outside, errors } = await open(path);
    assert.equal(response.status(), path === '/no/such/page' ? 404 : 200);
    assert.deepEqual(outside, [], 'no request leaves the machine');
    assert.deepEqual(errors, [], 'no errors in the console');
    assert.equal(await page.getAttribute('html', 'lang'), 'sv');
    await assertAccessible(page, path);
    await page.close();
  });
}

test('an anonymous visitor is sent to sign in, and a wrong password is refused next to the form', async () => {
  const anonymous = await browser.newContext({ locale: 'sv-SE' });
  const page = await anonymous.newPage();
  const errors = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  await page.goto(BASE + '/measures/1.8');
  assert.equal(new URL(page.url()).pathname, '/sign-in');
  await page.waitForSelector('html[data-hydrated="true"]');
  // The demo lists its accounts, one per role, with the password.
  const demo = page.getByRole('region', { name: 'Demokonton' });
  await demo.getByRole('cell', { name: 'granskare@imr.demo.invalid' }).waitFor();
  assert.match(await demo.innerText(), /lagesbild-demo/);
  await assertAccessible(page, '/sign-in');
  await page.getByLabel('E-postadress').fill('granskare@imr.demo.invalid');
  await page.getByLabel('Lösenord').fill('not the password');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.getByRole('alert').filter({ hasText: 'stämmer inte' }).waitFor();
  assert.equal(await page.getByLabel('E-postadress').inputValue(), 'granskare@imr.demo.invalid',
    'what the person typed is kept');
  await assertAccessible(page, '/sign-in with an error');
  // The right password then leads to the page the visitor asked for.
  await page.getByLabel('Lösenord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForURL(/\/measures\/1\.8$/);
  await page.getByRole('heading', { level: 1, name: /Regionkoordinatorer/ }).waitFor();
  assert.deepEqual(errors.filter((e) => !e.includes('401')), []);
  await anonymous.close();
});

for (const [role, account] of Object.entries(ACCOUNTS)) {
  test(`the ${role} account signs in, sees its role and can sign out`, async () => {
    const own = await browser.newContext({ locale: 'sv-SE' });
    const page = await signIn(own, account.email);
    const header = page.locator('.account');
    await header.getByText(account.role).waitFor();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await assertAccessible(page, `/ as ${role}`);
    // A forged request straight to a user-administration function: only the admin may.
    const status = await page.evaluate(async () => {
      const response = await fetch('/api/set_user_active', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: 'user_id=999999&active=true',
      });
      return response.status;
    });
    assert.equal(status, role === 'admin' ? 404 : 403, 'the server decides, whatever the page shows');
    // Only the admin is offered user administration.
    const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
    assert.equal(await nav.getByRole('link', { name: 'Användare' }).count(), role === 'admin' ? 1 : 0);
    await page.getByRole('button', { name: 'Logga ut' }).click();
    await page.waitForURL(/\/sign-in$/);
    await page.goto(BASE + '/');
    assert.equal(new URL(page.url()).pathname, '/sign-in', 'signed out for good');
    await own.close();
  });
}

test('an admin creates an account; a wrong field is explained next to it and nothing typed is lost', async () => {
  const own = await browser.newContext({ locale: 'sv-SE' });
  const signedIn = await signIn(own, ACCOUNTS.admin.email);
  await signedIn.getByRole('button', { name: 'Logga ut' }).waitFor();
  const page = await own.newPage();
  await page.goto(BASE + '/admin/users');
  await page.waitForSelector('html[data-hydrated="true"]');
  await assertAccessible(page, '/admin/users');
  const form = page.locator('form.form');
  await form.getByLabel('E-postadress').fill('per.persson@jamstalldhetsmyndigheten');
  await form.getByLabel('Namn').fill('Per Persson');
  await form.getByLabel('Organisation').selectOption({ label: 'Jämställdhetsmyndigheten' });
  await form.getByLabel('Roll').selectOption({ label: 'Myndighet' });
  await form.getByLabel(/Första lösenord/).fill('ett långt lösenord');
  await form.getByRole('button', { name: 'Skapa konto' }).click();
  await page.locator('#new-email-error').filter({ hasText: 'Skriv en e-postadress' }).waitFor();
  assert.equal(await form.getByLabel('Namn').inputValue(), 'Per Persson', 'what was typed is kept');
  assert.equal(await form.getByLabel('E-postadress').getAttribute('aria-invalid'), 'true');
  await assertAccessible(page, '/admin/users with a refused field');
  await form.getByLabel('E-postadress').fill('per.persson@jamstalldhetsmyndigheten.se');
  await form.getByRole('button', { name: 'Skapa konto' }).click();
  await page.getByText('Kontot har skapats och kan logga in.').waitFor();
  await page.locator('table tbody').getByText('per.persson@jamstalldhetsmyndigheten.se').waitFor();
  await own.close();
});

test('a county board reports on its row: a wrong value is explained, a conflict keeps the text', async () => {
  const board = await browser.newContext({ locale: 'sv-SE' });
  const signedIn = await signIn(board, ACCOUNTS.county_board.email);
  await signedIn.getByRole('button', { name: 'Logga ut' }).waitFor();
  const open = async () => {
    const page = await board.newPage();
    await page.goto(BASE + '/counties/24/rows/1.8');
    await page.waitForSelector('html[data-hydrated="true"]');
    return page;
  };
  const page = await open();
  const other = await open(); // the same row in a second tab, loaded at the same version
  await assertAccessible(page, '/counties/24/rows/1.8 (form)');
  await page.getByLabel(/Framdrift i procent/).fill('140');
  await page.getByLabel('Läget i länet').fill('Alla kommuner har fått utbildning.');
  await page.getByRole('button', { name: 'Spara raden' }).click();
  await page.locator('#progress-error').filter({ hasText: 'från 0 till 100' }).waitFor();
  assert.equal(await page.getByLabel('Läget i länet').inputValue(), 'Alla kommuner har fått utbildning.');
  await assertAccessible(page, '/counties/24/rows/1.8 with a refused field');
  await page.getByLabel(/Framdrift i procent/).fill('65');
  await page.getByRole('button', { name: 'Spara raden' }).click();
  await page.getByText('Raden är sparad.').waitFor();
  // The second tab still has the old version: its save is refused and its text is kept.
  await other.getByLabel('Läget i länet').fill('Text från den andra fliken.');
  await other.getByRole('button', { name: 'Spara raden' }).click();
  await other.getByRole('heading', { name: /Någon annan har sparat raden/ }).waitFor();
  assert.equal(await other.getByLabel('Läget i länet').inputValue(), 'Text från den andra fliken.');
  await other.getByText('Läget i länet: Alla kommuner har fått utbildning.').waitFor();
  await assertAccessible(other, '/counties/24/rows/1.8 after a conflict');
  // Having seen the other save, saving again replaces it.
  await other.getByRole('button', { name: 'Spara raden' }).click();
  await other.getByText('Raden är sparad.').waitFor();
  await board.close();
});

test('an agency submits a progress report and the overview changes; a second editor meets the conflict with their text kept', async () => {
  const agency = await browser.newContext({ locale: 'sv-SE' });
  const signedIn = await signIn(agency, ACCOUNTS.agency.email);
  await signedIn.getByRole('button', { name: 'Logga ut' }).waitFor();
  const openPage = async (path) => {
    const page = await agency.newPage();
    await page.goto(BASE + path);
    await page.waitForSelector('html[data-hydrated="true"]');
    return page;
  };
  const statusCount = async (page, label) => {
    const row = page.locator('section[aria-labelledby="status-heading"] tbody tr').filter({ hasText: label });
    return Number((await row.locator('td').first().innerText()).replace(/\D/g, ''));
  };
  const overview = await openPage('/');
  const delayed = await statusCount(overview, 'Försenad');
  const onTrack = await statusCount(overview, 'Enligt plan');
  // Measure 3.1 is delayed and owes its 2026-Q3 report.
  const page = await openPage('/measures/3.1/report?period=2026-Q3');
  const other = await openPage('/measures/3.1/report?period=2026-Q3');
  await assertAccessible(page, '/measures/3.1/report (form)');
  await page.getByLabel('Status', { exact: true }).selectOption('on_track');
  await page.getByLabel(/Framdrift i procent/).fill('140');
  await page.getByLabel('Läget', { exact: true }).fill('Vägledningen är skickad till alla kommuner.');
  await page.getByLabel(/Underlag/).fill('ftp://example.se/fil');
  await page.getByRole('button', { name: 'Lämna rapporten' }).click();
  await page.locator('#progress-error').filter({ hasText: 'från 0 till 100' }).waitFor();
  await page.locator('#links-error').filter({ hasText: 'https://' }).waitFor();
  assert.equal(await page.getByLabel('Läget', { exact: true }).inputValue(), 'Vägledningen är skickad till alla kommuner.');
  await assertAccessible(page, '/measures/3.1/report with refused fields');
  await page.getByLabel(/Framdrift i procent/).fill('60');
  await page.getByLabel(/Underlag/).fill('https://www.jamstalldhetsmyndigheten.se/vagledning Vägledningen');
  await page.getByRole('button', { name: 'Lämna rapporten' }).click();
  await page.getByText('Sparat.').waitFor();
  await page.getByText(/blir version 2, en rättelse/).waitFor();
  // The second tab was opened before the report was submitted: refused, its text kept.
  await other.getByLabel('Läget', { exact: true }).fill('Text från den andra fliken.');
  await other.getByRole('button', { name: 'Lämna rapporten' }).click();
  await other.getByRole('heading', { name: /Någon annan har sparat eller lämnat rapporten/ }).waitFor();
  assert.equal(await other.getByLabel('Läget', { exact: true }).inputValue(), 'Text från den andra fliken.');
  await other.getByText('Läget: Vägledningen är skickad till alla kommuner.').waitFor();
  await assertAccessible(other, '/measures/3.1/report after a conflict');
  // The overview counts the measure as on track now.
  await overview.reload();
  await overview.waitForSelector('html[data-hydrated="true"]');
  assert.equal(await statusCount(overview, 'Försenad'), delayed - 1);
  assert.equal(await statusCount(overview, 'Enligt plan'), onTrack + 1);
  await agency.close();
});

test('a ministry changes a measure: a wrong date is explained next to the field, then the change is saved', async () => {
  const { page } = await open('/measures/3.4/edit');
  await page.getByLabel('Slutdatum').fill('2020-01-01');
  await page.getByLabel('Rubrik på svenska').fill('Stöd till ideella organisationer, ändrad rubrik');
  await page.getByRole('button', { name: 'Spara åtgärden' }).click();
  await page.locator('#end_date-error').filter({ hasText: 'före startdatum' }).waitFor();
  assert.equal(await page.getByLabel('Rubrik på svenska').inputValue(), 'Stöd till ideella organisationer, ändrad rubrik');
  await assertAccessible(page, '/measures/3.4/edit with a refused field');
  await page.getByLabel('Slutdatum').fill('2027-12-31');
  await page.getByRole('button', { name: 'Spara åtgärden' }).click();
  await page.waitForURL(BASE + '/measures/3.4');
  await page.getByRole('heading', { level: 1, name: 'Stöd till ideella organisationer, ändrad rubrik' }).waitFor();
  await page.close();
});

test('a ministry registers an assignment: each wrong field is explained and kept, then it is registered', async () => {
  const { page } = await open('/assignments/new');
  await page.getByLabel('Diarienummer').fill('A2026-1');
  await page.getByLabel('Mottagare').selectOption({ label: 'Jämställdhetsmyndigheten' });
  await page.getByLabel('Rubrik på svenska').fill('Uppdrag att stödja kommunernas arbete');
  await page.getByLabel('Beslutsdatum').fill('2026-11-20');
  await page.getByLabel('Delredovisning senast').fill('2026-01-01');
  await page.getByLabel('Slutredovisning senast').fill('2027-12-31');
  await page.getByRole('checkbox', { name: /^3\.1 / }).check();
  await page.getByRole('button', { name: 'Registrera uppdraget' }).click();
  await page.locator('#diary_number-error').filter({ hasText: 'A2025/00637' }).waitFor();
  await page.locator('#interim_due-error').filter({ hasText: 'före beslutsdatumet' }).waitFor();
  assert.equal(await page.getByLabel('Rubrik på svenska').inputValue(), 'Uppdrag att stödja kommunernas arbete');
  assert.equal(await page.getByRole('checkbox', { name: /^3\.1 / }).isChecked(), true);
  await assertAccessible(page, '/assignments/new with refused fields');
  await page.getByLabel('Diarienummer').fill('A2026/01888');
  await page.getByLabel('Delredovisning senast').fill('2027-03-31');
  await page.getByRole('button', { name: 'Registrera uppdraget' }).click();
  await page.waitForURL(BASE + '/assignments/A2026-01888');
  await page.getByRole('heading', { level: 1, name: 'Uppdrag att stödja kommunernas arbete' }).waitFor();
  await page.close();
});

test('a ministry moves a deadline: a date before the decision is explained, then the move is saved', async () => {
  const { page } = await open('/assignments/A2025-00637/deadlines');
  const finalRow = page.locator('tbody tr').filter({ hasText: 'Slutredovisning' });
  await finalRow.getByRole('link', { name: 'Ändra' }).click();
  await page.getByRole('heading', { name: 'Ändra tidsfrist' }).waitFor();
  await page.getByLabel('Senast').fill('2025-01-01');
  await page.getByLabel('Vad som ska redovisas (svenska)').fill('Slutredovisning med förslag');
  await page.getByRole('button', { name: 'Spara tidsfristen' }).click();
  await page.locator('#due_date-error').filter({ hasText: 'före beslutsdatumet' }).waitFor();
  assert.equal(await page.getByLabel('Vad som ska redovisas (svenska)').inputValue(), 'Slutredovisning med förslag');
  await assertAccessible(page, '/assignments/A2025-00637/deadlines with a refused field');
  await page.getByLabel('Senast').fill('2027-06-30');
  await page.getByRole('button', { name: 'Spara tidsfristen' }).click();
  await page.getByRole('heading', { name: 'Ny tidsfrist' }).waitFor();
  await page.locator('tbody tr').filter({ hasText: 'Slutredovisning med förslag' }).filter({ hasText: '2027-06-30' }).waitFor();
  await page.close();
});

test('two ministry officials correct the same funding decision: a wrong amount is explained, the second meets the conflict with their text kept', async () => {
  const first = (await open('/measures/3.4/funding')).page;
  const second = (await open('/measures/3.4/funding')).page;
  for (const page of [first, second]) {
    await page.locator('tbody tr').first().getByRole('link', { name: 'Ändra' }).click();
    await page.getByRole('heading', { name: 'Ändra finansieringsbeslut' }).waitFor();
  }
  await first.getByLabel('Förbrukat, hela kronor').fill('-5');
  await first.getByLabel('Beslut eller källa').fill('Regleringsbrev, rättat');
  await first.getByRole('button', { name: 'Spara beslutet' }).click();
  await first.locator('#spent-error').filter({ hasText: 'negativt' }).waitFor();
  assert.equal(await first.getByLabel('Beslut eller källa').inputValue(), 'Regleringsbrev, rättat');
  await assertAccessible(first, '/measures/3.4/funding with a refused field');
  await first.getByLabel('Förbrukat, hela kronor').fill('1000');
  await first.getByRole('button', { name: 'Spara beslutet' }).click();
  await first.getByRole('heading', { name: 'Nytt finansieringsbeslut' }).waitFor();
  // The second tab loaded the line before that save.
  await second.getByLabel('Beslut eller källa').fill('Text från den andra fliken');
  await second.getByRole('button', { name: 'Spara beslutet' }).click();
  await second.getByRole('heading', { name: /Någon annan har ändrat beslutet/ }).waitFor();
  assert.equal(await second.getByLabel('Beslut eller källa').inputValue(), 'Text från den andra fliken');
  await second.getByText('Beslut eller källa: Regleringsbrev, rättat').waitFor();
  await assertAccessible(second, '/measures/3.4/funding after a conflict');
  await first.close();
  await second.close();
});

test('the plan ministry adds an area: a wrong order is explained, then the area is listed', async () => {
  const { page } = await open('/areas');
  await page.getByLabel('Kod').fill('utvardering');
  await page.getByLabel('Rubrik på svenska').fill('Utvärdering');
  await page.getByLabel('Ordning').fill('noll');
  await page.getByRole('button', { name: 'Spara området' }).click();
  await page.locator('#position-error').filter({ hasText: 'heltal' }).waitFor();
  assert.equal(await page.getByLabel('Rubrik på svenska').inputValue(), 'Utvärdering');
  await assertAccessible(page, '/areas with a refused field');
  await page.getByLabel('Ordning').fill('6');
  await page.getByRole('button', { name: 'Spara området' }).click();
  await page.locator('tbody tr').filter({ hasText: 'Utvärdering' }).waitFor();
  await page.close();
});

test('the overview draws its charts with the app\'s own ECharts, each beside a table of the same numbers', async () => {
  const { page, outside, errors } = await open('/');
  const figures = page.locator('figure.chart');
  await page.locator('.chart-drawing[data-chart-drawn="true"] canvas').nth(4).waitFor();
  assert.equal(await figures.count(), 5);
  for (let i = 0; i < 5; i++) {
    const figure = figures.nth(i);
    const option = JSON.parse(await figure.locator('.chart-drawing').getAttribute('data-chart'));
    const axis = [].concat(option.xAxis, option.yAxis).find((a) => a.type === 'category');
    const labels = await figure.locator('tbody th').allInnerTexts();
    assert.deepEqual(labels, axis.data, 'the table lists the categories the chart draws');
    const cells = await figure.locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].map((td) => Number(td.innerText.replace(/\D/g, '')))));
    option.series.forEach((series, column) => {
      assert.deepEqual(cells.map((row) => row[column]), series.data, `${series.name}: the table holds the drawn numbers`);
    });
    assert.match(await figure.getByRole('link', { name: 'Ladda ner siffrorna (CSV)' }).getAttribute('href'), /^data:text\/csv/);
  }
  assert.equal(await page.locator('script[src="/vendor/echarts.min.js"]').count(), 1, 'ECharts comes from this server');
  assert.deepEqual(outside, [], 'no request leaves the machine');
  assert.deepEqual(errors, [], 'no errors in the console');
  await page.close();
});

test('every page type in English passes axe at WCAG 2.1 AA and says it is English', async () => {
  const english = await browser.newContext({ locale: 'en-GB' });
  const first = await signIn(english, ACCOUNTS.ministry.email);
  await first.getByRole('button', { name: 'Logga ut' }).waitFor();
  await first.getByRole('link', { name: 'In English' }).click();
  await first.waitForSelector('html[lang="en"][data-hydrated="true"]');
  await first.close();
  for (const path of PAGES) {
    const page = await english.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(BASE + path);
    await page.waitForSelector('html[data-hydrated="true"]', { timeout: 20000 });
    assert.equal(await page.getAttribute('html', 'lang'), 'en', `${path} is in English`);
    assert.deepEqual(errors, [], `${path}: no errors`);
    await assertAccessible(page, `${path} (English)`);
    await page.close();
  }
  await english.close();
});

test('the comparison draws the counties on the app\'s own map of Sweden beside a table of the same figures', async () => {
  const { page, outside, errors } = await open('/compare');
  await page.locator('.map-drawing[data-chart-drawn="true"] canvas').waitFor();
  const outline = await page.evaluate((url) => performance.getEntriesByName(url).length, BASE + '/sweden-counties.geojson');
  assert.equal(outline, 1, 'the outline comes from this server, once');
  const check = async () => {
    const option = JSON.parse(await page.locator('.map-drawing').getAttribute('data-chart'));
    const drawn = Object.fromEntries(option.series[0].data.map((d) => [d.name, d.text]));
    const rows = await page.locator('figure.map tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [tr.querySelector('th').innerText.trim(), tr.querySelectorAll('td')[1].innerText.trim()]));
    assert.ok(rows.length > 0);
    for (const [county, text] of rows) assert.equal(drawn[county], text, `${county}: the map and the table agree`);
    return rows;
  };
  await check();
  // Another figure, chosen in the form: the map is drawn again without a page load.
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.selectOption('#show', 'indicator:presumed-victims');
  await page.selectOption('#sort', 'value');
  await page.getByRole('button', { name: 'Visa' }).click();
  await page.waitForURL(/show=indicator/);
  await page.locator('figure.map h3', { hasText: 'Per 100 000 invånare' }).waitFor();
  await page.waitForFunction(() => document.querySelector('.map-drawing')?.getAttribute('data-drawn') === document.querySelector('.map-drawing')?.getAttribute('data-chart'));
  const rows = await check();
  assert.ok(rows.some(([, text]) => text === '..'), 'small counts are suppressed on the map too');
  assert.equal(rows.at(-1)[1], '..', 'suppressed counties come last when sorted by value');
  assert.equal(await page.evaluate(() => window.__sameDocument), true);
  // A county's name leads to its page.
  await page.locator('table.matrix').getByRole('link', { name: 'Gotlands län' }).click();
  await page.waitForURL(/\/counties\/09$/);
  assert.deepEqual(outside, [], 'no request leaves the machine');
  assert.deepEqual(errors, [], 'no errors in the console');
  await page.close();
});

for (const [path, count] of [['/measures/1.8', 2], ['/counties/24', 4], ['/coverage', 2]]) {
  test(`${path} draws its charts, each beside its table`, async () => {
    const { page, errors } = await open(path);
    await page.locator('.chart-drawing[data-chart-drawn="true"] canvas').nth(count - 1).waitFor();
    assert.equal(await page.locator('figure.chart').count(), count);
    assert.equal(await page.locator('figure.chart table').count(), count);
    assert.deepEqual(errors, [], 'no errors in the console');
    await page.close();
  });
}

test('in forced colours (high contrast) the charts take the system\'s colours', async () => {
  const page = await context.newPage();
  await page.emulateMedia({ forcedColors: 'active' });
  await page.goto(BASE + '/');
  await page.waitForSelector('html[data-hydrated="true"]');
  await page.locator('.chart-drawing[data-chart-drawn="true"] canvas').nth(4).waitFor();
  const colours = await page.evaluate(() => {
    const chart = window.echarts.getInstanceByDom(document.querySelector('.chart-drawing'));
    const probe = document.createElement('span');
    probe.style.color = 'Canvas';
    document.body.appendChild(probe);
    const canvas = getComputedStyle(probe).color;
    probe.remove();
    return { background: chart.getOption().backgroundColor, canvas };
  });
  assert.equal(colours.background, colours.canvas);
  await page.close();
});

test('the measures filter updates the list in the browser without reloading the page', async () => {
  const { page } = await open('/measures');
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.selectOption('#status', 'delayed');
  await page.getByRole('button', { name: 'Visa' }).click();
  await page.waitForURL(/status=delayed/);
  // While the new list loads the count may be absent; wait for the new count itself.
  await page.waitForFunction(() => {
    const count = document.querySelector('.result-count')?.textContent;
    return count !== undefined && !count.includes('Antal åtgärder: 30');
  });
  const statuses = await page.locator('table.measures tbody .status').allTextContents();
  assert.ok(statuses.length > 0, 'some measures are delayed');
  assert.ok(statuses.every((s) => s.includes('Försenad')), `only delayed measures: ${statuses}`);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the router handled it: no full page load');
  await page.close();
});

test('the main menu navigates in the browser and marks the current page', async () => {
  const { page } = await open('/');
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Län', exact: true }).click();
  await page.waitForURL(/\/counties$/);
  await page.getByRole('heading', { level: 1, name: 'Län' }).waitFor();
  // The heading may show before the list has arrived: wait for its last row.
  await page.locator('table tbody tr').nth(20).waitFor();
  assert.equal(await page.locator('table tbody tr').count(), 21);
  assert.equal(await page.evaluate(() => window.__sameDocument), true);
  const current = page.locator('.site-nav a[aria-current="page"]');
  assert.equal((await current.textContent()).trim(), 'Län');
  await page.close();
});

test('the language switch shows the page in English and remembers it', async () => {
  const { page } = await open('/measures/1.8');
  await page.getByRole('link', { name: 'In English' }).click();
  await page.waitForSelector('html[lang="en"][data-hydrated="true"]');
  assert.match(await page.locator('h1').textContent(), /Regional coordinators/);
  await page.goto(BASE + '/');
  await page.waitForSelector('html[data-hydrated="true"]');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await assertAccessible(page, '/ (English)');
  await page.getByRole('link', { name: 'På svenska' }).click();
  await page.waitForSelector('html[lang="sv"][data-hydrated="true"]');
  await page.close();
});
