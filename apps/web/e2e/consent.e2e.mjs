// Issue 6 in the browser: the cookie banner is asked once; a new business cannot connect a
// messenger until an owner accepts the messenger-module agreement with its five warranties; the
// acceptance certificate downloads as a PDF whose text carries the accepted version's hash; the
// ledger verifies; then an API channel is connected and an employee records a client's
// advertising consent with its proof on the contact card.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { call, root, screenshotDir, signupAgreementIds, useProductAndBrowser } from './harness.mjs';

// The PDF text reader and the canonical-text hash are TypeScript compiled to CommonJS by `npm run build`.
const require = createRequire(import.meta.url);
function built(path) {
  const file = join(root, 'dist/api', path);
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first`);
  return require(file);
}

const env = useProductAndBrowser({ before, after });

// A dialog's backdrop covers the viewport only: dialogs are shot as seen.
const shot = (page, name, { fullPage = true } = {}) => page.screenshot({ path: join(screenshotDir, name), fullPage, animations: 'disabled' });
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** A one-page PDF, as a scanned consent form would be attached: small and valid enough to open. */
function proofPdf(text) {
  const content = `BT /F1 14 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const at = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return at;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

test('an owner accepts the messenger-module agreement, downloads its certificate with the version hash, verifies the ledger and records a client’s advertising consent with proof', async () => {
  const { baseUrl } = env.product;
  const { extractPdfText } = built('libs/platform/src/testing/pdf-text.js');
  const { textSha256 } = built('libs/consent/src/domain/canonical-text.js');
  const suffix = randomBytes(4).toString('hex');
  const password = 'correct horse battery';

  // The owner signs the business up; the module stays off.
  const ownerEmail = `owner-${suffix}@example.ru`;
  const { accessToken: owner } = await call(baseUrl, 'POST', '/api/v1/auth/signup', {
    body: {
      tenant: { name: 'ООО «Шарики»', inn: '7707083893', ogrn: '1027700132195', kpp: '773601001', legalAddress: '117312, г. Москва, ул. Вавилова, д. 19' },
      owner: { fullName: 'Анна Смирнова', email: ownerEmail, password },
      acceptedVersionIds: await signupAgreementIds(baseUrl),
    },
  });
  const moduleBefore = await call(baseUrl, 'GET', '/api/v1/messenger-module', { token: owner });
  assert.equal(moduleBefore.state, 'off');
  assert.equal(moduleBefore.acceptance, null);
  assert.equal(moduleBefore.warranties.length, 5);
  const agreement = moduleBefore.currentAgreement;
  assert.ok(agreement?.text, 'the platform ships a messenger-module agreement');
  assert.equal(agreement.textSha256, textSha256(agreement.text), 'the version hash is the SHA-256 of its canonical text');

  // A browser that has never been here: the cookie banner asks; «Только необходимые» is kept.
  const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  const banner = page.getByTestId('cookie-banner');
  await banner.waitFor();
  await page.getByLabel('Электронная почта').waitFor();
  await shot(page, 'consent-cookie-banner.png');
  await banner.getByTestId('cookie-necessary-only').click();
  await banner.waitFor({ state: 'detached' });
  const stored = async () => page.evaluate(() => ({ visitorId: JSON.parse(localStorage.getItem('perepiska.visitor-id')), choice: JSON.parse(localStorage.getItem('perepiska.cookie-consent') ?? 'null') }));
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('perepiska.cookie-consent') ?? 'null')?.recorded === true);
  const { visitorId, choice } = await stored();
  assert.equal(choice.analytics, false);
  assert.equal(choice.functional, false);
  const recordedChoice = await call(baseUrl, 'GET', `/api/v1/public/cookie-consent/${encodeURIComponent(visitorId)}`);
  assert.equal(recordedChoice.analytics, false, JSON.stringify(recordedChoice));
  assert.equal(recordedChoice.functional, false, JSON.stringify(recordedChoice));
  await page.reload();
  await page.getByLabel('Электронная почта').waitFor();
  assert.equal(await page.getByTestId('cookie-banner').count(), 0, 'the banner does not come back after a reload');

  await page.getByLabel('Электронная почта').fill(ownerEmail);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByTestId('welcome').waitFor();
  assert.equal(await page.getByTestId('cookie-banner').count(), 0, 'nor inside the app');

  // Подключения: the module is off, the page says so; connecting a channel is refused with that reason.
  await page.getByTestId('nav-connections').click();
  await page.waitForURL(/\/connections$/);
  const moduleNotice = page.locator('[data-testid=messenger-module-notice][data-state=off]');
  await moduleNotice.waitFor();
  await page.getByTestId('connect-open').click();
  const dialog = page.getByTestId('connect-dialog');
  await dialog.getByTestId('channel-type-api').click();
  await dialog.locator('input[name=displayName]').fill('Сайт');
  await dialog.locator('input[name=webhookUrl]').fill('https://crm.example.ru/perepiska/webhook');
  await dialog.getByTestId('connect-submit').click();
  const connectError = dialog.getByTestId('connect-error');
  await connectError.waitFor();
  assert.match(await connectError.textContent(), /модул/i, `the refusal names the messenger module: ${await connectError.textContent()}`);
  await shot(page, 'consent-connect-refused.png', { fullPage: false });
  assert.deepEqual(await call(baseUrl, 'GET', '/api/v1/connections', { token: owner }), [], 'nothing was connected');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });

  // The notice leads to the module page: the agreement in full, five warranties to tick.
  await moduleNotice.getByTestId('messenger-module-notice-link').click();
  await page.waitForURL(/\/messenger-module$/);
  await page.locator('[data-testid=module-status][data-state=off]').waitFor();
  const agreementCard = page.getByTestId('module-agreement');
  await agreementCard.waitFor();
  const firstLine = agreement.text.split('\n').find((line) => line.replace(/^#+\s*/, '').trim().length > 10).replace(/^#+\s*/, '').replace(/[*_`]/g, '').trim();
  assert.ok((await agreementCard.textContent()).includes(firstLine), `the agreement text is shown: "${firstLine}"`);
  const warranties = page.getByTestId('module-warranty');
  assert.equal(await warranties.count(), 5);
  const activateButton = page.getByTestId('module-activate');
  assert.equal(await activateButton.isDisabled(), true, 'nothing ticked: cannot accept');
  await shot(page, 'consent-module-off.png');
  for (const warranty of moduleBefore.warranties.slice(0, 4)) await page.locator(`[data-testid=module-warranty][data-warranty="${warranty.id}"]`).check();
  assert.equal(await activateButton.isDisabled(), true, 'four of five ticked: still cannot accept');
  assert.match(await page.getByTestId('module-warranties-left').textContent(), /1/);
  await page.locator(`[data-testid=module-warranty][data-warranty="${moduleBefore.warranties[4].id}"]`).check();
  assert.equal(await activateButton.isDisabled(), false, 'all five ticked: can accept');
  assert.equal(await page.getByTestId('module-warranties-left').count(), 0);
  await activateButton.click();

  // Active, with the acceptance of this version.
  await page.locator('[data-testid=module-status][data-state=active]').waitFor();
  await page.getByTestId('module-notice').waitFor();
  const shownHash = page.getByTestId('module-acceptance-hash');
  await shownHash.waitFor();
  const { items: acceptances } = await call(baseUrl, 'GET', '/api/v1/legal/acceptances', { token: owner });
  // Newest first: the module agreement, then the user agreement and the privacy policy accepted at sign-up.
  assert.deepEqual(acceptances.map((a) => [a.kind, a.method]), [
    ['messenger-module-agreement', 'signed-in-session-click'],
    ['privacy-policy', 'signup-checkbox'],
    ['user-agreement', 'signup-checkbox'],
  ]);
  const [acceptance] = acceptances;
  assert.equal(acceptance.documentVersionId, agreement.id);
  assert.equal(acceptance.versionSha256, agreement.textSha256);
  assert.deepEqual([...acceptance.warranties].sort(), moduleBefore.warranties.map((w) => w.id).sort());
  assert.equal(acceptance.signatory?.email, ownerEmail);
  assert.equal(await shownHash.getAttribute('title'), acceptance.versionSha256, 'the page shows the accepted version’s hash');
  assert.ok(acceptance.versionSha256.startsWith((await shownHash.textContent()).trim().replace(/[….]+$/, '').split(/[….]/)[0]), 'the short hash is the start of it');
  assert.equal((await call(baseUrl, 'GET', '/api/v1/messenger-module', { token: owner })).state, 'active');
  await shot(page, 'consent-module-active.png');

  // The certificate, downloaded as the user does: a PDF whose text carries the hash and the record.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('module-certificate').click()]);
  assert.match(download.suggestedFilename(), /\.pdf$/);
  const pdf = readFileSync(await download.path());
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const text = extractPdfText(pdf);
  const flat = text.replace(/\s+/g, '');
  assert.ok(flat.includes(acceptance.versionSha256), `the certificate carries the version hash ${acceptance.versionSha256}`);
  assert.ok(flat.includes(acceptance.recordHash), 'and the record’s own hash');
  assert.ok(text.includes('Анна Смирнова'), 'and the signatory, in Cyrillic');

  // The ledger: one record, the chain verifies.
  await page.getByTestId('nav-legal-ledger').click();
  await page.waitForURL(/\/legal\/acceptances$/);
  const ledgerRows = page.getByTestId('ledger-row');
  await ledgerRows.first().waitFor();
  assert.equal(await ledgerRows.count(), 3);
  assert.equal(await ledgerRows.first().getAttribute('data-acceptance'), acceptance.id);
  await page.getByTestId('ledger-verify').click();
  const verified = page.getByTestId('ledger-verify-ok');
  await verified.waitFor();
  assert.match(await verified.textContent(), /\b3\b/, await verified.textContent());
  assert.deepEqual(await call(baseUrl, 'GET', '/api/v1/legal/acceptances/verify', { token: owner }), { ok: true, checked: 3, firstBroken: null });
  const [ledgerDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ledger-certificate').first().click()]);
  assert.ok(extractPdfText(readFileSync(await ledgerDownload.path())).replace(/\s+/g, '').includes(acceptance.versionSha256), 'the ledger’s certificate is the same record’s');
  await shot(page, 'consent-ledger-verified.png');

  // The business publishes its advertising consent text (the text a consent is given to).
  const advertisingDocument = await call(baseUrl, 'POST', '/api/v1/legal/documents', { token: owner, body: { kind: 'consent-advertising', title: 'Согласие на получение рекламы' } });
  await call(baseUrl, 'POST', `/api/v1/legal/documents/${advertisingDocument.id}/versions`, {
    token: owner,
    body: { text: '# Согласие на получение рекламы\n\nЯ согласен получать от ООО «Шарики» рекламные сообщения в мессенджерах.\n', material: false },
  });

  // Now an API channel connects through the UI; its inbound token is shown once.
  await page.getByTestId('nav-connections').click();
  await page.waitForURL(/\/connections$/);
  await page.getByTestId('connections-card').getByText('Пока ничего не подключено').waitFor();
  assert.equal(await page.getByTestId('messenger-module-notice').count(), 0, 'no module notice once it is on');
  await page.getByTestId('connect-open').click();
  await dialog.getByTestId('channel-type-api').click();
  await dialog.locator('input[name=displayName]').fill('Сайт');
  await dialog.locator('input[name=webhookUrl]').fill('https://crm.example.ru/perepiska/webhook');
  await dialog.getByTestId('connect-submit').click();
  const inboundToken = (await dialog.getByTestId('connection-inbound-token').textContent()).trim();
  await dialog.getByTestId('connection-secrets-done').click();
  await dialog.waitFor({ state: 'detached' });

  // A client writes through the channel.
  await call(baseUrl, 'POST', '/api/v1/channels/api/messages', {
    token: inboundToken,
    body: { messages: [{ id: `evt-${suffix}`, chat: { id: 'chat-7', kind: 'private' }, from: { id: 'client-7', name: 'Ольга Иванова' }, text: 'Пришлите, пожалуйста, ваши акции' }] },
  });
  await page.getByTestId('nav-inbox').click();
  await page.waitForURL(/\/inbox$/);
  const item = page.getByTestId('conversation-item').filter({ hasText: 'Ольга Иванова' });
  await item.waitFor({ timeout: 15_000 });
  const consentsRead = page.waitForResponse((r) => /\/api\/v1\/contacts\/[0-9a-f-]{36}\/consents$/.test(r.url()) && r.request().method() === 'GET');
  await item.click();
  const contactId = (await consentsRead).url().split('/').at(-2);

  // The contact card: no advertising consent yet.
  const consents = page.getByTestId('contact-panel').getByTestId('contact-consents');
  const advertising = consents.locator('[data-testid=consent-purpose][data-purpose=advertising]');
  await advertising.waitFor();
  assert.equal(await advertising.getAttribute('data-given'), 'false');

  // An employee records it: without the proof the form refuses; with the client's signed form it is given.
  await consents.getByTestId('consent-record-open').click();
  const form = page.getByTestId('consent-record-form');
  await form.waitFor();
  await form.locator('select[name=purpose]').selectOption('advertising');
  await form.getByTestId('consent-action-given').check();
  await form.getByTestId('consent-source-employee').check();
  await form.locator('textarea[name=note]').fill('Подписала бланк в магазине на Вавилова');
  await page.getByTestId('consent-record-submit').click();
  await form.locator('.field-error').waitFor();
  assert.equal((await call(baseUrl, 'GET', `/api/v1/contacts/${contactId}/consents`, { token: owner })).history.length, 0, 'nothing recorded without the proof');
  const proof = proofPdf('Soglasie na reklamu: Olga Ivanova');
  await form.getByTestId('consent-proof').setInputFiles({ name: 'soglasie-olga.pdf', mimeType: 'application/pdf', buffer: proof });
  await page.getByTestId('consent-record-submit').click();
  await form.waitFor({ state: 'detached' });
  await consents.locator('[data-testid=consent-purpose][data-purpose=advertising][data-given=true]').waitFor();
  await consents.getByTestId('consent-recorded').waitFor();
  assert.equal(await consents.locator('[data-testid=consent-purpose][data-purpose=processing]').getAttribute('data-given'), 'false', 'only the purpose recorded is given');
  await consents.getByTestId('consent-history-item').first().waitFor();
  const after = await call(baseUrl, 'GET', `/api/v1/contacts/${contactId}/consents`, { token: owner });
  assert.equal(after.current.advertising.given, true);
  assert.equal(after.current.advertising.source, 'employee');
  assert.equal(after.current.advertising.versionSha256, (await call(baseUrl, 'GET', `/api/v1/legal/documents/${advertisingDocument.id}/versions`, { token: owner }))[0].textSha256);
  assert.equal(after.history.length, 1);
  assert.equal(after.history[0].proofFile.fileName, 'soglasie-olga.pdf');
  assert.equal(after.history[0].proofFile.sha256, sha256(proof), 'the proof stored is the file attached');
  await shot(page, 'consent-contact-consents.png');
  await consents.screenshot({ path: join(screenshotDir, 'consent-contact-consents-card.png'), animations: 'disabled' });

  // The personal link: the employee copies it from the card, the client opens it and consents; it lands on her card.
  const processingDocument = await call(baseUrl, 'POST', '/api/v1/legal/documents', { token: owner, body: { kind: 'consent-processing', title: 'Согласие на обработку персональных данных' } });
  await call(baseUrl, 'POST', `/api/v1/legal/documents/${processingDocument.id}/versions`, {
    token: owner,
    body: { text: '# Согласие на обработку персональных данных\n\nЯ даю согласие ООО «Шарики» на обработку моих имени и телефона для ответа на обращения.\n', material: false },
  });
  await consents.getByTestId('consent-link-create').click();
  const linkUrl = await consents.getByTestId('consent-link-url').inputValue();
  assert.match(linkUrl, /\/consent\/[0-9a-f-]{36}\?link=/, linkUrl);
  const clientContext = await env.browser.newContext({ viewport: { width: 420, height: 860 }, locale: 'ru-RU' });
  const clientPage = await clientContext.newPage();
  await clientPage.goto(linkUrl.replace(/^https?:\/\/[^/]+/, baseUrl));
  await clientPage.locator('[data-testid=public-consent-personal], [data-testid=public-consent-error]').first().waitFor();
  const linkProblem = clientPage.getByTestId('public-consent-error');
  if (await linkProblem.count()) assert.fail(`the personal link opens the form, not: ${await linkProblem.textContent()}`);
  await clientPage.getByTestId('public-consent-agree-processing').check();
  await clientPage.locator('input[name=fullName]').fill('Ольга Иванова');
  await shot(clientPage, 'consent-public-personal.png');
  await clientPage.getByTestId('public-consent-submit').click();
  await clientPage.getByTestId('public-consent-receipt').waitFor();
  await clientContext.close();
  const linked = await call(baseUrl, 'GET', `/api/v1/contacts/${contactId}/consents`, { token: owner });
  assert.equal(linked.current.processing.given, true, 'the consent given through the link is on her card');
  assert.equal(linked.current.processing.source, 'public-form');
  await context.close();
});
