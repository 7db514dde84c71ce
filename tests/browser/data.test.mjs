// The data page in the browser: its links download the whole plan as a workbook and a table as
// a CSV file, from this server.
//
// Run by `./lagesbild test` (see support.mjs for the server each file gets).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useSite } from './support.mjs';

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
