// The data page in the browser: its links download the whole plan as a workbook and a table as
// a CSV file, from this server; a county board brings its rows back in from such a file, and a
// ministry its funding lines, with and without JavaScript.
//
// Run by `./lagesbild test` (see support.mjs for the server each file gets).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ACCOUNTS, PASSWORD, assertAccessible, useSite } from './support.mjs';

const site = useSite();

test('the data page downloads the whole plan as a workbook and a table as a CSV file', async () => {
  const { page, outside, errors } = await site.open('/data');
  const [workbook] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Ladda ner arbetsboken (Excel, svenska)' }).click(),
  ]);
  assert.match(workbook.suggestedFilename(), /^lagesbild-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const bytes = readFileSync(await workbook.path());
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'a workbook (a zip archive)');
  assert.ok(bytes.includes(Buffer.from('xl/workbook.xml')), 'with a workbook inside');

  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Åtgärder som CSV-fil' }).click(),
  ]);
  assert.equal(csv.suggestedFilename(), 'lagesbild-measures.csv');
  const text = readFileSync(await csv.path(), 'utf8');
  assert.match(text, /^\uFEFFKod,Område,Titel/);
  assert.match(text, /\n1\.8,/, 'measure 1.8 is in it');
  assert.deepEqual(outside, [], 'no request leaves the machine');
  assert.deepEqual(errors, [], 'no errors in the console');
  await page.close();
});

/** The cells of a CSV file's rows (quoted cells may hold commas, quotes and line ends). */
function parseCsv(text) {
  const rows = [[]];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 1; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { rows.at(-1).push(cell); cell = ''; }
    else if (c === '\n') { rows.at(-1).push(cell); cell = ''; rows.push([]); }
    else if (c !== '\r') cell += c;
  }
  if (cell !== '' || rows.at(-1).length) rows.at(-1).push(cell);
  return rows.filter((row) => row.length > 1);
}

function toCsv(rows) {
  return rows.map((row) => row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',')).join('\r\n');
}

