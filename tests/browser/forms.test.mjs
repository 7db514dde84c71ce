// The forms people report and plan with, in headless Chromium: a wrong value is explained next
// to its field with what was typed kept, a save over someone else's newer one is refused with
// the text kept, and each page passes axe in its error state.
//
// Run by `./lagesbild test` (see support.mjs for the server each file gets).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNTS, PASSWORD, assertAccessible, useSite } from './support.mjs';

const site = useSite();

test('a county board reports on its row: a wrong value is explained, a conflict keeps the text', async () => {
  const board = await site.browser.newContext({ locale: 'sv-SE' });
  const signedIn = await site.signIn(board, ACCOUNTS.county_board.email);
  await signedIn.getByRole('button', { name: 'Logga ut' }).waitFor();
  const openRow = async () => {
    const page = await board.newPage();
    await page.goto(site.base + '/counties/24/rows/1.8');
    await page.waitForSelector('html[data-hydrated="true"]');
    return page;
  };
  const page = await openRow();
  const other = await openRow(); // the same row in a second tab, loaded at the same version
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

test('a checked field explains a wrong value as soon as the person leaves it, before the form is sent', async () => {
  const board = await site.browser.newContext({ locale: 'sv-SE' });
  const signedIn = await site.signIn(board, ACCOUNTS.county_board.email);
  await signedIn.getByRole('button', { name: 'Logga ut' }).waitFor();
  const page = await board.newPage();
  await page.goto(site.base + '/counties/24/rows/1.8');
  await page.waitForSelector('html[data-hydrated="true"]');
  const progress = page.getByLabel(/Framdrift i procent/);
  const address = page.url();
  await progress.fill('140');
  await progress.press('Tab');
  await page.locator('#progress-error').filter({ hasText: 'från 0 till 100' }).waitFor();
  assert.equal(await progress.getAttribute('aria-invalid'), 'true');
  assert.equal(page.url(), address, 'nothing was sent');
  // Mended, the message goes as the person types.
  await progress.fill('65');
  await page.waitForFunction(() => document.querySelector('#progress-error')?.textContent === '');
  assert.equal(await progress.getAttribute('aria-invalid'), 'false');
  await assertAccessible(page, '/counties/24/rows/1.8 with a field checked in the browser');
  await board.close();
});

test('an agency submits a progress report and the overview changes; a second editor meets the conflict with their text kept', async () => {
  const agency = await site.browser.newContext({ locale: 'sv-SE' });
  const signedIn = await site.signIn(agency, ACCOUNTS.agency.email);
  await signedIn.getByRole('button', { name: 'Logga ut' }).waitFor();
  const openPage = async (path) => {
    const page = await agency.newPage();
    await page.goto(site.base + path);
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
  const { page } = await site.open('/measures/3.4/edit');
  await page.getByLabel('Slutdatum').fill('2020-01-01');
  await page.getByLabel('Rubrik på svenska').fill('Stöd till ideella organisationer, ändrad rubrik');
  await page.getByRole('button', { name: 'Spara åtgärden' }).click();
  await page.locator('#end_date-error').filter({ hasText: 'före startdatum' }).waitFor();
  assert.equal(await page.getByLabel('Rubrik på svenska').inputValue(), 'Stöd till ideella organisationer, ändrad rubrik');
  await assertAccessible(page, '/measures/3.4/edit with a refused field');
  await page.getByLabel('Slutdatum').fill('2027-12-31');
  await page.getByRole('button', { name: 'Spara åtgärden' }).click();
  await page.waitForURL(site.base + '/measures/3.4');
  await page.getByRole('heading', { level: 1, name: 'Stöd till ideella organisationer, ändrad rubrik' }).waitFor();
  await page.close();
});

test('a ministry registers an assignment: each wrong field is explained and kept, then it is registered', async () => {
  const { page } = await site.open('/assignments/new');
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
  await page.waitForURL(site.base + '/assignments/A2026-01888');
  await page.getByRole('heading', { level: 1, name: 'Uppdrag att stödja kommunernas arbete' }).waitFor();
  await page.close();
});

test('a ministry moves a deadline: a date before the decision is explained, then the move is saved', async () => {
  const { page } = await site.open('/assignments/A2025-00637/deadlines');
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
  const first = (await site.open('/measures/3.4/funding')).page;
  const second = (await site.open('/measures/3.4/funding')).page;
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
  const { page } = await site.open('/areas');
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

// JavaScript off: the server's HTML alone, as on a slow phone before the bundle arrives. Each
// form posts to its server function and the server sends the browser back to the page, with its
// messages next to the fields and what was typed kept.
async function plainSignIn(email, password = PASSWORD) {
  const plain = await site.browser.newContext({ locale: 'sv-SE', javaScriptEnabled: false });
  const page = await plain.newPage();
  await page.goto(site.base + '/sign-in');
  await page.getByLabel('E-postadress').fill(email);
  await page.getByLabel('Lösenord').fill(password);
  await page.getByRole('button', { name: 'Logga in' }).click();
  await page.waitForLoadState();
  return { plain, page };
}

test('before any WebAssembly has run, a wrong password is refused on the sign-in page', async () => {
  const { plain, page } = await plainSignIn(ACCOUNTS.county_board.email, 'inte lösenordet');
  await page.getByText('E-postadressen eller lösenordet stämmer inte.').waitFor();
  assert.equal(await page.getByLabel('Lösenord').inputValue(), '');
  await plain.close();
});

test('before any WebAssembly has run, a county board saves its row: a wrong value is explained and the text kept', async () => {
  const { plain, page } = await plainSignIn(ACCOUNTS.county_board.email);
  await page.getByRole('button', { name: 'Logga ut' }).waitFor();
  await page.goto(site.base + '/counties/24/rows/1.8');
  const version = await page.locator('input[name="version"]').getAttribute('value');
  assert.match(version ?? '', /^\d+$/, 'the form carries the version it was loaded at');
  await page.getByLabel('Status').selectOption('delayed');
  await page.getByLabel(/Framdrift i procent/).fill('140');
  await page.getByLabel('Läget i länet').fill('Sparat utan JavaScript.');
  await page.getByRole('button', { name: 'Spara raden' }).click();
  await page.locator('#progress-error').filter({ hasText: 'från 0 till 100' }).waitFor();
  assert.equal(await page.getByLabel(/Framdrift i procent/).inputValue(), '140');
  assert.equal(await page.getByLabel('Läget i länet').inputValue(), 'Sparat utan JavaScript.');
  assert.equal(await page.getByLabel('Status').inputValue(), 'delayed');
  await page.getByLabel(/Framdrift i procent/).fill('72');
  await page.getByRole('button', { name: 'Spara raden' }).click();
  await page.getByText('Raden är sparad.').waitFor();
  await page.goto(site.base + '/counties/24');
  await page.getByText('Sparat utan JavaScript.').first().waitFor();
  await plain.close();
});

test('before any WebAssembly has run, a ministry changes a measure: a wrong date is explained, then the change is saved', async () => {
  const { plain, page } = await plainSignIn(ACCOUNTS.ministry.email);
  await page.goto(site.base + '/measures/2.2/edit');
  await page.getByLabel('Slutdatum').fill('2020-01-01');
  await page.getByLabel('Rubrik på svenska').fill('Ändrad rubrik utan JavaScript');
  await page.getByRole('button', { name: 'Spara åtgärden' }).click();
  await page.locator('#end_date-error').filter({ hasText: 'före startdatum' }).waitFor();
  assert.equal(await page.getByLabel('Rubrik på svenska').inputValue(), 'Ändrad rubrik utan JavaScript');
  await page.getByLabel('Slutdatum').fill('2029-12-31');
  await page.getByRole('button', { name: 'Spara åtgärden' }).click();
  await page.waitForURL(site.base + '/measures/2.2');
  await page.getByRole('heading', { level: 1, name: 'Ändrad rubrik utan JavaScript' }).waitFor();
  await plain.close();
});
