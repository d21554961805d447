// The compliance officer keeps the processing register in the browser (issue 7): the messenger
// activity the module added, a new activity through the editor with the taxonomies as pickers,
// an edit and its diff, the XLSX and PDF downloads read back, the findings, the generated policy
// published, and the platform's register read-only.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { call, root, screenshotDir, signIn, signUpBusiness, useProductAndBrowser } from './harness.mjs';

const env = useProductAndBrowser({ before, after });
const require = createRequire(import.meta.url);
const ExcelJS = require('exceljs');
const shot = (page, name) => page.screenshot({ path: join(screenshotDir, name), fullPage: true, animations: 'disabled' });

test('a compliance officer adds an activity, edits it, exports the register as XLSX and PDF, and publishes the policy', async () => {
  const { baseUrl } = env.product;
  const { extractPdfText } = require(join(root, 'dist/api/libs/platform/src/testing/pdf-text.js'));
  const owner = await signUpBusiness(baseUrl);
  const { accessToken } = owner;

  const context = await env.browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'ru-RU', acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, baseUrl, owner);

  // The register already holds the processing of clients' messages, added with the module.
  await page.getByTestId('nav-register').click();
  await page.waitForURL(/\/register$/);
  const rows = page.getByTestId('register-activity');
  for (let i = 0; i < 20 && (await rows.count()) === 0; i += 1) {
    await page.waitForTimeout(500);
    await page.reload();
  }
  await rows.filter({ hasText: 'Обработка сообщений клиентов в мессенджерах' }).first().waitFor();
  assert.equal(await page.getByTestId('register-operator-inn').textContent(), '7707083893');
  await shot(page, 'register-list.png');

  // A new activity through the editor: a draft without a name is refused before anything is sent.
  await page.getByTestId('register-add').click();
  const form = page.getByTestId('register-activity-form');
  await form.waitFor();
  await page.getByTestId('register-save').click();
  await form.locator('.field-error').first().waitFor();
  await page.getByTestId('activity-name').fill('Заявки с сайта');
  await page.getByTestId('activity-purpose').fill('Обработка заявок потенциальных клиентов, поступивших через форму на сайте');
  await page.getByTestId('legal-basis-clause-0').selectOption('1');
  await page.getByTestId('legal-basis-document-0').fill('Согласие на обработку персональных данных, форма на сайте');
  await page.getByTestId('category-full-name').check();
  await page.getByTestId('category-contact-details').check();
  await page.getByTestId('subject-prospects').check();
  for (const action of ['collection', 'recording', 'storage', 'use', 'destruction']) await page.getByTestId(`action-${action}`).check();
  await page.getByTestId('retention-add').click();
  await page.getByTestId('retention-amount-0').fill('6');
  await page.getByTestId('retention-unit-0').selectOption('months');
  await page.getByTestId('retention-trigger-0').selectOption('collection');
  await page.getByTestId('database-address').fill('г. Москва, ЦОД «Даталайн», Коровинское ш., д. 41');
  await shot(page, 'register-editor.png');
  await page.getByTestId('register-save').click();
  await page.getByTestId('register-saved').waitFor();
  const { activities } = await call(baseUrl, 'GET', '/api/v1/register/activities', { token: accessToken });
  const created = activities.find((a) => a.data.name === 'Заявки с сайта');
  assert.ok(created, 'the activity is in the register');
  assert.deepEqual(created.data.retention, [{ categories: ['full-name', 'contact-details'], period: { amount: 6, unit: 'months' }, trigger: 'collection' }]);
  assert.deepEqual(created.data.actions, ['collection', 'recording', 'storage', 'use', 'destruction']);

  // An edit is a new version; the history shows what changed.
  await page.goto(`${baseUrl}/register/activities/${created.id}`);
  await page.getByTestId('register-activity-form').waitFor();
  await page.getByTestId('retention-amount-0').fill('12');
  await page.getByTestId('register-save').click();
  await page.getByTestId('register-saved').waitFor();
  await page.getByTestId('register-history-link').click();
  await page.getByTestId('register-history-version').nth(1).waitFor();
  assert.equal(await page.getByTestId('register-history-version').count(), 2);
  const change = page.locator('[data-testid=register-diff-change][data-field=retention]');
  await change.waitFor();
  assert.match(await change.getByTestId('register-diff-before').textContent(), /6 месяцев/);
  assert.match(await change.getByTestId('register-diff-after').textContent(), /12 месяцев/);
  await shot(page, 'register-history.png');

  // Exports, downloaded as the officer does, read back.
  await page.goto(`${baseUrl}/register`);
  await page.getByTestId('register-exports').waitFor();
  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('register-export-xlsx').click()]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(readFileSync(await xlsxDownload.path()));
  const names = [];
  book.getWorksheet('Реестр').eachRow((row) => names.push(String(row.getCell(1).value ?? '')));
  assert.ok(names.includes('Заявки с сайта'), `the XLSX lists the new activity: ${names.join(' | ')}`);
  assert.ok(names.includes('Обработка сообщений клиентов в мессенджерах'));
  const [pdfDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('register-export-pdf').click()]);
  const pdf = readFileSync(await pdfDownload.path());
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  assert.ok(extractPdfText(pdf).replace(/\s+/g, ' ').includes('Обработка заявок потенциальных клиентов'), 'the PDF carries the purpose in Cyrillic');

  // Findings: the notification was never sent.
  await page.getByTestId('register-findings-link').click();
  await page.getByTestId('register-findings').waitFor();
  await page.locator('[data-testid=register-finding][data-code=notification-not-submitted]').waitFor();
  await shot(page, 'register-findings.png');

  // The policy generated from the register, published as the business's document.
  await page.getByTestId('nav-register-policy').click();
  const policy = page.getByTestId('register-policy');
  await policy.waitFor();
  assert.match(await policy.textContent(), /Заявки с сайта|Обработка заявок потенциальных клиентов/);
  await page.getByTestId('register-policy-publish').click();
  await page.getByTestId('register-policy-publish-submit').click();
  await page.getByTestId('register-policy-published-notice').waitFor();
  const documents = await call(baseUrl, 'GET', '/api/v1/legal/documents', { token: accessToken });
  assert.ok(documents.find((d) => d.kind === 'client-privacy-policy')?.current, 'the policy is published among the documents');
  await shot(page, 'register-policy.png');

  // The platform's register: shown, read-only.
  await page.goto(`${baseUrl}/register`);
  await page.getByTestId('register-layer-platform').click();
  await page.getByTestId('register-read-only-notice').waitFor();
  await rows.filter({ hasText: 'Учётные записи пользователей и сотрудников' }).first().waitFor();
  assert.equal(await page.getByTestId('register-add').count(), 0);
  await shot(page, 'register-platform.png');
  await context.close();
});
