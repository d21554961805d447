// A business signs up through the form, works in the product, signs out and back in.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { screenshotDir, useProductAndBrowser } from './harness.mjs';

const env = useProductAndBrowser({ before, after });

test('sign up, see the business, sign out, sign back in', async () => {
  const email = `owner-${randomBytes(4).toString('hex')}@example.ru`;
  const password = 'correct horse battery';
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${env.product.baseUrl}/login`);
  await page.getByRole('link', { name: 'Зарегистрировать компанию' }).click();
  await page.getByRole('heading', { name: 'Регистрация компании' }).waitFor();

  await page.locator('input[name="tenant.name"]').fill('ООО «Шарики»');
  await page.locator('input[name="tenant.inn"]').fill('7707083894');
  await page.locator('input[name="tenant.ogrn"]').fill('1027700132195');
  await page.locator('input[name="tenant.kpp"]').fill('773601001');
  await page.locator('input[name="tenant.legalAddress"]').fill('117312, г. Москва, ул. Вавилова, д. 19');
  await page.locator('input[name="owner.fullName"]').fill('Анна Смирнова');
  await page.locator('input[name="owner.email"]').fill(email);
  await page.locator('input[name="owner.password"]').fill(password);
  await page.getByTestId('signup-agreements-accept').check();
  await page.getByRole('button', { name: 'Зарегистрироваться' }).click();

  // A mistyped INN is caught by its checksum and shown under the field.
  await page.getByText('check digit does not match').waitFor();
  assert.equal(await page.locator('input[name="tenant.inn"]').getAttribute('aria-invalid'), 'true');
  await page.screenshot({ path: join(screenshotDir, 'signup-error.png'), fullPage: true });

  await page.locator('input[name="tenant.inn"]').fill('7707083893');
  await page.locator('input[name="owner.password"]').fill(password);
  await page.getByRole('button', { name: 'Зарегистрироваться' }).click();
  await page.getByTestId('welcome').getByText('Здравствуйте, Анна Смирнова!').waitFor();
  assert.equal(await page.getByTestId('tenant-name').textContent(), 'ООО «Шарики»');
  assert.match(await page.getByTestId('account').textContent(), /Владелец/);
  await page.screenshot({ path: join(screenshotDir, 'overview.png'), fullPage: true });

  // The cookie session survives a reload.
  await page.reload();
  await page.getByTestId('welcome').waitFor();

  await page.getByTestId('logout').click();
  await page.waitForURL(/\/login$/);
  await page.goto(`${env.product.baseUrl}/`);
  await page.waitForURL(/\/login$/);

  await page.getByLabel('Электронная почта').fill(email);
  await page.getByLabel('Пароль').fill('wrong password!');
  await page.getByRole('button', { name: 'Войти' }).click();
  assert.equal(await page.getByTestId('login-error').textContent(), 'Неверная почта или пароль');

  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByTestId('welcome').getByText('Здравствуйте, Анна Смирнова!').waitFor();
  await page.close();
});
