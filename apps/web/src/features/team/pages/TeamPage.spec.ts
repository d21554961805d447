import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, json, meWith, mountPage, noContent } from '@/shared/testing/fake-api';
import type { CreatedInvitation, Invitation, Member, Role } from '../team.types';
import TeamPage from './TeamPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const ANNA = '0b0c5b5e-0000-4000-8000-000000000001';
const LINK = 'http://localhost:3000/invitation#inv_Ab3dEf9hIj_kLmNoPqRsTuVwXyZ0123';
const ALL = [
  'tenant.read', 'tenant.manage', 'tenant.delete', 'members.read', 'members.manage', 'roles.manage', 'api-tokens.manage', 'audit.read', 'access-journal.read',
  'connections.read', 'conversations.read', 'conversations.reply', 'conversations.assign', 'contacts.read', 'consent.read',
];
const OPERATOR = ['tenant.read', 'connections.read', 'conversations.read', 'conversations.reply', 'contacts.read', 'consent.read'];

function member(id: string, overrides: Partial<Member> = {}): Member {
  return {
    id,
    userId: `user-${id}`,
    fullName: 'Иван Петров',
    email: 'ivan@shariki.ru',
    role: 'operator',
    roleId: 'operator',
    status: 'active',
    twoFactorEnabled: false,
    createdAt: '2026-11-10T09:00:00.000Z',
    deactivatedAt: null,
    ...overrides,
  };
}

const roles: Role[] = [
  { id: 'owner', name: 'owner', description: '', builtIn: true, permissions: ALL, members: 1 },
  { id: 'admin', name: 'admin', description: '', builtIn: true, permissions: ALL.filter((p) => p !== 'tenant.delete'), members: 0 },
  { id: 'operator', name: 'operator', description: '', builtIn: true, permissions: OPERATOR, members: 1 },
  { id: 'c1a55e00-0000-4000-8000-000000000001', name: 'Старший оператор', description: '', builtIn: false, permissions: [...OPERATOR, 'conversations.assign'], members: 0 },
];

function invitation(id: string, status: Invitation['status'], overrides: Partial<Invitation> = {}): Invitation {
  return {
    id,
    email: `${id}@shariki.ru`,
    role: 'operator',
    roleId: 'operator',
    invitedBy: 'Анна Смирнова',
    status,
    createdAt: '2026-11-20T09:00:00.000Z',
    expiresAt: '2026-11-27T09:00:00.000Z',
    acceptedAt: status === 'accepted' ? '2026-11-21T09:00:00.000Z' : null,
    ...overrides,
  };
}

/** A team behind the fake API: invitations grow with each one sent. */
function teamApi(members: Member[] = [member('m-anna', { userId: ANNA, fullName: 'Анна Смирнова', email: 'anna@shariki.ru', role: 'owner', roleId: 'owner', twoFactorEnabled: true }), member('m-ivan')]) {
  const invitations: Invitation[] = [invitation('olga', 'pending'), invitation('petr', 'accepted'), invitation('old', 'expired'), invitation('gone', 'revoked')];
  return fakeApi({
    'GET /api/v1/members': () => members,
    'GET /api/v1/roles': () => roles,
    'GET /api/v1/invitations': () => invitations,
    'POST /api/v1/invitations': (call: ApiCall) => {
      const body = call.body as { email: string; role: string };
      const created: CreatedInvitation = { ...invitation('new', 'pending', { email: body.email, role: body.role, roleId: body.role }), link: LINK };
      const { link: _link, ...stored } = created;
      invitations.unshift(stored);
      return json(201, created);
    },
    'PATCH /api/v1/members/m-ivan': (call: ApiCall) => {
      const role = (call.body as { role: string }).role;
      const custom = roles.find((r) => r.id === role);
      members[1] = { ...members[1], roleId: role, role: custom?.builtIn ? role : (custom?.name ?? role) };
      return members[1];
    },
    'POST /api/v1/members/m-ivan/deactivate': () => {
      members[1] = { ...members[1], status: 'deactivated' };
      return noContent();
    },
    'DELETE /api/v1/members/m-ivan': () => json(422, { statusCode: 422, error: 'Unprocessable Entity', message: 'The business must keep at least one active owner' }),
    'DELETE /api/v1/invitations/olga': () => {
      invitations[invitations.findIndex((i) => i.id === 'olga')] = invitation('olga', 'revoked');
      return noContent();
    },
  });
}

