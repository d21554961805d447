// The realtime inbox over the API channel: an integrator (this test) posts a client's message;
// the operator who works the connection sees it appear without reloading, the one who does not
// never sees it; the reply reaches the integrator's webhook signed and with the opt-out line,
// and its ticks follow the statuses the integrator reports back. The operator (who may reply,
// not assign) resolves and reopens it; his «Мои» list follows assignments live, the owner's
// "assign to me" included.
import assert from 'node:assert/strict';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { activateMessengerModule, call, screenshotDir, signupAgreementIds, useProductAndBrowser } from './harness.mjs';

// Invitations are mailed: the test's own catcher takes them.
const env = useProductAndBrowser({ before, after, mail: true });

const shot = (page, name) => page.screenshot({ path: join(screenshotDir, name), fullPage: true, animations: 'disabled' });

/**
 * The integrator's webhook endpoint: checks each POST's signature (HMAC-SHA256 of
 * "timestamp.body" with the signing secret), answers 200 and keeps what arrived.
 */
async function startIntegrator() {
  const received = [];
  const waiters = [];
  let signingSecret = '';
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(request.headers['x-perepiska-timestamp'] ?? '');
      const signature = String(request.headers['x-perepiska-signature'] ?? '');
      const expected = `sha256=${createHmac('sha256', signingSecret).update(`${timestamp}.${body}`).digest('hex')}`;
      const valid = signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected)) && Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
      if (!valid) {
        response.writeHead(401).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      const hook = JSON.parse(body);
      received.push(hook);
      for (const waiter of [...waiters]) {
        if (waiter.match(hook)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(hook);
        }
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/perepiska/webhook`,
    received,
    useSecret: (secret) => (signingSecret = secret),
    waitFor: (match, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const found = received.find(match);
        if (found) return resolve(found);
        const timer = setTimeout(() => reject(new Error(`no webhook matched within ${timeoutMs} ms; received ${JSON.stringify(received)}`)), timeoutMs);
        waiters.push({ match, resolve: (hook) => (clearTimeout(timer), resolve(hook)) });
      }),
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function signIn(browser, baseUrl, email, password) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU' });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Электронная почта').fill(email);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByTestId('welcome').waitFor();
  return page;
}

test('a client message reaches the connection’s operator live, never another one; the reply is signed, carries the opt-out line and ends read', async () => {
  const { baseUrl } = env.product;
  const suffix = randomBytes(4).toString('hex');
  const password = 'correct horse battery';
  const integrator = await startIntegrator();

  try {
    // The owner signs the business up.
    const ownerEmail = `owner-${suffix}@example.ru`;
    const { accessToken: owner } = await call(baseUrl, 'POST', '/api/v1/auth/signup', {
      body: {
        tenant: { name: 'ООО «Шарики»', inn: '7707083893', ogrn: '1027700132195', kpp: '773601001', legalAddress: '117312, г. Москва, ул. Вавилова, д. 19' },
        owner: { fullName: 'Анна Смирнова', email: ownerEmail, password },
        acceptedVersionIds: await signupAgreementIds(baseUrl),
      },
    });
    await activateMessengerModule(baseUrl, owner);

    // An API channel whose webhook is the integrator's endpoint; its secrets come once.
    const created = await call(baseUrl, 'POST', '/api/v1/connections', { token: owner, body: { type: 'api', displayName: 'Сайт', webhookUrl: integrator.url } });
    const connectionId = created.connection.id;
    const { inboundToken, signingSecret } = created.secrets;
    integrator.useSecret(signingSecret);

    // Two operators join through invitations; only Иван works the connection.
    const operators = {};
    for (const [key, fullName] of [['ivan', 'Иван Петров'], ['maria', 'Мария Кузнецова']]) {
      const email = `${key}-${suffix}@example.ru`;
      const { link } = await call(baseUrl, 'POST', '/api/v1/invitations', { token: owner, body: { email, role: 'operator' } });
      await call(baseUrl, 'POST', '/api/v1/auth/invitation/accept', { body: { token: decodeURIComponent(link.split('#')[1]), password, fullName, acceptedVersionIds: await signupAgreementIds(baseUrl) } });
      operators[key] = { email, fullName };
    }
    const members = await call(baseUrl, 'GET', '/api/v1/members', { token: owner });
    const ivanId = members.find((m) => m.email === operators.ivan.email).id;
    await call(baseUrl, 'PATCH', `/api/v1/connections/${connectionId}`, { token: owner, body: { memberIds: [ivanId] } });

    // Both operators open their inbox: empty for now, live on a socket each.
    const ivan = await signIn(env.browser, baseUrl, operators.ivan.email, password);
    const maria = await signIn(env.browser, baseUrl, operators.maria.email, password);
    assert.equal(await ivan.getByTestId('nav-inbox').getAttribute('href'), '/inbox');
    for (const page of [ivan, maria]) {
      await page.getByTestId('nav-inbox').click();
      await page.waitForURL(/\/inbox$/);
      await page.getByTestId('inbox-empty').waitFor();
    }
    // Both sockets are admitted (and in their rooms) before the client writes.
    for (const page of [ivan, maria]) await page.locator('[data-testid=conversation-list][data-realtime=online]').waitFor();

    // The integrator posts a client's message.
    const accepted = await call(baseUrl, 'POST', '/api/v1/channels/api/messages', {
      token: inboundToken,
      body: { messages: [{ id: `evt-${suffix}`, chat: { id: 'chat-42', kind: 'private' }, from: { id: 'client-42', name: 'Ольга Иванова', username: 'olga' }, text: 'Здравствуйте! Есть ли доставка в Химки?' }] },
    });
    assert.equal(accepted.results[0].duplicate, false);

    // Иван sees it appear without reloading, with its unread badge and the sidebar count.
    const item = ivan.getByTestId('conversation-item').filter({ hasText: 'Ольга Иванова' });
    await item.waitFor({ timeout: 15_000 });
    assert.match(await item.getByTestId('conversation-preview').textContent(), /Есть ли доставка в Химки/);
    assert.equal((await item.getByTestId('conversation-unread').textContent()).trim(), '1');
    await ivan.getByTestId('nav-inbox-badge').getByText('1').waitFor();
    await shot(ivan, 'inbox-new-message.png');

    // Мария, who does not work the connection, never sees it: not live, not after a reload, not over REST.
    await maria.waitForTimeout(1500);
    assert.equal(await maria.getByTestId('conversation-item').count(), 0);
    await maria.getByTestId('inbox-empty').waitFor();
    assert.equal(await maria.getByTestId('nav-inbox-badge').count(), 0);
    await maria.reload();
    await maria.getByTestId('inbox-empty').waitFor();
    assert.equal(await maria.getByTestId('conversation-item').count(), 0);
    const mariaList = await maria.evaluate(async () => (await fetch('/api/v1/conversations', { credentials: 'include' })).json());
    assert.deepEqual(mariaList.items, []);

    // Иван opens it: the message is there, and opening reads it.
    await item.click();
    await ivan.waitForURL(/\/inbox\/[0-9a-f-]{36}$/);
    const conversationId = ivan.url().split('/').pop();
    await ivan.getByTestId('conversation-title').getByText('Ольга Иванова').waitFor();
    await ivan.getByTestId('message').filter({ hasText: 'Есть ли доставка в Химки?' }).waitFor();
    await ivan.getByTestId('day-separator').getByText('Сегодня').waitFor();
    await item.getByTestId('conversation-unread').waitFor({ state: 'detached' });
    await ivan.getByTestId('nav-inbox-badge').waitFor({ state: 'detached' });
    await ivan.getByTestId('contact-panel').getByTestId('contact-name').getByText('Ольга Иванова').waitFor();
    // The first reply carries the opt-out line, and the composer says so.
    await ivan.getByTestId('opt-out-hint').waitFor();

    // He replies with Enter.
    const reply = 'Добрый день! Да, доставим в Химки завтра.';
    await ivan.getByTestId('composer-input').fill(reply);
    await ivan.getByTestId('composer-input').press('Enter');
    const outgoing = ivan.locator('[data-testid=message][data-direction=out]').filter({ hasText: reply });
    await outgoing.waitFor();
    // The message can show (realtime) a moment before the send's answer clears the composer.
    await ivan.waitForFunction(() => document.querySelector('[data-testid=composer-input]')?.value === '');
    assert.equal(await ivan.getByTestId('composer-input').inputValue(), '');

    // The webhook arrived signed (checked by the endpoint), with the opt-out line of the business.
    const { optOutLine } = await call(baseUrl, 'GET', '/api/v1/messaging/settings', { token: owner });
    const hook = await integrator.waitFor((h) => h.event === 'message.created' && h.message.text.includes(reply));
    // The payload names the chat (the integrator's id) and our message id; a conversation id is optional.
    if (hook.message.conversationId !== undefined) assert.equal(hook.message.conversationId, conversationId);
    assert.equal(hook.message.chatId, 'chat-42');
    assert.ok(hook.message.text.includes(optOutLine), `the first reply carries the opt-out line "${optOutLine}": ${hook.message.text}`);
    const messageId = hook.message.id;
    assert.equal(await outgoing.getAttribute('data-message-id'), messageId);

    // Accepted by the integrator: one tick. Then it reports delivered (two grey), then read (two blue).
    const ticks = outgoing.getByTestId('message-ticks');
    await ivan.locator(`[data-message-id="${messageId}"] [data-testid=message-ticks][data-status=sent]`).waitFor({ timeout: 15_000 });
    assert.equal(await ticks.getAttribute('title'), 'Отправлено');
    const report = (status) => call(baseUrl, 'POST', '/api/v1/channels/api/statuses', { token: inboundToken, body: { statuses: [{ messageId, status }] } });
    await report('delivered');
    await ivan.locator(`[data-message-id="${messageId}"] [data-testid=message-ticks][data-status=delivered]`).waitFor({ timeout: 15_000 });
    assert.match(await ticks.getAttribute('class'), /tick-double/);
    await report('read');
    await ivan.locator(`[data-message-id="${messageId}"] [data-testid=message-ticks][data-status=read]`).waitFor({ timeout: 15_000 });
    assert.match(await ticks.getAttribute('class'), /tick-read/);
    assert.equal(await ticks.getAttribute('title'), 'Прочитано');
    await shot(ivan, 'inbox-conversation.png');

    // The list shows the reply as the latest message, still nothing for Мария.
    await item.getByTestId('conversation-preview').getByText(/^Вы: Добрый день!/).waitFor();
    assert.equal(await maria.getByTestId('conversation-item').count(), 0);

    // Иван may reply but not assign: he resolves the conversation (it leaves the open tab) and reopens it.
    assert.equal(await ivan.getByTestId('conversation-assignee').count(), 0);
    assert.equal(await ivan.getByTestId('conversation-assign-me').count(), 0);
    await ivan.getByTestId('conversation-resolve').click();
    await ivan.getByTestId('conversation-status').getByText('Решён').waitFor();
    await item.waitFor({ state: 'detached' });
    await ivan.getByTestId('conversation-reopen').click();
    await ivan.getByTestId('conversation-status').getByText('Открыт').waitFor();
    await item.waitFor();
    assert.equal(await ivan.getByTestId('conversation-change-error').count(), 0);

    // His «Мои» list follows assignments live: the list is not read again after the filter is chosen.
    const listReads = [];
    ivan.on('request', (request) => {
      if (/\/api\/v1\/conversations\?(.*&)?status=/.test(request.url())) listReads.push(request.url());
    });
    await ivan.getByTestId('inbox-assignee').selectOption('me');
    await ivan.getByTestId('inbox-empty').waitFor();
    await ivan.waitForTimeout(500);
    const readsBefore = listReads.length;
    assert.ok(readsBefore >= 1);
    await call(baseUrl, 'PATCH', `/api/v1/conversations/${conversationId}`, { token: owner, body: { assigneeMembershipId: ivanId } });
    await item.waitFor({ timeout: 15_000 });
    await ivan.getByTestId('conversation-assignee-name').getByText(operators.ivan.fullName).waitFor();

    // The owner takes it over from the conversation's header: it leaves Иван's «Мои», live.
    const ownerPage = await signIn(env.browser, baseUrl, ownerEmail, password);
    await ownerPage.goto(`${baseUrl}/inbox/${conversationId}`);
    await ownerPage.getByTestId('conversation-title').getByText('Ольга Иванова').waitFor();
    await ownerPage.getByTestId('conversation-assign-me').click();
    await ownerPage.getByTestId('conversation-assign-me').waitFor({ state: 'detached' });
    const ownerMe = await ownerPage.evaluate(async () => (await fetch('/api/v1/auth/me', { credentials: 'include' })).json());
    assert.equal(await ownerPage.getByTestId('conversation-assignee').inputValue(), ownerMe.membershipId);
    await item.waitFor({ state: 'detached', timeout: 15_000 });
    await ivan.getByTestId('conversation-assignee-name').getByText('Анна Смирнова').waitFor();
    await ivan.waitForTimeout(700);
    assert.deepEqual(listReads.slice(readsBefore), [], 'the «Мои» list changed by events alone');

    // The owner's connections page: the channel is healthy, the webhook log shows the delivery.
    await ownerPage.getByTestId('nav-connections').click();
    await ownerPage.waitForURL(/\/connections$/);
    const row = ownerPage.getByTestId('connections-card').locator('tbody tr', { hasText: 'Сайт' });
    assert.equal((await row.getByTestId('connection-health').textContent()).trim(), 'Работает');
    await ownerPage.getByTestId('messaging-settings').locator('textarea[name=optOutLine]').waitFor();
    await shot(ownerPage, 'connections.png');
    await row.getByTestId('connection-name').click();
    await ownerPage.waitForURL(new RegExp(`/connections/${connectionId}$`));
    await ownerPage.getByTestId('connection-title').getByText('Сайт').waitFor();
    assert.equal(await ownerPage.locator(`[data-testid=connection-operator][data-member="${operators.ivan.email}"]`).isChecked(), true);
    assert.equal(await ownerPage.locator(`[data-testid=connection-operator][data-member="${operators.maria.email}"]`).isChecked(), false);
    await ownerPage.getByTestId('delivery-log').getByTestId('delivery-status').getByText('Доставлен').first().waitFor();
    assert.match(await ownerPage.getByTestId('inbound-endpoint').textContent(), new RegExp(`${baseUrl}/api/v1/channels/api/messages$`));
    await shot(ownerPage, 'connection-detail.png');

    // The client base: the owner finds Ольга, downloads the whole base (BOM, header, no secrets) and opens her conversation.
    await ownerPage.getByTestId('nav-contacts').click();
    await ownerPage.waitForURL(/\/clients$/);
    await ownerPage.locator('input[name=q]').fill('olga');
    await ownerPage.locator('input[name=q]').press('Enter');
    await ownerPage.waitForURL(/\/clients\?q=olga$/);
    const clientRow = ownerPage.locator('tbody tr', { hasText: 'Ольга Иванова' });
    await clientRow.getByTestId('client-channel').getByText('@olga').waitFor();
    await shot(ownerPage, 'clients.png');
    const [download] = await Promise.all([ownerPage.waitForEvent('download'), ownerPage.getByTestId('download-csv').click()]);
    assert.match(download.suggestedFilename(), /^clients-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    assert.ok(csv.startsWith('\uFEFFid,display_name,phone,channels,first_seen_at,last_message_at,conversations\r\n'), csv.slice(0, 120));
    assert.match(csv, /,Ольга Иванова,,api @olga,/);
    assert.ok(!csv.includes(inboundToken) && !csv.includes(signingSecret), 'no channel secret in the export');
    await clientRow.getByTestId('client-open').click();
    await ownerPage.waitForURL(new RegExp(`/inbox/${conversationId}$`));
    await ownerPage.getByTestId('conversation-title').getByText('Ольга Иванова').waitFor();
    // Мария works none of the business's connections: her client base is empty, and she may not download it.
    await maria.getByTestId('nav-contacts').click();
    await maria.getByTestId('empty-state').getByText('Клиентов пока нет').waitFor();
    assert.equal(await maria.getByTestId('download-csv').count(), 0);
  } finally {
    await integrator.stop();
  }
});