test('a county board imports its rows from the CSV file it downloaded, before any WebAssembly has run', async () => {
  const plain = await site.browser.newContext({ locale: 'sv-SE', javaScriptEnabled: false });
  const page = await plain.newPage();
  await page.goto(site.base + '/sign-in');
  await page.getByLabel('E-postadress').fill(ACCOUNTS.county_board.email);
  await page.getByLabel('Lösenord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForLoadState();

  const download = await plain.request.get(site.base + '/data/regional_rows.csv');
  const rows = parseCsv((await download.text()).replace(/^\uFEFF/, ''));
  const header = rows[0];
  const row = rows.find((r) => r[0] === '1.8' && r[1] === '24');
  row[header.indexOf('Framdrift (%)')] = '77';
  row[header.indexOf('Beskrivning')] = 'Inläst från Excel i webbläsaren.';

  await page.goto(site.base + '/data');
  await page.getByRole('link', { name: 'Läs in från fil' }).click();
  await page.getByRole('heading', { level: 1, name: 'Läs in länets rader från en fil' }).waitFor();
  await page.getByLabel('Fil (Excel .xlsx eller CSV)').setInputFiles({
    name: 'län 24.csv', mimeType: 'text/csv', buffer: Buffer.from(toCsv(rows)),
  });
  await page.getByRole('button', { name: 'Förhandsgranska' }).click();
  await page.getByRole('heading', { level: 1, name: 'Förhandsgranskning: län 24.csv' }).waitFor();
  const changes = page.getByRole('region', { name: 'Ändringar som sparas' });
  await changes.getByRole('cell', { name: '77 %' }).waitFor();
  await changes.getByRole('cell', { name: 'Inläst från Excel i webbläsaren.' }).waitFor();
  const preview = page.url();

  await page.getByRole('button', { name: 'Spara de ändrade raderna (1)' }).click();
  await page.waitForLoadState();
  assert.equal(page.url(), preview, 'back on the preview');
  await page.getByText(/Filen sparades .*\. Ändrade rader: 1\./).waitFor();
  await page.goto(site.base + '/counties/24/rows/1.8');
  assert.equal(await page.getByLabel('Läget i länet').inputValue(), 'Inläst från Excel i webbläsaren.');
  await plain.close();

  // With JavaScript, the same pages pass axe.
  const scripted = await site.browser.newContext({ locale: 'sv-SE' });
  const signedIn = await site.signIn(scripted, ACCOUNTS.county_board.email);
  await signedIn.getByRole('button', { name: 'Logga ut' }).waitFor();
  for (const path of ['/data/import', new URL(preview).pathname]) {
    await signedIn.goto(site.base + path);
    await signedIn.waitForSelector('html[data-hydrated="true"]');
    await assertAccessible(signedIn, path);
  }
  await scripted.close();
});

test('the API reference describes each operation from the served document, passes axe and loads nothing from elsewhere', async () => {
  const { page, outside, errors } = await site.open('/data');
  await page.getByRole('link', { name: 'Läs om API:et' }).click();
  await page.waitForURL(site.base + '/data/api');
  await page.getByRole('heading', { level: 1, name: 'API för program' }).waitFor();
  // The index links to each operation's own section.
  await page.getByRole('link', { name: 'PUT /api/v1/regional-rows/{measure}/{county}' }).click();
  await page.getByRole('heading', { level: 3, name: 'PUT /api/v1/regional-rows/{measure}/{county}' }).waitFor();
  assert.match(page.url(), /#put-api-v1-regional-rows-measure-county$/);
  // The document it is read from is served here too, and lists the same operations.
  const document = await (await page.request.get(site.base + '/api/v1/openapi.json')).json();
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
  for (const operation of operations) {
    assert.equal(await page.getByRole('heading', { level: 3, name: operation, exact: true }).count(), 1, operation);
  }
  await assertAccessible(page, '/data/api');
  assert.deepEqual(outside, []);
  assert.deepEqual(errors, []);
});

test('a ministry imports funding lines from the CSV file it downloaded, a new line with them, before any WebAssembly has run', async () => {
  const plain = await site.browser.newContext({ locale: 'sv-SE', javaScriptEnabled: false });
  const page = await plain.newPage();
  await page.goto(site.base + '/sign-in');
  await page.getByLabel('E-postadress').fill(ACCOUNTS.ministry.email);
  await page.getByLabel('Lösenord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForLoadState();

  const download = await plain.request.get(site.base + '/data/funding.csv');
  const rows = parseCsv((await download.text()).replace(/^\uFEFF/, ''));
  const header = rows[0];
  const column = (name) => header.indexOf(name);
  const line = rows.find((r) => r[column('Åtgärd')] === '1.8');
  line[column('Tilldelat (kr)')] = '1234567';
  rows.push(header.map((name) => ({
    'Åtgärd': '3.1', 'År': '2027', 'Utgiftsområde': '13', 'Anslag': '3:1',
    'Tilldelat (kr)': '250000', 'Utbetalt (kr)': '0', 'Förbrukat (kr)': '0', 'Beslut': 'A2026/00999',
  })[name] ?? ''));

  await page.goto(site.base + '/data');
  await page.getByRole('link', { name: 'Läs in från fil' }).click();
  await page.getByRole('heading', { level: 1, name: 'Läs in finansiering från en fil' }).waitFor();
  await page.getByLabel('Fil (Excel .xlsx eller CSV)').setInputFiles({
    name: 'finansiering.csv', mimeType: 'text/csv', buffer: Buffer.from(toCsv(rows)),
  });
  await page.getByRole('button', { name: 'Förhandsgranska' }).click();
  await page.getByRole('heading', { level: 1, name: 'Förhandsgranskning: finansiering.csv' }).waitFor();
  const changes = page.getByRole('region', { name: 'Ändringar som sparas' });
  await changes.getByRole('cell', { name: /^1\s234\s567\skr$/ }).waitFor();
  await changes.getByRole('rowheader', { name: '3.1 · (ny rad)' }).first().waitFor();
  const preview = page.url();

  await page.getByRole('button', { name: 'Spara de ändrade raderna (2)' }).click();
  await page.waitForLoadState();
  assert.equal(page.url(), preview, 'back on the preview');
  await page.getByText(/Filen sparades .*\. Ändrade rader: 2\./).waitFor();
  await plain.close();

  // With JavaScript, the same pages pass axe.
  for (const path of ['/data/import', new URL(preview).pathname]) {
    const { page: scripted } = await site.open(path);
    await assertAccessible(scripted, path);
    await scripted.close();
  }
});
