// A person files a request about their data through the form the business publishes; the
// compliance officer sees it in the queue with its statutory deadline, checks the identity and
// downloads the package (issue 8).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { call, screenshotDir, signIn, signUpBusiness, useProductAndBrowser } from './harness.mjs';

const env = useProductAndBrowser({ before, after });
const require = createRequire(import.meta.url);
const JSZip = require('jszip');
const shot = (page, name) => page.screenshot({ path: join(screenshotDir, name), fullPage: true, animations: 'disabled' });

test('a request filed through the public form appears in the queue with its deadline, and is answered with the package', async () => {
  const { baseUrl } = env.product;
  const owner = await signUpBusiness(baseUrl);
  const { accessToken } = owner;

  // The person, in a browser of their own, without an account.
  const personContext = await env.browser.newContext({ viewport: { width: 480, height: 900 }, locale: 'ru-RU' });
  const person = await personContext.newPage();
  await person.goto(`${baseUrl}/requests/${owner.tenantId}`);
  await person.getByTestId('public-request-business').getByText('ООО «Шарики»').waitFor();
  await person.getByTestId('public-request-kind-access').check();
  await person.locator('input[name="fullName"]').fill('Иван Петров');
  await person.locator('textarea[name="details"], input[name="details"]').first().fill('Прошу сообщить, какие мои персональные данные вы обрабатываете и зачем');
  // Neither a phone nor an e-mail: refused before anything is sent.
  await person.getByTestId('public-request-submit').click();
  await person.locator('.field-error').first().waitFor();
  await person.locator('input[name="phone"]').fill('+7 916 000-11-22');
  await shot(person, 'subject-request-public-form.png');
  await person.getByTestId('public-request-submit').click();
  await person.getByTestId('public-request-receipt').waitFor();
  const number = (await person.getByTestId('public-request-number').textContent()).trim();
  assert.match(number, /^ЗПД-\d{4}-\d{4}$/);
  const [queued] = await call(baseUrl, 'GET', '/api/v1/subject-requests', { token: accessToken });
  assert.equal(queued.number, number);
  const [y, m, d] = queued.deadline.due.split('-');
  assert.match(await person.getByTestId('public-request-due').textContent(), new RegExp(`${d}\\.${m}\\.${y}`), 'the receipt says when the answer is due');
  await shot(person, 'subject-request-public-receipt.png');
  await personContext.close();

  // The business: the queue shows it with the deadline and the article next to it.
  const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU', acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, baseUrl, owner);
  await page.getByTestId('nav-subject-requests').click();
  const row = page.locator(`[data-testid=subject-request][data-request-id="${queued.id}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-state'), 'on-time');
  assert.equal((await row.getByTestId('subject-request-number').textContent()).trim(), number);
  assert.match(await row.getByTestId('subject-request-due').textContent(), new RegExp(`${d}\\.${m}\\.${y}`));
  assert.match(await row.getByTestId('subject-request-article').textContent(), /ст\. 14/);
  await shot(page, 'subject-requests-queue.png');

  // The request: nothing is disclosed before the identity check; then the package downloads.
  await row.locator('a').first().click();
  await page.getByTestId('subject-request-page').waitFor();
  assert.equal(await page.getByTestId('access-package').isDisabled(), true, 'no package before the identity check');
  await page.getByTestId('identity-method-document').check();
  await page.getByTestId('identity-evidence').fill('Паспорт 45 08 ***123, выдан ОВД Пресненского района');
  await page.getByTestId('identity-submit').click();
  await page.getByTestId('identity-verified').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('access-package').click()]);
  const zip = await JSZip.loadAsync(readFileSync(await download.path()));
  assert.ok(zip.file('data.json') && zip.file('data.pdf'), 'the package holds the JSON and the PDF');
  await page.locator('[data-testid=request-event][data-type=access-package]').waitFor();
  await shot(page, 'subject-request-page.png');

  // Retention: the register's period for correspondence, the dry run, and a legal hold.
  await page.getByTestId('nav-retention').click();
  const planItem = page.locator('[data-testid=retention-plan-item][data-target="messaging.message-content"]');
  await planItem.waitFor();
  assert.match(await planItem.textContent(), /12 месяцев с момента сбора/);
  // The platform's own data, by the platform's register, counted from the account's deletion.
  const registration = page.locator('[data-testid=retention-plan-item][data-target="identity.registration-data"]');
  assert.equal(await registration.getAttribute('data-register'), 'platform');
  assert.match(await registration.textContent(), /Реестр платформы.*7 дней с момента удаления учётной записи/s);
  await page.getByTestId('legal-hold-scope').selectOption('tenant');
  await page.getByTestId('legal-hold-reason').fill('Проверка Роскомнадзора, запрос № 77-123');
  await page.getByTestId('legal-hold-submit').click();
  await page.locator('[data-testid=legal-hold][data-active=true]').waitFor();
  await shot(page, 'retention.png');
  await context.close();
});
