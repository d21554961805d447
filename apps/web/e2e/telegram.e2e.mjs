// Connecting Telegram against a local fake Telegram that speaks the real TL layer (and a fake
// Bot API): the owner connects a personal account by QR code with its 2FA password, a client
// writes and the reply goes back with the opt-out line and ends read; a second account by phone
// and code; a bot by its token; finally the first account is disconnected with its Telegram
// session ended. The fake records every auth key that was live twice at once: none may be.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import QRCode from 'qrcode';
import { activateMessengerModule, call, launchBrowser, root, screenshotDir, signupAgreementIds, startProduct } from './harness.mjs';

// The fakes are TypeScript compiled to CommonJS by `npm run build` (scripts/build-api.mjs).
const require = createRequire(import.meta.url);
function built(path) {
  const file = join(root, 'dist/api', path);
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first`);
  return require(file);
}

const env = { telegram: undefined, botApi: undefined, product: undefined, browser: undefined };

before(async () => {
  const { FakeTelegramServer } = built('libs/messaging/src/telegram/testing/fake-telegram.server.js');
  const { FakeBotApiServer } = built('libs/messaging/src/connectors/telegram-bot/testing/fake-bot-api.server.js');
  env.telegram = await new FakeTelegramServer().start();
  env.botApi = await FakeBotApiServer.start();
  env.product = await startProduct({
    env: { TELEGRAM_TEST_SERVER_URL: env.telegram.url, TELEGRAM_BOT_API_URL: env.botApi.url, CONNECTION_LEASE_TTL_SECONDS: '3' },
  });
  env.browser = await launchBrowser();
});

after(async () => {
  await env.browser?.close();
  await env.product?.stop();
  await env.botApi?.close();
  await env.telegram?.close();
});

// A dialog's backdrop covers the viewport only: the steps of the wizard are shot as seen.
const shot = (page, name, { fullPage = true } = {}) => page.screenshot({ path: join(screenshotDir, name), fullPage, animations: 'disabled' });

/**
 * Reads the QR image the page shows back into modules (dark or light, sampled at each module's
 * centre) and compares them with the QR code of `url`: the picture encodes what the attribute says.
 */
async function assertQrEncodes(image, url) {
  const expected = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
  const size = expected.size;
  const margin = 1;
  const shown = await image.evaluate(
    (img, { size, margin }) => {
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const context = canvas.getContext('2d');
      context.drawImage(img, 0, 0);
      const scale = img.naturalWidth / (size + margin * 2);
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      const dark = [];
      for (let row = 0; row < size; row += 1) {
        for (let column = 0; column < size; column += 1) {
          const x = Math.floor((margin + column + 0.5) * scale);
          const y = Math.floor((margin + row + 0.5) * scale);
          dark.push(pixels[(y * canvas.width + x) * 4] < 128 ? 1 : 0);
        }
      }
      return dark;
    },
    { size, margin },
  );
  assert.deepEqual(shown, Array.from(expected.data, (bit) => (bit ? 1 : 0)), 'the QR image encodes its data-qr-url');
}

/** The fake Telegram's control endpoints (what Telegram's other side does, what it saw). */
const fake = {
  get: (path) => call(env.telegram.url, 'GET', path),
  post: (path, body) => call(env.telegram.url, 'POST', path, { body }),
};

/** Polls until `check` passes; no fixed sleeps asserting timing. */
async function eventually(read, check, { timeoutMs = 20_000, what = 'the condition' } = {}) {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`${what} was not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const wizardAt = (page, step) => page.locator(`[data-testid=tg-login][data-step=${step}]`);

test('an owner connects Telegram by QR with a 2FA password and by phone code, talks to a client, adds a bot and disconnects with logging out', async () => {
  const { baseUrl } = env.product;
  const suffix = randomBytes(4).toString('hex');
  const password = 'correct horse battery';

  // Telegram's side: the business's two accounts and a client who writes to them.
  const salesPhone = '+79991234567';
  const twoFactorPassword = 'рыжий-кот-2019';
  const sales = await fake.post('/control/accounts', { phone: salesPhone, firstName: 'Анна', lastName: 'Смирнова', password: twoFactorPassword, hint: 'кличка кота и год' });
  const supportPhone = '+79997654321';
  const support = await fake.post('/control/accounts', { phone: supportPhone, firstName: 'Поддержка', codeDelivery: 'app' });
  const olga = await fake.post('/control/users', { firstName: 'Ольга', lastName: 'Иванова', username: 'olga' });

  // The owner signs the business up and signs in.
  const ownerEmail = `owner-${suffix}@example.ru`;
  const { accessToken: owner } = await call(baseUrl, 'POST', '/api/v1/auth/signup', {
    body: {
      tenant: { name: 'ООО «Шарики»', inn: '7707083893', ogrn: '1027700132195', kpp: '773601001', legalAddress: '117312, г. Москва, ул. Вавилова, д. 19' },
      owner: { fullName: 'Анна Смирнова', email: ownerEmail, password },
      acceptedVersionIds: await signupAgreementIds(baseUrl),
    },
  });
  await activateMessengerModule(baseUrl, owner);
  const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU' });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Электронная почта').fill(ownerEmail);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByTestId('welcome').waitFor();
  // Every answer of the login API, to check the 2FA password never comes back.
  const loginAnswers = [];
  page.on('response', (response) => {
    if (response.url().includes('/api/v1/telegram/logins')) loginAnswers.push(response.text().catch(() => ''));
  });

  // Подключения → Подключить → Telegram: the wizard opens on the choice of method, QR by default.
  await page.getByTestId('nav-connections').click();
  await page.waitForURL(/\/connections$/);
  await page.getByTestId('connections-card').getByText('Пока ничего не подключено').waitFor();
  await shot(page, 'telegram-connections-empty.png');
  const openWizard = async (type) => {
    await page.getByTestId('connect-open').click();
    await page.getByTestId('connect-dialog').getByTestId(`channel-type-${type}`).click();
  };
  await openWizard('telegram');
  const wizard = page.getByTestId('tg-login-dialog');
  await wizardAt(wizard, 'intro').waitFor();
  assert.equal(await wizard.getByTestId('tg-method-qr').isChecked(), true);
  await wizard.getByTestId('tg-name').fill('Продажи');
  await wizard.getByTestId('tg-continue').click();

  // The QR code carries the login token Telegram issued; the phone scans it.
  await wizardAt(wizard, 'qr').waitFor({ timeout: 20_000 });
  const qr = wizard.getByTestId('tg-qr');
  await qr.waitFor();
  const qrUrl = await qr.getAttribute('data-qr-url');
  assert.match(qrUrl, /^tg:\/\/login\?token=[A-Za-z0-9_-]+$/);
  assert.match(await qr.getAttribute('src'), /^data:image\/png;base64,/);
  assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR image is drawn');
  await assertQrEncodes(qr, qrUrl);
  await wizard.getByTestId('tg-qr-countdown').getByText(/Код обновится через \d+ с/).waitFor();
  await shot(page, 'telegram-qr.png', { fullPage: false });
  await fake.post('/control/scan', { token: qrUrl, phone: salesPhone });

  // The account has a 2FA password: its hint is shown, a wrong password is refused in place.
  await wizardAt(wizard, 'password').waitFor({ timeout: 20_000 });
  await wizard.getByTestId('tg-password-hint').getByText('кличка кота и год').waitFor();
  await shot(page, 'telegram-password.png', { fullPage: false });
  await wizard.getByTestId('tg-password').fill('не тот пароль');
  await wizard.getByTestId('tg-password-submit').click();
  await wizard.getByTestId('tg-password-field').locator('.field-error').waitFor({ timeout: 20_000 });
  assert.equal(await wizard.getByTestId('tg-login').getAttribute('data-step'), 'password');
  assert.equal(await wizard.getByTestId('tg-password').inputValue(), '', 'the password does not stay in the form');
  await wizard.getByTestId('tg-password').fill(twoFactorPassword);
  // Typing clears the error; the right password signs the account in.
  await wizard.getByTestId('tg-password-field').locator('.field-error').waitFor({ state: 'detached' });
  await wizard.getByTestId('tg-password-submit').click();
  await wizardAt(wizard, 'done').waitFor({ timeout: 20_000 });
  await wizard.getByTestId('tg-done-title').getByText(/Продажи/).waitFor();
  await wizard.getByTestId('tg-done-close').click();
  await wizard.waitFor({ state: 'detached' });
  const answers = await Promise.all(loginAnswers);
  assert.ok(answers.some((body) => body.includes('"password-needed"')), 'the login answers were seen');
  assert.equal(answers.filter((body) => body.includes(twoFactorPassword)).length, 0, 'the 2FA password is never echoed');

  // The list shows it working.
  const rowOf = (name) => page.getByTestId('connections-card').locator('tbody tr', { hasText: name });
  await rowOf('Продажи').locator('[data-testid=connection-health][data-health=active]').waitFor({ timeout: 20_000 });
  await page.getByTestId('connections-notice').getByText(/Продажи/).waitFor();
  await shot(page, 'telegram-connected.png');
  const salesConnection = (await call(baseUrl, 'GET', '/api/v1/connections', { token: owner })).find((c) => c.displayName === 'Продажи');
  assert.equal(salesConnection.type, 'telegram');
  assert.equal(salesConnection.state, 'active');
  // The worker that holds the lease runs the account's client; the login's own client is gone.
  await eventually(
    () => fake.get('/control/live'),
    (live) => live.filter((key) => key.accountId === sales.id && key.state === 'authorised').length === 1,
    { what: 'one live authorised client of the account' },
  );

  // The inbox is live before the client writes.
  await page.getByTestId('nav-inbox').click();
  await page.waitForURL(/\/inbox$/);
  await page.locator('[data-testid=conversation-list][data-realtime=online]').waitFor();
  const question = 'Здравствуйте! Есть ли доставка в Химки?';
  await fake.post('/control/send', { userId: olga.id, accountId: sales.id, text: question });
  const item = page.getByTestId('conversation-item').filter({ hasText: 'Ольга Иванова' });
  await item.waitFor({ timeout: 20_000 });
  assert.match(await item.getByTestId('conversation-preview').textContent(), /Есть ли доставка в Химки/);
  await item.click();
  await page.waitForURL(/\/inbox\/[0-9a-f-]{36}$/);
  await page.getByTestId('message').filter({ hasText: question }).waitFor();
  await page.getByTestId('opt-out-hint').waitFor();

  // The operator replies: Telegram receives the text with the business's opt-out line.
  const reply = 'Добрый день! Да, доставим в Химки завтра.';
  await page.getByTestId('composer-input').fill(reply);
  await page.getByTestId('composer-input').press('Enter');
  const outgoing = page.locator('[data-testid=message][data-direction=out]').filter({ hasText: reply });
  await outgoing.waitFor();
  const { optOutLine } = await call(baseUrl, 'GET', '/api/v1/messaging/settings', { token: owner });
  assert.ok(optOutLine, 'the business has an opt-out line');
  const received = await eventually(
    () => fake.get(`/control/received?account=${sales.id}`),
    (sent) => sent.some((m) => m.text.includes(reply)),
    { what: 'the reply reaching Telegram' },
  );
  assert.equal(received.length, 1);
  const [sentReply] = received;
  assert.equal(sentReply.userId, olga.id);
  assert.ok(sentReply.text.includes(optOutLine), `the first reply carries the opt-out line "${optOutLine}": ${sentReply.text}`);
  assert.ok(sentReply.text.startsWith(reply), sentReply.text);
  const messageId = await outgoing.getAttribute('data-message-id');
  const ticks = page.locator(`[data-message-id="${messageId}"] [data-testid=message-ticks]`);
  /** Waits for the reply's ticks to show `status`; on a timeout says what they showed. */
  const ticksAt = async (status) => {
    try {
      await page.locator(`[data-message-id="${messageId}"] [data-testid=message-ticks][data-status=${status}]`).waitFor({ timeout: 20_000 });
    } catch (error) {
      const shown = (await ticks.count()) ? await ticks.getAttribute('data-status') : 'no ticks';
      throw new Error(`the reply's ticks did not turn ${status} (they show ${shown})`, { cause: error });
    }
  };
  await ticksAt('sent');

  // Ольга reads it in her Telegram: the ticks turn read without a reload.
  assert.deepEqual(await fake.post('/control/read', { userId: olga.id, accountId: sales.id, maxId: sentReply.messageId }), { applied: true });
  await ticksAt('read');
  assert.equal(await ticks.getAttribute('title'), 'Прочитано');
  await shot(page, 'telegram-conversation.png');

  // A second account by phone: a wrong code is refused in place, the right one connects it.
  await page.getByTestId('nav-connections').click();
  await page.waitForURL(/\/connections$/);
  await openWizard('telegram');
  await wizardAt(wizard, 'intro').waitFor();
  // The radio itself is visually hidden: the user clicks its card.
  await wizard.locator('label.method').filter({ has: page.getByTestId('tg-method-phone') }).click();
  assert.equal(await wizard.getByTestId('tg-method-phone').isChecked(), true);
  await wizard.getByTestId('tg-name').fill('Поддержка');
  await wizard.getByTestId('tg-continue').click();
  await wizardAt(wizard, 'phone').waitFor();
  await wizard.getByTestId('tg-phone').fill('+7 999 765-43-21');
  await wizard.getByTestId('tg-phone-submit').click();
  await wizardAt(wizard, 'code').waitFor({ timeout: 20_000 });
  assert.equal(await wizard.getByTestId('tg-code-delivery').getAttribute('data-delivery'), 'app');
  const { code } = await fake.get(`/control/code?phone=${encodeURIComponent(supportPhone)}`);
  const wrongCode = code.replace(/\d$/, (digit) => String((Number(digit) + 1) % 10));
  await wizard.getByTestId('tg-code').fill(wrongCode);
  await wizard.getByTestId('tg-code-submit').click();
  await wizard.getByTestId('tg-code-field').locator('.field-error').waitFor({ timeout: 20_000 });
  assert.equal(await wizard.getByTestId('tg-login').getAttribute('data-step'), 'code');
  await shot(page, 'telegram-code-wrong.png', { fullPage: false });
  await wizard.getByTestId('tg-code').fill(code);
  await wizard.getByTestId('tg-code-submit').click();
  await wizardAt(wizard, 'done').waitFor({ timeout: 20_000 });
  await wizard.getByTestId('tg-done-close').click();
  await wizard.waitFor({ state: 'detached' });
  await rowOf('Поддержка').locator('[data-testid=connection-health][data-health=active]').waitFor({ timeout: 20_000 });
  await eventually(
    () => fake.get('/control/live'),
    (live) => live.filter((key) => key.accountId === support.id && key.state === 'authorised').length === 1,
    { what: 'one live authorised client of the second account' },
  );

  // A bot: a token of the wrong shape is refused on the field, @BotFather's connects it.
  const bot = env.botApi.addBot({ firstName: 'Шарики', username: 'shariki_shop_bot' });
  await openWizard('telegram-bot');
  const botDialog = page.getByTestId('tg-bot-dialog');
  await botDialog.getByTestId('tg-bot-token').fill('123:не-токен');
  await botDialog.getByTestId('tg-bot-submit').click();
  await botDialog.getByTestId('tg-bot-token-field').locator('.field-error').waitFor();
  await botDialog.getByTestId('tg-bot-token').fill(bot.token);
  await botDialog.getByTestId('tg-bot-name').fill('Бот магазина');
  await botDialog.getByTestId('tg-bot-submit').click();
  await botDialog.waitFor({ state: 'detached', timeout: 20_000 });
  await page.getByTestId('connections-notice').getByText(/Бот магазина/).waitFor();
  await rowOf('Бот магазина').getByTestId('connection-health').waitFor();
  assert.ok(env.botApi.webhookOf(bot.token), 'the product registered its webhook with the Bot API');
  assert.equal((await page.content()).includes(bot.token), false, 'the bot token is not shown');
  await shot(page, 'telegram-connections.png');

  // Disconnecting the first account, also ending its session in Telegram.
  await rowOf('Продажи').getByTestId('connection-name').click();
  await page.waitForURL(new RegExp(`/connections/${salesConnection.id}$`));
  await page.getByTestId('connection-disconnect').click();
  const confirm = page.getByTestId('confirm-dialog');
  await confirm.getByTestId('disconnect-log-out').check();
  await confirm.getByTestId('confirm-action').click();
  await page.waitForURL(/\/connections$/);
  await rowOf('Продажи').locator('[data-testid=connection-health][data-health=disconnected]').waitFor({ timeout: 20_000 });
  // Telegram saw auth.logOut: the account has no signed-in key left, and no live client.
  await eventually(() => fake.get(`/control/sessions?account=${sales.id}`), (sessions) => sessions.length === 0, { what: 'the session ended in Telegram' });
  assert.ok((await fake.get(`/control/invoked?account=${sales.id}`)).includes('auth.LogOut'));
  await eventually(
    () => fake.get('/control/live'),
    (live) => !live.some((key) => key.accountId === sales.id),
    { what: 'no live client of the disconnected account' },
  );
  // The other account goes on working.
  assert.equal((await fake.get(`/control/sessions?account=${support.id}`)).length, 1);
  await rowOf('Поддержка').locator('[data-testid=connection-health][data-health=active]').waitFor();

  // Never two live clients on one auth key, through all of it.
  assert.deepEqual(await fake.get('/control/violations'), []);
  await context.close();
});
