// Charts, the map and navigation in the browser: each chart is drawn by the app's own ECharts
// beside a table of the same numbers, follows forced colours, and the filters and the main menu
// work without reloading the page.
//
// Run by `./lagesbild test` (see support.mjs for the server each file gets).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './support.mjs';

const site = useSite();

test('the overview draws its charts with the app\'s own ECharts, each beside a table of the same numbers', async () => {
  const { page, outside, errors } = await site.open('/');
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
  const echarts = await page.locator('script[src^="/vendor/echarts."]').getAttribute('src');
  assert.match(echarts, /^\/vendor\/echarts\.[0-9a-f]{32}\.min\.js$/, 'ECharts comes from this server, named by its content');
  assert.deepEqual(outside, [], 'no request leaves the machine');
  assert.deepEqual(errors, [], 'no errors in the console');
  await page.close();
});

test('the site\'s files are named by their content, kept a year and sent compressed by the build', async () => {
  const page = await site.context.newPage();
  const files = new Map();
  page.on('response', async (response) => {
    const path = new URL(response.url()).pathname;
    if (/\.(wasm|js|css)$/.test(path)) files.set(path, await response.allHeaders());
  });
  await page.goto(site.base + '/');
  await page.waitForSelector('html[data-hydrated="true"]', { timeout: 20000 });
  const named = [...files.keys()];
  for (const pattern of [/^\/pkg\/lagesbild\.[0-9a-f]{32}\.wasm$/, /^\/pkg\/lagesbild\.[0-9a-f]{32}\.js$/,
    /^\/pkg\/lagesbild\.[0-9a-f]{32}\.css$/, /^\/charts\.[0-9a-f]{32}\.js$/]) {
    const path = named.find((name) => pattern.test(name));
    assert.ok(path, `${pattern} among ${named.join(', ')}`);
    const headers = files.get(path);
    assert.equal(headers['cache-control'], 'public, max-age=31536000, immutable', path);
    assert.equal(headers['content-encoding'], 'br', `${path} is sent as the build compressed it`);
  }
  await page.close();
});

test('the comparison draws the counties on the app\'s own map of Sweden beside a table of the same figures', async () => {
  const { page, outside, errors } = await site.open('/compare');
  await page.locator('.map-drawing[data-chart-drawn="true"] canvas').waitFor();
  const outline = await page.evaluate((base) => performance.getEntriesByType('resource')
    .filter((entry) => /^\/sweden-counties\.[0-9a-f]{32}\.geojson$/.test(entry.name.slice(base.length))).length, site.base);
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
  // Another figure, chosen in the form (a GET form: the server renders the page with it).
  await page.selectOption('#show', 'indicator:presumed-victims');
  await page.selectOption('#sort', 'value');
  await page.getByRole('button', { name: 'Visa' }).click();
  await page.waitForURL(/show=indicator/);
  await page.locator('figure.map h3', { hasText: 'Per 100 000 invånare' }).waitFor();
  await page.waitForFunction(() => document.querySelector('.map-drawing')?.getAttribute('data-drawn') === document.querySelector('.map-drawing')?.getAttribute('data-chart'));
  const rows = await check();
  assert.ok(rows.some(([, text]) => text === '..'), 'small counts are suppressed on the map too');
  assert.equal(rows.at(-1)[1], '..', 'suppressed counties come last when sorted by value');
  assert.equal(await page.locator('#show').inputValue(), 'indicator:presumed-victims', 'the choice stays chosen');
  // A county's name leads to its page.
  await page.locator('table.matrix').getByRole('link', { name: 'Gotlands län' }).click();
  await page.waitForURL(/\/counties\/09$/);
  assert.deepEqual(outside, [], 'no request leaves the machine');
  assert.deepEqual(errors, [], 'no errors in the console');
  await page.close();
});

for (const [path, count] of [['/measures/1.8', 3], ['/counties/24', 4], ['/coverage', 2]]) {
  test(`${path} draws its charts, each beside its table`, async () => {
    const { page, errors } = await site.open(path);
    await page.locator('.chart-drawing[data-chart-drawn="true"] canvas').nth(count - 1).waitFor();
    assert.equal(await page.locator('figure.chart').count(), count);
    assert.equal(await page.locator('figure.chart table').count(), count);
    assert.deepEqual(errors, [], 'no errors in the console');
    await page.close();
  });
}

test('in forced colours (high contrast) the charts take the system\'s colours', async () => {
  const page = await site.context.newPage();
  await page.emulateMedia({ forcedColors: 'active' });
  await page.goto(site.base + '/');
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

test('the measures filter shows only the chosen measures and keeps the choice', async () => {
  const { page } = await site.open('/measures');
  await page.selectOption('#status', 'delayed');
  await page.getByRole('button', { name: 'Visa' }).click();
  await page.waitForURL(/status=delayed/);
  const statuses = await page.locator('table.measures tbody .status').allTextContents();
  assert.ok(statuses.length > 0, 'some measures are delayed');
  assert.ok(statuses.every((s) => s.includes('Försenad')), `only delayed measures: ${statuses}`);
  assert.equal(await page.locator('#status').inputValue(), 'delayed', 'the choice stays chosen');
  await page.close();
});

test('the main menu leads to each page and marks the current one', async () => {
  const { page } = await site.open('/');
  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Län', exact: true }).click();
  await page.waitForURL(/\/counties$/);
  await page.getByRole('heading', { level: 1, name: 'Län' }).waitFor();
  assert.equal(await page.locator('table tbody tr').count(), 21);
  const current = page.locator('.site-nav a[aria-current="page"]');
  assert.equal((await current.textContent()).trim(), 'Län');
  await page.close();
});
