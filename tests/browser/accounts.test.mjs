// Signing in and out as each role, a refused password, and an admin creating an account, in
// headless Chromium.
//
// Run by `./lagesbild test` (see support.mjs for the server each file gets).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { ACCOUNTS, PASSWORD, assertAccessible, useSite } from './support.mjs';

const site = useSite({ signInAs: null });

test('an anonymous visitor is sent to sign in, and a wrong password is refused next to the form', async () => {
  const anonymous = await site.browser.newContext({ locale: 'sv-SE' });
  const page = await anonymous.newPage();
  const errors = [];
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  await page.goto(site.base + '/measures/1.8');
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
    const own = await site.browser.newContext({ locale: 'sv-SE' });
    const page = await site.signIn(own, account.email);
    const header = page.locator('.account');
    await header.locator('.account-role').filter({ hasText: account.role }).waitFor();
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
    await page.goto(site.base + '/');
    assert.equal(new URL(page.url()).pathname, '/sign-in', 'signed out for good');
    await own.close();
  });
}

test('an admin invites a person, who chooses their own password with the one-time link and signs in with it', async () => {
  const own = await site.browser.newContext({ locale: 'sv-SE' });
  const signedIn = await site.signIn(own, ACCOUNTS.admin.email);
  await signedIn.getByRole('button', { name: 'Logga ut' }).waitFor();
  const page = await own.newPage();
  await page.goto(site.base + '/admin/users');
  await page.waitForSelector('html[data-hydrated="true"]');
  await assertAccessible(page, '/admin/users');
  const form = page.locator('form.form');
  assert.equal(await form.locator('input[type="password"]').count(), 0, 'an admin never chooses a password');
  await form.getByLabel('E-postadress').fill('per.persson@jamstalldhetsmyndigheten');
  await form.getByLabel('Namn').fill('Per Persson');
  await form.getByLabel('Organisation').selectOption({ label: 'Jämställdhetsmyndigheten' });
  await form.getByLabel('Roll').selectOption({ label: 'Myndighet' });
  await form.getByRole('button', { name: 'Skapa konto' }).click();
  await page.locator('#new-email-error').filter({ hasText: 'Skriv en e-postadress' }).waitFor();
  assert.equal(await form.getByLabel('Namn').inputValue(), 'Per Persson', 'what was typed is kept');
  assert.equal(await form.getByLabel('E-postadress').getAttribute('aria-invalid'), 'true');
  await assertAccessible(page, '/admin/users with a refused field');
  await form.getByLabel('E-postadress').fill('per.persson@jamstalldhetsmyndigheten.se');
  await form.getByRole('button', { name: 'Skapa konto' }).click();
  await page.getByText('Kontot är skapat.').waitFor();
  const link = await page.getByLabel('Engångslänk').inputValue();
  assert.match(link, new RegExp(`^${site.base}/password\\?token=[0-9a-f]{64}$`));
  await assertAccessible(page, '/admin/users with an invitation link');
  await page.locator('table tbody').getByText('per.persson@jamstalldhetsmyndigheten.se').waitFor();
  await own.close();

  // The invited person, not signed in, opens the link.
  const invited = await site.browser.newContext({ locale: 'sv-SE' });
  const choose = await invited.newPage();
  await choose.goto(link);
  await choose.waitForSelector('html[data-hydrated="true"]');
  await choose.getByText('Välkommen till Lägesbild, Per Persson').waitFor();
  await assertAccessible(choose, '/password');
  await choose.getByLabel('Nytt lösenord', { exact: true }).fill('Password123!');
  await choose.getByLabel('Nytt lösenord igen').fill('Password123!');
  await choose.getByRole('button', { name: 'Spara lösenord' }).click();
  await choose.locator('#new-password-error').filter({ hasText: 'för lätt att gissa' }).waitFor();
  assert.equal(await choose.getByLabel('Nytt lösenord', { exact: true }).getAttribute('aria-invalid'), 'true');
  await choose.getByLabel('Nytt lösenord', { exact: true }).fill('lingon traktor moln');
  await choose.getByLabel('Nytt lösenord igen').fill('lingon traktor moln');
  await choose.getByRole('button', { name: 'Spara lösenord' }).click();
  await choose.waitForURL(/\/sign-in\?password=set$/);
  await choose.getByText('Lösenordet är sparat.').waitFor();
  const signedInAsPer = await site.signIn(invited, 'per.persson@jamstalldhetsmyndigheten.se', 'lingon traktor moln');
  await signedInAsPer.getByRole('button', { name: 'Logga ut' }).waitFor();
  await signedInAsPer.getByRole('link', { name: 'Per Persson' }).click();
  await signedInAsPer.waitForURL(/\/account$/);
  await signedInAsPer.getByRole('heading', { name: 'Byt lösenord' }).waitFor();
  await assertAccessible(signedInAsPer, '/account');
  await invited.close();
});

