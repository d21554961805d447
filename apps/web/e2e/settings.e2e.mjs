// An owner looks after the business: requisites, their own second factor, an API token for an
// integration, and the audit log that records all of it.
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { screenshotDir, signupAgreementIds, useProductAndBrowser } from './harness.mjs';

const env = useProductAndBrowser({ before, after });

/** RFC 4648 base32, as authenticator apps read the secret. */
function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** RFC 6238 TOTP: HMAC-SHA-1 over the 30-second step, dynamic truncation to 6 digits. */
function totp(secret, { at = Date.now(), stepsAhead = 0 } = {}) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30) + stepsAhead));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const shot = (page, name) => page.screenshot({ path: join(screenshotDir, name), fullPage: true, animations: 'disabled' });

test('an owner edits requisites, turns on 2FA, issues an API token and reads the audit log', async () => {
  const { baseUrl } = env.product;
  const email = `owner-${randomBytes(4).toString('hex')}@example.ru`;
  const password = 'correct horse battery';
  const signup = await fetch(`${baseUrl}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      tenant: { name: 'ООО «Шарики»', inn: '7707083893', ogrn: '1027700132195', kpp: '773601001', legalAddress: '117312, г. Москва, ул. Вавилова, д. 19' },
      owner: { fullName: 'Анна Смирнова', email, password },
      acceptedVersionIds: await signupAgreementIds(baseUrl),
    }),
  });
  assert.equal(signup.status, 201);

  // A Russian browser, so date fields read дд.мм.гггг as the users' do.
  const context = await env.browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'ru-RU' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Электронная почта').fill(email);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByTestId('welcome').waitFor();
  assert.equal(await page.getByTestId('nav-overview').getAttribute('aria-current'), 'page');

  // The settings group shows what the owner may open.
  const settingsGroup = page.getByTestId('nav-group-settings');
  assert.equal(await settingsGroup.locator('.nav-group-label').textContent(), 'Настройки');
  for (const name of ['organisation', 'api-tokens', 'audit']) await settingsGroup.getByTestId(`nav-${name}`).waitFor();

  // Organisation: a mistyped INN is refused by its checksum, shown under the field.
  await page.getByTestId('nav-organisation').click();
  await page.waitForURL(/\/settings\/organisation$/);
  assert.equal(await page.getByTestId('nav-overview').getAttribute('aria-current'), null, 'only the open section is highlighted');
  assert.equal(await page.getByTestId('requisite-inn').textContent(), '7707083893');
  assert.equal(await page.getByTestId('requisite-kpp').textContent(), '773601001');
  await shot(page, 'organisation.png');
  await page.getByTestId('edit-requisites').click();
  const newAddress = '119021, г. Москва, ул. Льва Толстого, д. 16';
  await page.locator('textarea[name="legalAddress"]').fill(newAddress);
  await page.locator('input[name="inn"]').fill('7707083894');
  await page.getByTestId('save-requisites').click();
  await page.getByText('check digit does not match').waitFor();
  assert.equal(await page.locator('input[name="inn"]').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByTestId('requisites-error').textContent(), 'Проверьте выделенные поля');
  await shot(page, 'organisation-error.png');
  await page.locator('input[name="inn"]').fill('7707083893');
  await page.getByTestId('save-requisites').click();
  await page.getByTestId('requisites-saved').waitFor();
  assert.equal(await page.getByTestId('requisite-legal-address').textContent(), newAddress);

  // Requiring two-factor of everyone takes a second factor of one's own first.
  const policySwitch = page.getByRole('switch', { name: 'Требовать двухфакторную аутентификацию от всех сотрудников' });
  assert.equal(await policySwitch.isDisabled(), true);
  await page.getByTestId('policy-self-reminder').waitFor();
  await page.getByTestId('policy-self-setup').click();
  await page.waitForURL(/\/account\/security$/);

  // Security: scan (here: read) the secret, answer with a code computed like an app would.
  assert.equal((await page.getByTestId('two-factor-state').textContent()).trim(), 'Выключена');
  await page.getByTestId('totp-start').click();
  const qr = page.getByTestId('totp-qr');
  await qr.waitFor();
  assert.match(await qr.getAttribute('src'), /^data:image\/png;base64,/);
  const shownSecret = await page.getByTestId('totp-secret').textContent();
  assert.match(shownSecret, /^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/, 'the secret is shown in groups of four');
  const secret = shownSecret.replace(/\s/g, '');
  await shot(page, 'security-setup.png');
  await page.getByTestId('totp-code').fill('000000');
  await page.getByTestId('totp-enable').click();
  await page.getByText('Код не подошёл').waitFor();
  await page.getByTestId('totp-code').fill(totp(secret));
  await page.getByTestId('totp-enable').click();
  await page.getByTestId('two-factor-changed').waitFor();
  assert.equal((await page.getByTestId('two-factor-state').textContent()).trim(), 'Включена');
  assert.equal(await page.getByTestId('totp-secret').count(), 0, 'the secret is gone once confirmed');
  await shot(page, 'security.png');

  // Now the rule can be turned on, after a confirmation.
  await page.getByTestId('nav-organisation').click();
  await policySwitch.click();
  const policyConfirm = page.getByTestId('confirm-dialog');
  await policyConfirm.getByText('Требовать двухфакторную аутентификацию?').waitFor();
  await shot(page, 'organisation-policy-confirm.png');
  await policyConfirm.getByTestId('confirm-action').click();
  await page.getByTestId('policy-state').getByText('Включено').waitFor();
  await page.reload();
  assert.equal(await policySwitch.getAttribute('aria-checked'), 'true');
  assert.equal(await page.getByTestId('requisite-legal-address').textContent(), newAddress);

  // API tokens: none yet, then one with two permissions; its secret is shown once.
  await page.getByTestId('nav-api-tokens').click();
  await page.getByText('Токенов пока нет').waitFor();
  await shot(page, 'api-tokens-empty.png');
  await page.getByTestId('create-token').click();
  const dialog = page.getByTestId('create-token-dialog');
  await dialog.getByRole('heading', { name: 'Новый API-токен' }).waitFor();
  await dialog.getByTestId('create-token-submit').click();
  await dialog.getByText('Выберите хотя бы одно право').waitFor();
  await dialog.locator('input[name="name"]').fill('Синхронизация с CRM');
  await dialog.locator('input[data-permission="tenant.read"]').check();
  await dialog.locator('input[data-permission="audit.read"]').check();
  await shot(page, 'api-token-create.png');
  await dialog.getByTestId('create-token-submit').click();
  const secretStep = dialog.getByTestId('token-secret-step');
  await secretStep.waitFor();
  const token = (await dialog.getByTestId('token-secret').textContent()).trim();
  assert.ok(token.length > 20);
  await dialog.getByTestId('copy-button').click();
  await dialog.getByText('Скопировано').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);
  await shot(page, 'api-token-secret.png');
  await page.keyboard.press('Escape');
  await secretStep.waitFor({ state: 'visible' });
  await dialog.getByTestId('token-secret-done').click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await page.content()).includes(token), false, 'the secret is not shown again');

  const row = page.locator('tr', { hasText: 'Синхронизация с CRM' });
  await row.getByText('Активен').waitFor();
  assert.match(await row.textContent(), /2 права/);
  assert.match(await row.textContent(), /Не использовался/);

  // The token works for what it was given.
  const asIntegration = await fetch(`${baseUrl}/api/v1/tenant`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(asIntegration.status, 200);
  assert.equal((await asIntegration.json()).legalAddress, newAddress);
  await page.reload();
  await row.getByText('Активен').waitFor();
  assert.doesNotMatch(await row.textContent(), /Не использовался/);
  await shot(page, 'api-tokens.png');

  // Revoking asks first, then takes effect on the token's next request.
  await row.getByTestId('revoke-token').click();
  const confirm = page.getByTestId('confirm-dialog');
  await confirm.getByText('Отозвать токен «Синхронизация с CRM»?').waitFor();
  await shot(page, 'api-token-revoke.png');
  await confirm.getByTestId('confirm-action').click();
  await row.getByText('Отозван').waitFor();
  const afterRevoke = await fetch(`${baseUrl}/api/v1/tenant`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(afterRevoke.status, 401);

  // The audit log names every step in Russian.
  await page.getByTestId('nav-audit').click();
  await page.waitForURL(/\/settings\/audit$/);
  const actions = page.getByTestId('audit-action');
  await actions.first().waitFor();
  const labels = await actions.allTextContents();
  for (const expected of ['Отозван API-токен', 'Создан API-токен', 'Включена двухфакторная аутентификация', 'Изменены настройки компании', 'Вход в кабинет', 'Регистрация компании']) {
    assert.ok(labels.includes(expected), `the log shows "${expected}" (got ${labels.join(', ')})`);
  }
  await page.getByText('Изменено: юридический адрес').waitFor();
  await shot(page, 'audit.png');

  // Filtered to one kind of event, in the table, the address and the CSV alike.
  await page.getByTestId('filter-bar').locator('select[name="action"]').selectOption('tenant.updated');
  await page.waitForURL(/action=tenant\.updated/);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="audit-action"]')].every((cell) => cell.textContent === 'Изменены настройки компании'));
  assert.equal(await actions.count(), 2);
  await shot(page, 'audit-filtered.png');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
  assert.match(download.suggestedFilename(), /^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
  const [header, ...lines] = csv.trim().split(/\r\n/);
  assert.equal(header.split(',').slice(0, 3).join(','), 'id,created_at,action');
  assert.equal(lines.length, 2);
  assert.ok(lines.every((line) => line.split(',')[2] === 'tenant.updated'));
  assert.ok(csv.includes('Льва Толстого'));

  // Signing out everywhere ends this session too; signing back in now asks for a code.
  await page.getByTestId('nav-security').click();
  await page.getByTestId('logout-everywhere').click();
  await page.getByTestId('confirm-dialog').getByTestId('confirm-action').click();
  await page.waitForURL(/\/login$/);
  await page.goto(`${baseUrl}/settings/audit`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel('Электронная почта').fill(email);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  // The enabling code's step is spent (replay protection): answer with the next one.
  await page.locator('input[name="totpCode"]').fill(totp(secret, { stepsAhead: 1 }));
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL(/\/settings\/audit$/);
  await actions.first().waitFor();
  await context.close();
});

test('English screens on request', async () => {
  const { baseUrl } = env.product;
  const email = `owner-${randomBytes(4).toString('hex')}@example.ru`;
  const signup = await fetch(`${baseUrl}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      tenant: { name: 'ИП Иванова А. А.', inn: '500100732259', ogrn: '304500116000157', legalAddress: '143000, Московская обл., г. Одинцово, ул. Садовая, д. 1' },
      owner: { fullName: 'Alla Ivanova', email, password: 'correct horse battery' },
      acceptedVersionIds: await signupAgreementIds(baseUrl),
    }),
  });
  assert.equal(signup.status, 201, await signup.text());
  const page = await env.browser.newPage({ viewport: { width: 1360, height: 900 } });
  await page.goto(`${baseUrl}/login?lang=en`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('welcome').waitFor();
  await page.getByTestId('nav-organisation').click();
  // A sole trader has an OGRNIP and no KPP.
  await page.getByText('OGRNIP').waitFor();
  assert.equal(await page.getByTestId('requisite-kpp').count(), 0);
  await shot(page, 'organisation-en.png');
  await page.getByTestId('nav-audit').click();
  await page.getByTestId('audit-action').getByText('Business signed up').waitFor();
  await shot(page, 'audit-en.png');
  await page.close();
});