const owner = meWith(ALL, { id: ANNA, totpEnabled: true });
const rows = (wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper'], card: string) => wrapper.find(`[data-testid=${card}]`).findAll('tbody tr');

describe('team page', () => {
  it('lists the employees with Russian role names, and offers no actions on one’s own row', async () => {
    teamApi();
    const { wrapper } = await mountPage(TeamPage, { me: owner });
    const [self, ivan] = rows(wrapper, 'members-card');
    expect(self.text()).toContain('Анна Смирнова');
    expect(self.find('[data-testid=member-self]').text()).toBe('вы');
    expect(self.find('[data-testid=member-role]').text()).toBe('Владелец');
    expect(self.find('[data-testid=member-two-factor]').text()).toBe('Включена');
    expect(self.find('[data-testid=member-actions]').exists()).toBe(false);
    expect(self.find('select').exists()).toBe(false);

    expect(ivan.find('[data-testid=member-status]').text()).toBe('Активен');
    expect(ivan.find('[data-testid=member-two-factor]').text()).toBe('Выключена');
    const select = ivan.find<HTMLSelectElement>('[data-testid=member-role-select]');
    expect(select.element.value).toBe('operator');
    expect(select.findAll('option').map((o) => o.text())).toEqual(['Владелец', 'Администратор', 'Оператор', 'Старший оператор']);
    expect(ivan.find('[data-testid=member-deactivate]').exists()).toBe(true);
  });

  it('shows the team read-only to whoever may not manage it', async () => {
    teamApi();
    const { wrapper } = await mountPage(TeamPage, { me: meWith(['members.read'], { id: ANNA }) });
    expect(wrapper.find('[data-testid=invite-member]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=member-role-select]').exists()).toBe(false);
    expect(rows(wrapper, 'members-card')[1].find('[data-testid=member-role]').text()).toBe('Оператор');
    expect(wrapper.find('[data-testid=invitation-revoke]').exists()).toBe(false);
  });

  it('invites an employee and shows the link once', async () => {
    const api = teamApi();
    const { wrapper } = await mountPage(TeamPage, { me: owner });
    await wrapper.find('[data-testid=invite-member]').trigger('click');
    const dialog = wrapper.find('[data-testid=invite-dialog]');
    // The operator role is offered first: it is whom a business invites most.
    expect(dialog.find<HTMLSelectElement>('select[name=role]').element.value).toBe('operator');

    await dialog.find('[data-testid=invite-form]').trigger('submit');
    expect(dialog.text()).toContain('Введите адрес электронной почты');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    await dialog.find('input[name=email]').setValue(' olga.new@shariki.ru ');
    await dialog.find('select[name=role]').setValue('c1a55e00-0000-4000-8000-000000000001');
    await dialog.find('[data-testid=invite-form]').trigger('submit');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ email: 'olga.new@shariki.ru', role: 'c1a55e00-0000-4000-8000-000000000001' });

    const step = wrapper.find('[data-testid=invitation-link-step]');
    expect(step.find('[data-testid=invitation-link]').text()).toBe(LINK);
    expect(step.text()).toContain('Ссылка также отправлена на почту');
    expect(step.text()).toContain('olga.new@shariki.ru');
    expect(rows(wrapper, 'invitations-card')).toHaveLength(5);

    // A stray Escape does not lose the link; only the explicit button closes it.
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await flushPromises();
    expect(wrapper.find('[data-testid=invitation-link]').exists()).toBe(true);
    await wrapper.find('[data-testid=invitation-link-done]').trigger('click');
    await flushPromises();
    expect(document.body.innerHTML).not.toContain(LINK);

    // Opening the dialog again starts a new invitation, not the old link.
    await wrapper.find('[data-testid=invite-member]').trigger('click');
    expect(wrapper.find('[data-testid=invite-form]').exists()).toBe(true);
    expect(document.body.innerHTML).not.toContain(LINK);
  });

  it('says so when the person already works in the business', async () => {
    fakeApi({
      'GET /api/v1/members': () => [],
      'GET /api/v1/roles': () => roles,
      'GET /api/v1/invitations': () => [],
      'POST /api/v1/invitations': () =>
        json(409, { statusCode: 409, error: 'Conflict', message: 'This person is already an employee of the business', details: [{ field: 'email', messages: ['is already an employee'] }] }),
    });
    const { wrapper } = await mountPage(TeamPage, { me: owner });
    await wrapper.find('[data-testid=invite-member]').trigger('click');
    await wrapper.find('input[name=email]').setValue('ivan@shariki.ru');
    await wrapper.find('[data-testid=invite-form]').trigger('submit');
    await flushPromises();
    expect(wrapper.find('input[name=email]').attributes('aria-invalid')).toBe('true');
    expect(wrapper.find('[data-testid=invite-dialog]').text()).toContain('Этот человек уже работает в компании.');
  });

  it('changes an employee’s role from the list', async () => {
    const api = teamApi();
    const { wrapper } = await mountPage(TeamPage, { me: owner });
    await rows(wrapper, 'members-card')[1].find('[data-testid=member-role-select]').setValue('c1a55e00-0000-4000-8000-000000000001');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'PATCH')?.body).toEqual({ role: 'c1a55e00-0000-4000-8000-000000000001' });
    expect(wrapper.find('[data-testid=team-outcome]').text()).toBe('Иван Петров: новая роль — Старший оператор');
    expect(rows(wrapper, 'members-card')[1].find<HTMLSelectElement>('[data-testid=member-role-select]').element.value).toBe('c1a55e00-0000-4000-8000-000000000001');
  });

  it('does not offer roles that grant more than the user holds, nor acting on someone beyond them', async () => {
    teamApi();
    const admin = meWith(ALL.filter((p) => p !== 'tenant.delete'), { id: 'admin-user' });
    const { wrapper } = await mountPage(TeamPage, { me: admin });
    const [anna, ivan] = rows(wrapper, 'members-card');
    // The owner holds a permission the admin lacks: the row is read-only and says why.
    expect(anna.find('[data-testid=member-role-select]').exists()).toBe(false);
    expect(anna.text()).toContain('Нет прав на изменение');
    const ownerOption = ivan.find<HTMLOptionElement>('option[value=owner]');
    expect(ownerOption.element.disabled).toBe(true);
    expect(ivan.find<HTMLOptionElement>('option[value=admin]').element.disabled).toBe(false);
  });

  it('suspends only after confirmation and shows the API’s refusal in Russian', async () => {
    const api = teamApi();
    const { wrapper } = await mountPage(TeamPage, { me: owner });
    await rows(wrapper, 'members-card')[1].find('[data-testid=member-deactivate]').trigger('click');
    const confirm = wrapper.find('[data-testid=confirm-dialog]');
    expect(confirm.text()).toContain('Приостановить доступ: Иван Петров?');
    expect(api.calls.some((c) => c.path.endsWith('/deactivate'))).toBe(false);
    await confirm.find('[data-testid=confirm-action]').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.path.endsWith('/deactivate'))).toHaveLength(1);
    expect(rows(wrapper, 'members-card')[1].find('[data-testid=member-status]').text()).toBe('Приостановлен');
    expect(rows(wrapper, 'members-card')[1].find('[data-testid=member-reactivate]').exists()).toBe(true);

    await rows(wrapper, 'members-card')[1].find('[data-testid=member-remove]').trigger('click');
    expect(wrapper.find('[data-testid=confirm-dialog]').text()).toContain('Удалить Иван Петров из компании?');
    await wrapper.find('[data-testid=confirm-action]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=confirm-dialog]').text()).toContain('В компании должен остаться хотя бы один активный владелец.');
  });

  it('shows invitations with their status and revokes a pending one after confirmation', async () => {
    const api = teamApi();
    const { wrapper } = await mountPage(TeamPage, { me: owner });
    const invitations = rows(wrapper, 'invitations-card');
    expect(invitations.map((row) => row.find('[data-testid=invitation-status]').text())).toEqual(['Ждёт ответа', 'Принято', 'Истекло', 'Отозвано']);
    expect(invitations.map((row) => row.find('[data-testid=invitation-revoke]').exists())).toEqual([true, false, false, false]);
    expect(wrapper.find('[data-testid=team-stats]').text()).toContain('Ждут ответа1');

    await invitations[0].find('[data-testid=invitation-revoke]').trigger('click');
    expect(wrapper.find('[data-testid=confirm-dialog]').text()).toContain('Отозвать приглашение для olga@shariki.ru?');
    await wrapper.find('[data-testid=confirm-action]').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual(['/api/v1/invitations/olga']);
    expect(rows(wrapper, 'invitations-card')[0].find('[data-testid=invitation-status]').text()).toBe('Отозвано');
  });

  it('offers a retry when the team cannot be loaded', async () => {
    let attempts = 0;
    fakeApi({
      'GET /api/v1/members': () => (++attempts === 1 ? json(500, { statusCode: 500, error: 'x', message: 'boom' }) : [member('m-ivan')]),
      'GET /api/v1/roles': () => roles,
      'GET /api/v1/invitations': () => [],
    });
    const { wrapper } = await mountPage(TeamPage, { me: owner });
    expect(wrapper.find('[data-testid=members-card] [data-testid=error-state]').exists()).toBe(true);
    expect(wrapper.find('[data-testid=invitations-card]').text()).toContain('Приглашений пока нет');
    await wrapper.find('[data-testid=members-card] [data-testid=error-state] button').trigger('click');
    await flushPromises();
    expect(rows(wrapper, 'members-card')).toHaveLength(1);
  });
});
