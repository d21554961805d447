// An owner builds a team: invites an operator, who joins through the link in a browser of their
// own and sees only what an operator may; a custom role widens that; the operator forgets the
// password and sets a new one from the mailed link; finally the owner closes the business.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { screenshotDir, useProductAndBrowser } from './harness.mjs';
import { linkIn } from './mail.mjs';

const env = useProductAndBrowser({ before, after, mail: true });

const shot = (page, name) => page.screenshot({ path: join(screenshotDir, name), fullPage: true, animations: 'disabled' });

/** The sidebar's sections, by route name, in order. */
const sections = (page) => page.locator('nav .nav-link').evaluateAll((links) => links.map((link) => link.dataset.testid.replace(/^nav-/, '')));

test('an owner invites an operator, gives them a custom role, and closes the business; the operator resets a password', async () => {
  const { baseUrl } = env.product;
  const suffix = randomBytes(4).toString('hex');
  const ownerEmail = `owner-${suffix}@example.ru`;
  const ownerPassword = 'correct horse battery';
  const operatorEmail = `ivan-${suffix}@example.ru`;
  const operatorPassword = 'operator password 1';
  const newOperatorPassword = 'operator password 2';
  const viewport = { width: 1360, height: 900 };

  // The owner signs the business up through the form.
  const ownerContext = await env.browser.newContext({ viewport, locale: 'ru-RU' });
  await ownerContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  const owner = await ownerContext.newPage();
  await owner.goto(`${baseUrl}/signup`);
  await owner.locator('input[name="tenant.name"]').fill('ООО «Шарики»');
  await owner.locator('input[name="tenant.inn"]').fill('7707083893');
  await owner.locator('input[name="tenant.ogrn"]').fill('1027700132195');
  await owner.locator('input[name="tenant.kpp"]').fill('773601001');
  await owner.locator('input[name="tenant.legalAddress"]').fill('117312, г. Москва, ул. Вавилова, д. 19');
  await owner.locator('input[name="owner.fullName"]').fill('Анна Смирнова');
  await owner.locator('input[name="owner.email"]').fill(ownerEmail);
  await owner.locator('input[name="owner.password"]').fill(ownerPassword);
  // Without accepting the user agreement the form does not go.
  await owner.getByRole('button', { name: 'Зарегистрироваться' }).click();
  await owner.getByTestId('signup-agreements-error').waitFor();
  const agreementLink = owner.getByTestId('signup-agreement-link');
  const [agreementTab] = await Promise.all([ownerContext.waitForEvent('page'), agreementLink.click()]);
  await agreementTab.locator('[data-testid=public-document][data-kind=user-agreement]').waitFor();
  await agreementTab.close();
  await owner.getByTestId('signup-agreements-accept').check();
  await owner.getByRole('button', { name: 'Зарегистрироваться' }).click();
  await owner.getByTestId('welcome').waitFor();
  assert.deepEqual(await sections(owner), ['inbox', 'contacts', 'overview', 'connections', 'messenger-module', 'legal-documents', 'legal-ledger', 'register', 'register-findings', 'register-policy', 'subject-requests', 'destruction-acts', 'retention', 'team', 'roles', 'organisation', 'api-tokens', 'audit', 'access-journal']);

  // Team: the owner alone, their own row without actions.
  await owner.getByTestId('nav-team').click();
  await owner.waitForURL(/\/settings\/team$/);
  const members = owner.getByTestId('members-card');
  const annaRow = members.locator('tbody tr', { hasText: 'Анна Смирнова' });
  await annaRow.getByTestId('member-self').waitFor();
  assert.equal((await annaRow.getByTestId('member-role').textContent()).trim(), 'Владелец');
  assert.equal(await annaRow.getByTestId('member-actions').count(), 0);
  await owner.getByTestId('invitations-card').getByText('Приглашений пока нет').waitFor();
  await shot(owner, 'team-owner-alone.png');

  // Inviting an operator: the link is shown once, and mailed.
  await owner.getByTestId('invite-member').click();
  const inviteDialog = owner.getByTestId('invite-dialog');
  await inviteDialog.getByRole('heading', { name: 'Пригласить сотрудника' }).waitFor();
  await inviteDialog.locator('input[name="email"]').fill(operatorEmail);
  assert.equal(await inviteDialog.locator('select[name="role"]').inputValue(), 'operator');
  await shot(owner, 'team-invite.png');
  await inviteDialog.getByTestId('invite-submit').click();
  const link = (await inviteDialog.getByTestId('invitation-link').textContent()).trim();
  assert.match(link, new RegExp(`^${baseUrl}/invitation#.{20,}$`));
  await inviteDialog.getByTestId('copy-button').click();
  await inviteDialog.getByText('Скопировано').waitFor();
  assert.equal(await owner.evaluate(() => navigator.clipboard.readText()), link);
  await shot(owner, 'team-invite-link.png');
  const invitationMail = await env.mail.waitFor(operatorEmail, 'Приглашение');
  assert.equal(linkIn(invitationMail.text, '/invitation'), link, 'the mailed link is the one shown');
  await owner.keyboard.press('Escape');
  await inviteDialog.getByTestId('invitation-link').waitFor();
  await inviteDialog.getByTestId('invitation-link-done').click();
  await inviteDialog.waitFor({ state: 'detached' });
  assert.equal((await owner.content()).includes(link), false, 'the link is not shown again');
  const invitationRow = owner.getByTestId('invitations-card').locator('tbody tr', { hasText: operatorEmail });
  await invitationRow.getByTestId('invitation-status').getByText('Ждёт ответа').waitFor();

  // The operator opens the link in a browser of their own and creates the account.
  const operatorContext = await env.browser.newContext({ viewport, locale: 'ru-RU' });
  const operator = await operatorContext.newPage();
  await operator.goto(link);
  const lead = operator.getByTestId('invitation-lead');
  await lead.waitFor();
  assert.equal((await lead.textContent()).trim(), 'Анна Смирнова приглашает вас в «ООО «Шарики»» на роль Оператор.');
  assert.equal(await operator.getByTestId('invitation-email').textContent(), operatorEmail);
  await operator.locator('input[name="fullName"]').fill('Иван Петров');
  await operator.locator('input[name="password"]').fill(operatorPassword);
  await operator.locator('input[name="confirmation"]').fill('something else entirely');
  await operator.getByTestId('invitation-accept').click();
  await operator.getByText('Пароли не совпадают').waitFor();
  await operator.locator('input[name="confirmation"]').fill(operatorPassword);
  await operator.getByTestId('signup-agreements-accept').check();
  await shot(operator, 'invitation-accept.png');
  await operator.getByTestId('invitation-accept').click();
  await operator.getByTestId('welcome').getByText('Здравствуйте, Иван Петров!').waitFor();
  assert.equal(new URL(operator.url()).pathname, '/');
  assert.match(await operator.getByTestId('account').textContent(), /Оператор/);

  // An operator sees only what an operator may: no team, roles or journals.
  // consent.read (operators see a contact's consents) also shows the module and the documents; the
  // acceptance ledger, which names employees with their e-mail and IP, needs acceptances.read.
  assert.deepEqual(await sections(operator), ['inbox', 'contacts', 'overview', 'connections', 'messenger-module', 'legal-documents', 'organisation']);
  await shot(operator, 'operator-overview.png');
  await operator.goto(`${baseUrl}/settings/team`);
  await operator.waitForURL((url) => url.pathname === '/');

  // A used link is a friendly dead end.
  await operator.goto(link);
  await operator.getByTestId('invitation-invalid').waitFor();
  await shot(operator, 'invitation-invalid.png');
  await operator.getByTestId('invitation-sign-in').click();
  await operator.waitForURL((url) => url.pathname === '/');

  // The owner sees the new employee and the accepted invitation.
  await owner.reload();
  const ivanRow = members.locator('tbody tr', { hasText: 'Иван Петров' });
  await ivanRow.waitFor();
  assert.equal(await ivanRow.getByTestId('member-role-select').inputValue(), 'operator');
  assert.equal((await ivanRow.getByTestId('member-status').textContent()).trim(), 'Активен');
  await invitationRow.getByTestId('invitation-status').getByText('Принято').waitFor();
  await shot(owner, 'team.png');

  // Roles: the owner puts together a role that also lets its holder see the team.
  await owner.getByTestId('nav-roles').click();
  await owner.waitForURL(/\/settings\/roles$/);
  await owner.getByText('Своих ролей пока нет').waitFor();
  const operatorRole = owner.locator('[data-role="operator"]');
  assert.equal((await operatorRole.getByTestId('role-members').textContent()).trim(), '1 сотрудник');
  await operatorRole.getByTestId('role-toggle').click();
  await operatorRole.getByTestId('role-permissions').getByText('Ответы клиентам').waitFor();
  await shot(owner, 'roles.png');
  await owner.getByTestId('role-create').click();
  const editor = owner.getByTestId('role-editor');
  await editor.getByRole('heading', { name: 'Новая роль' }).waitFor();
  await editor.locator('input[name="name"]').fill('Старший оператор');
  await editor.locator('textarea[name="description"]').fill('Ведёт диалоги, назначает их коллегам и видит команду');
  for (const permission of ['tenant.read', 'members.read', 'conversations.read', 'conversations.reply', 'conversations.assign', 'contacts.read']) {
    await editor.locator(`input[data-permission="${permission}"]`).check();
  }
  await shot(owner, 'role-editor.png');
  await editor.getByTestId('role-save').click();
  await owner.getByTestId('roles-saved').getByText('Роль «Старший оператор» создана').waitFor();
  const seniorRole = owner.getByTestId('custom-roles').locator('[data-testid="role-row"]', { hasText: 'Старший оператор' });
  assert.equal((await seniorRole.getByTestId('role-toggle').textContent()).trim(), '6 прав');
  await shot(owner, 'roles-custom.png');

  // …and gives it to the operator.
  await owner.getByTestId('nav-team').click();
  await ivanRow.getByTestId('member-role-select').selectOption({ label: 'Старший оператор' });
  await owner.getByTestId('team-outcome').getByText('Иван Петров: новая роль — Старший оператор').waitFor();
  await shot(owner, 'team-role-changed.png');

  // The operator gets the new permissions on the next request: the team appears.
  await operator.reload();
  await operator.getByTestId('nav-team').waitFor();
  assert.deepEqual(await sections(operator), ['inbox', 'contacts', 'overview', 'team', 'roles', 'organisation']);
  await operator.getByTestId('nav-team').click();
  const fromOperator = operator.getByTestId('members-card');
  await fromOperator.locator('tbody tr', { hasText: 'Анна Смирнова' }).waitFor();
  assert.equal(await operator.getByTestId('invite-member').count(), 0, 'seeing the team is not managing it');
  assert.equal(await fromOperator.getByTestId('member-role-select').count(), 0);

  // The operator forgets the password: a link by mail, a new password, signing in with it.
  await operator.getByTestId('logout').click();
  await operator.waitForURL(/\/login$/);
  await operator.getByTestId('forgot-password').click();
  await operator.waitForURL(/\/forgot-password$/);
  await operator.locator('input[name="email"]').fill(operatorEmail);
  await shot(operator, 'forgot-password.png');
  await operator.getByTestId('forgot-submit').click();
  await operator.getByTestId('forgot-sent').getByText('Проверьте почту').waitFor();
  await shot(operator, 'forgot-password-sent.png');
  const resetMail = await env.mail.waitFor(operatorEmail, 'Восстановление пароля');
  const resetLink = linkIn(resetMail.text, '/reset-password');
  await operator.goto(resetLink);
  await operator.locator('input[name="password"]').fill(newOperatorPassword);
  await operator.locator('input[name="confirmation"]').fill(newOperatorPassword);
  await shot(operator, 'reset-password.png');
  await operator.getByTestId('reset-submit').click();
  await operator.getByTestId('reset-done').waitFor();
  await shot(operator, 'reset-password-done.png');
  await operator.getByTestId('reset-sign-in').click();
  await operator.waitForURL(/\/login\?notice=password-reset$/);
  await operator.getByTestId('login-notice').getByText('Пароль изменён').waitFor();
  await operator.getByLabel('Электронная почта').fill(operatorEmail);
  await operator.getByLabel('Пароль').fill(operatorPassword);
  await operator.getByRole('button', { name: 'Войти' }).click();
  assert.equal(await operator.getByTestId('login-error').textContent(), 'Неверная почта или пароль', 'the old password no longer works');
  await operator.getByLabel('Пароль').fill(newOperatorPassword);
  await operator.getByRole('button', { name: 'Войти' }).click();
  await operator.getByTestId('welcome').getByText('Здравствуйте, Иван Петров!').waitFor();

  // The link worked once.
  await operator.goto(resetLink);
  await operator.locator('input[name="password"]').fill('yet another password');
  await operator.locator('input[name="confirmation"]').fill('yet another password');
  await operator.getByTestId('reset-submit').click();
  await operator.getByTestId('reset-invalid').waitFor();
  await shot(operator, 'reset-password-invalid.png');

  // The access journal shows who looked at the employee list.
  await owner.getByTestId('nav-access-journal').click();
  await owner.waitForURL(/\/settings\/access-journal$/);
  await owner.getByTestId('access-resource').first().waitFor();
  const readers = await owner.locator('tbody tr', { hasText: 'Список сотрудников' }).allTextContents();
  assert.ok(readers.some((row) => row.includes('Иван Петров')), 'the operator’s look at the team is journalled');
  assert.ok(readers.some((row) => row.includes('Анна Смирнова')));
  await shot(owner, 'access-journal.png');

  // Closing the business: the name typed again, the password; everyone is out.
  await owner.getByTestId('nav-organisation').click();
  const dangerZone = owner.getByTestId('danger-zone');
  await dangerZone.scrollIntoViewIfNeeded();
  await shot(owner, 'organisation-danger-zone.png');
  await dangerZone.getByTestId('close-business').click();
  const closeDialog = owner.getByTestId('close-business-dialog');
  await closeDialog.locator('input[name="confirmName"]').fill('ООО Шарики');
  assert.equal(await closeDialog.getByTestId('close-business-confirm').isDisabled(), true);
  await closeDialog.locator('input[name="confirmName"]').fill('ООО «Шарики»');
  await closeDialog.locator('input[name="password"]').fill('not my password');
  await closeDialog.getByTestId('close-business-confirm').click();
  await closeDialog.getByText('Неверный пароль').waitFor();
  await closeDialog.locator('input[name="password"]').fill(ownerPassword);
  await shot(owner, 'close-business.png');
  await closeDialog.getByTestId('close-business-confirm').click();
  await owner.waitForURL(/\/login\?notice=tenant-closed$/);
  await owner.getByTestId('login-notice').getByText('Компания закрыта').waitFor();
  await shot(owner, 'login-business-closed.png');
  await owner.goto(`${baseUrl}/settings/team`);
  await owner.waitForURL(/\/login\?next=/);

  // The operator's session there has ended too.
  await operator.goto(`${baseUrl}/settings/team`);
  await operator.waitForURL(/\/login\?next=/);

  await ownerContext.close();
  await operatorContext.close();
});
