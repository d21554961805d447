// The SPA in a real browser: the Russian login screen by default, English on request.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';
import { screenshotDir, useProductAndBrowser } from './harness.mjs';

const env = useProductAndBrowser({ before, after });

test('an anonymous visitor lands on the Russian login screen, with a live system status', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(env.product.baseUrl);
  await page.waitForURL(/\/login$/);
  await page.getByRole('heading', { name: 'Вход в личный кабинет' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
  assert.equal(await page.title(), 'Переписка');
  await page.getByLabel('Электронная почта').waitFor();
  await page.getByLabel('Пароль').waitFor();
  await page.getByTestId('system-status').getByText('Все системы работают').waitFor();
  await page.screenshot({ path: join(screenshotDir, 'login-ru.png'), fullPage: true });
  await page.close();
});

test('the form explains what is missing instead of sending an empty login', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.product.baseUrl}/login`);
  await page.getByRole('button', { name: 'Войти' }).click();
  assert.equal(await page.getByTestId('login-error').textContent(), 'Заполните почту и пароль');
  await page.close();
});

test('English on request, remembered across visits', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${env.product.baseUrl}/login`);
  await page.getByTestId('locale-en').click();
  await page.getByRole('heading', { name: 'Sign in to your account' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.screenshot({ path: join(screenshotDir, 'login-en.png'), fullPage: true });
  await page.reload();
  await page.getByRole('heading', { name: 'Sign in to your account' }).waitFor();
  await page.goto(`${env.product.baseUrl}/login?lang=ru`);
  await page.getByRole('heading', { name: 'Вход в личный кабинет' }).waitFor();
  await page.close();
});

test('a deep link to a private page asks to sign in and remembers where to return', async () => {
  const page = await env.browser.newPage();
  await page.goto(`${env.product.baseUrl}/settings/team`);
  await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/settings/team');
  await page.getByRole('heading', { name: 'Вход в личный кабинет' }).waitFor();
  await page.close();
});
