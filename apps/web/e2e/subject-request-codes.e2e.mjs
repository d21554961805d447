// The identity check by a one-time code to a known contact (issue 8): a client writes to the
// business's Telegram bot (a local fake Bot API), a request is recorded from that conversation,
// and the compliance officer sends a code into it from the request page, enters a wrong code,
// then the one the bot delivered; the page never shows the code itself.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { call, launchBrowser, root, screenshotDir, signIn, signUpBusiness, startProduct } from './harness.mjs';

// The fake Bot API is TypeScript compiled to CommonJS by `npm run build` (scripts/build-api.mjs).
const require = createRequire(import.meta.url);
function built(path) {
  const file = join(root, 'dist/api', path);
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first`);
  return require(file);
}

const env = { botApi: undefined, product: undefined, browser: undefined };
const shot = (page, name) => page.screenshot({ path: join(screenshotDir, name), fullPage: true, animations: 'disabled' });

async function eventually(check, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

before(async () => {
  const { FakeBotApiServer } = built('libs/messaging/src/connectors/telegram-bot/testing/fake-bot-api.server.js');
  env.botApi = await FakeBotApiServer.start();
  env.product = await startProduct({ env: { TELEGRAM_BOT_API_URL: env.botApi.url } });
  env.browser = await launchBrowser();
});

after(async () => {
  await env.browser?.close();
  await env.product?.stop();
  await env.botApi?.close();
});

test('a one-time code goes into the client\'s Telegram conversation and confirms the identity on the request page', async () => {
  const { FakeBotUpdates } = built('libs/messaging/src/connectors/telegram-bot/testing/fake-bot-updates.js');
  const { baseUrl } = env.product;
  const owner = await signUpBusiness(baseUrl);
  const token = owner.accessToken;

  // The business's bot; a client writes to it.
  const bot = env.botApi.addBot({ firstName: 'Шарики', username: 'shariki_codes_bot' });
  await call(baseUrl, 'POST', '/api/v1/connections', { token, body: { type: 'telegram-bot', botToken: bot.token, displayName: 'Бот магазина' } });
  const client = { id: 7_000_123, firstName: 'Иван', lastName: 'Петров', username: 'ivan_petrov' };
  const delivered = await env.botApi.deliver(bot.token, new FakeBotUpdates().message(client, { text: 'Здравствуйте! Какие мои данные у вас хранятся?' }));
  assert.equal(delivered.status, 200);
  const conversation = await eventually(async () => (await call(baseUrl, 'GET', '/api/v1/conversations', { token })).items[0], 'the conversation');
  const request = await call(baseUrl, 'POST', '/api/v1/subject-requests', {
    token,
    body: { kind: 'access', subject: { fullName: 'Иван Петров' }, details: 'Какие мои данные у вас хранятся?', conversationId: conversation.id },
  });

  const context = await env.browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ru-RU' });
  const page = await context.newPage();
  await signIn(page, baseUrl, owner);
  await page.goto(`${baseUrl}/subject-requests/${request.id}`);
  await page.getByTestId('subject-request-page').waitFor();
  await page.getByTestId('identity-method-one-time-code').check();
  const channel = page.getByTestId('code-channel').first();
  await channel.waitFor();
  assert.equal((await channel.textContent()).trim(), 'Telegram · @iv*** · Бот магазина');
  await page.getByTestId('code-send').click();
  await page.locator('[data-testid=code-status][data-status=active]').waitFor();
  assert.match(await page.getByTestId('code-validity').textContent(), /осталось 5 попыток/);
  await page.locator('[data-testid=request-event][data-type=code-sent]').waitFor();

  // The bot was asked to send the code into the client's chat; the page does not show it.
  const sent = await eventually(() => env.botApi.sent.find((m) => m.token === bot.token && m.chatId === String(client.id) && /— \d{6}\./.test(m.text ?? '')), 'the code sent by the bot');
  const code = sent.text.match(/— (\d{6})\./)[1];
  assert.match(sent.text, new RegExp(request.number));
  await shot(page, 'subject-request-code-sent.png');

  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  await page.getByTestId('code-input').fill(wrong);
  await page.getByTestId('code-submit').click();
  await page.getByTestId('code-error').getByText('Код не совпадает. Осталось попыток: 4.').waitFor();
  await page.getByTestId('code-validity').getByText(/осталось 4 попытки/).waitFor();
  await page.locator('[data-testid=request-event][data-type=code-failed]').waitFor();
  await shot(page, 'subject-request-code-wrong.png');

  await page.getByTestId('code-input').fill(code);
  await page.getByTestId('code-submit').click();
  await page.getByTestId('identity-verified').waitFor();
  assert.match(await page.getByTestId('identity-verified').textContent(), /Одноразовый код[\s\S]*Telegram · @iv\*\*\* · Бот магазина/);
  assert.equal(await page.getByTestId('access-package').isDisabled(), false, 'the package is offered after the check');
  assert.equal((await page.content()).includes(code), false, 'the code is shown nowhere on the page');
  await shot(page, 'subject-request-code-verified.png');

  // The inbox keeps the message with the code masked.
  await page.goto(`${baseUrl}/inbox/${conversation.id}`);
  await page.getByText('••••••', { exact: false }).first().waitFor();
  assert.equal((await page.content()).includes(code), false, 'the conversation shows the code masked');
  await context.close();
});