/** The code an authenticator app shows for a base32 `key`, `steps` 30-second steps from now (RFC 6238). */
function authenticatorCode(key, steps = 0) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of key.replace(/\s/g, '')) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const bytes = Buffer.from(bits.match(/.{8}/g).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000) + steps));
  const mac = createHmac('sha1', bytes).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return ((mac.readUInt32BE(offset) & 0x7fffffff) % 1000000).toString().padStart(6, '0');
}

test('a county board turns on two-step verification with an authenticator app, then signs in with a code', async () => {
  const own = await site.browser.newContext({ locale: 'sv-SE' });
  const signedIn = await site.signIn(own, ACCOUNTS.county_board.email);
  await signedIn.getByRole('button', { name: 'Logga ut' }).waitFor();
  const page = await own.newPage();
  await page.goto(site.base + '/account');
  await page.waitForSelector('html[data-hydrated="true"]');
  await page.getByRole('button', { name: 'Slå på tvåstegsverifiering' }).click();
  await page.locator('.qr-code svg').waitFor();
  await assertAccessible(page, '/account setting up two-step verification');
  const key = await page.locator('.secret-key').innerText();
  assert.match(key.replace(/\s/g, ''), /^[A-Z2-7]{32}$/);
  const twoStep = page.getByRole('region', { name: 'Tvåstegsverifiering' });
  await twoStep.getByLabel('Nuvarande lösenord').fill(PASSWORD);
  await twoStep.getByLabel('Kod', { exact: true }).fill(authenticatorCode(key, -1));
  await twoStep.getByRole('button', { name: 'Slå på', exact: true }).click();
  await page.getByRole('heading', { name: 'Dina reservkoder' }).waitFor();
  assert.equal(await page.locator('.recovery-codes li').count(), 10);
  await assertAccessible(page, '/account with recovery codes');
  await page.getByRole('button', { name: 'Logga ut' }).click();
  await page.waitForURL(/\/sign-in$/);

  // Next time the password is only the first step.
  const again = await site.signIn(own, ACCOUNTS.county_board.email);
  await again.waitForURL(/\/sign-in\/code\?next=/);
  await again.waitForSelector('html[data-hydrated="true"]');
  await assertAccessible(again, '/sign-in/code');
  await again.getByLabel('Kod', { exact: true }).fill('12345');
  await again.getByRole('button', { name: 'Verifiera' }).click();
  await again.locator('#code-error').filter({ hasText: 'Koden stämmer inte' }).waitFor();
  assert.equal(await again.getByLabel('Kod', { exact: true }).inputValue(), '', 'a one-time code is never sent back: the next one is typed');
  await again.getByLabel('Kod', { exact: true }).fill(authenticatorCode(key, 0));
  await again.getByRole('button', { name: 'Verifiera' }).click();
  await again.getByRole('button', { name: 'Logga ut' }).waitFor();
  assert.equal(new URL(again.url()).pathname, '/');
  await own.close();
});

test('a person makes an access token on their account page, sees it once, a script reads with it, and it ends when revoked', async () => {
  const own = await site.browser.newContext({ locale: 'sv-SE' });
  const page = await site.signIn(own, ACCOUNTS.agency.email);
  await page.goto(site.base + '/account');
  const tokens = page.getByRole('region', { name: 'Åtkomstnycklar för skript' });
  // A wrong number of days is explained next to its field, and the name typed is kept.
  await tokens.getByLabel('Vad nyckeln är till för').fill('Månadsuttag till Excel');
  await tokens.getByLabel('Antal dagar nyckeln gäller').fill('400');
  await tokens.getByRole('button', { name: 'Skapa åtkomstnyckel' }).click();
  await page.locator('#days-error').filter({ hasText: '365' }).waitFor();
  assert.equal(await tokens.getByLabel('Vad nyckeln är till för').inputValue(), 'Månadsuttag till Excel');
  await tokens.getByLabel('Antal dagar nyckeln gäller').fill('30');
  await tokens.getByRole('button', { name: 'Skapa åtkomstnyckel' }).click();
  const shown = page.getByLabel('Din nya åtkomstnyckel');
  await shown.waitFor();
  const token = await shown.inputValue();
  assert.match(token, /^lagesbild_[0-9a-f]{64}$/);
  await assertAccessible(page, '/account with a new access token');
  // A script, with no session, reads with it.
  const read = await fetch(site.base + '/data/plan.csv', { headers: { authorization: `Bearer ${token}` } });
  assert.equal(read.status, 200);
  // Shown once: the next visit lists it by name, never the secret.
  await page.goto(site.base + '/account');
  await tokens.getByRole('cell', { name: 'Månadsuttag till Excel' }).waitFor();
  assert.ok(!(await page.content()).includes(token), 'the secret is not shown again');
  await tokens.getByRole('button', { name: /Återkalla/ }).click();
  await tokens.getByRole('cell', { name: 'Återkallad' }).waitFor();
  const refused = await fetch(site.base + '/data/plan.csv', { headers: { authorization: `Bearer ${token}` } });
  assert.equal(refused.status, 401);
  await own.close();
});
