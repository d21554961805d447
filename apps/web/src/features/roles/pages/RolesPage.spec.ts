import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiCall, fakeApi, json, meWith, mountPage, noContent } from '@/shared/testing/fake-api';
import type { Role } from '../roles.types';
import RolesPage from './RolesPage.vue';

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const CATALOGUE = ['tenant.read', 'tenant.manage', 'tenant.delete', 'members.read', 'members.manage', 'roles.manage', 'audit.read', 'conversations.read', 'conversations.read-all', 'conversations.reply', 'conversations.assign'];
const OPERATOR = ['tenant.read', 'conversations.read', 'conversations.reply'];
const SENIOR = 'c1a55e00-0000-4000-8000-000000000001';
const LAWYER = 'c1a55e00-0000-4000-8000-000000000002';

const builtIn: Role[] = [
  { id: 'owner', name: 'owner', description: '', builtIn: true, permissions: CATALOGUE, members: 1 },
  { id: 'operator', name: 'operator', description: '', builtIn: true, permissions: OPERATOR, members: 3 },
];

function rolesApi(custom: Role[] = [{ id: SENIOR, name: 'Старший оператор', description: 'Ведёт и назначает диалоги', builtIn: false, permissions: [...OPERATOR, 'conversations.assign'], members: 2 }]) {
  const roles = [...builtIn, ...custom];
  return fakeApi({
    'GET /api/v1/roles': () => roles,
    'GET /api/v1/permissions': () => CATALOGUE,
    'POST /api/v1/roles': (call: ApiCall) => {
      const body = call.body as Pick<Role, 'name' | 'description' | 'permissions'>;
      if (body.name === 'Оператор 2') return json(409, { statusCode: 409, error: 'Conflict', message: 'A role with this name exists', details: [{ field: 'name', messages: ['is taken'] }] });
      const created: Role = { id: 'new-role', builtIn: false, members: 0, ...body };
      roles.push(created);
      return json(201, created);
    },
    [`PATCH /api/v1/roles/${SENIOR}`]: (call: ApiCall) => {
      const index = roles.findIndex((r) => r.id === SENIOR);
      roles[index] = { ...roles[index], ...(call.body as Partial<Role>) };
      return roles[index];
    },
    [`DELETE /api/v1/roles/${SENIOR}`]: () => json(409, { statusCode: 409, error: 'Conflict', message: 'The role is held by 2 employee(s): give them another role first' }),
    [`DELETE /api/v1/roles/${LAWYER}`]: () => noContent(),
  });
}

/** A team lead: manages roles, sees conversations, but may not close the business or read the audit log. */
const lead = meWith(['tenant.read', 'members.read', 'members.manage', 'roles.manage', 'conversations.read', 'conversations.reply', 'conversations.assign']);
const rowOf = (wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper'], id: string) => wrapper.find(`[data-role="${id}"]`);

describe('roles page', () => {
  it('lists the built-in roles in Russian, read-only, with their holders and permissions', async () => {
    rolesApi();
    const { wrapper } = await mountPage(RolesPage, { me: lead });
    const builtInCard = wrapper.find('[data-testid=built-in-roles]');
    expect(builtInCard.findAll('[data-testid=role-name]').map((n) => n.text())).toEqual(['Владелец', 'Оператор']);
    const operator = rowOf(wrapper, 'operator');
    expect(operator.text()).toContain('Переписка с клиентами');
    expect(operator.find('[data-testid=role-members]').text()).toBe('3 сотрудника');
    expect(operator.find('[data-testid=role-edit]').exists()).toBe(false);

    expect(operator.find('[data-testid=role-permissions]').exists()).toBe(false);
    await operator.find('[data-testid=role-toggle]').trigger('click');
    const permissions = operator.find('[data-testid=role-permissions]');
    expect(permissions.text()).toContain('Диалоги');
    expect(permissions.text()).toContain('Ответы клиентам');

    const senior = rowOf(wrapper, SENIOR);
    expect(senior.find('[data-testid=role-name]').text()).toBe('Старший оператор');
    expect(senior.find('[data-testid=role-toggle]').text()).toBe('4 права');
    expect(senior.find('[data-testid=role-edit]').exists()).toBe(true);
  });

  it('offers the whole catalogue in the editor, with the permissions the user lacks locked', async () => {
    const api = rolesApi([]);
    const { wrapper } = await mountPage(RolesPage, { me: lead });
    expect(wrapper.find('[data-testid=custom-roles]').text()).toContain('Своих ролей пока нет');
    await wrapper.find('[data-testid=role-create]').trigger('click');
    const editor = wrapper.find('[data-testid=role-editor]');
    const box = (permission: string) => editor.find<HTMLInputElement>(`input[data-permission="${permission}"]`).element;

    expect(editor.findAll('input[data-permission]')).toHaveLength(CATALOGUE.length);
    for (const lacking of ['tenant.manage', 'tenant.delete', 'audit.read', 'conversations.read-all']) expect(box(lacking).disabled, lacking).toBe(true);
    for (const held of ['tenant.read', 'roles.manage', 'conversations.assign']) expect(box(held).disabled, held).toBe(false);
    expect(editor.find('[data-testid=permissions-locked-hint]').text()).toContain('их нет у вас самих');
    expect(editor.find('[data-testid=permission-area-conversations] legend').text()).toBe('Диалоги');

    // "All of it" ticks only what the user may give.
    await editor.find('[data-testid=permission-area-conversations] legend input').setValue(true);
    await editor.find('input[name=name]').setValue('Старший оператор');
    await editor.find('textarea[name=description]').setValue('Ведёт и назначает диалоги');
    await editor.find('[data-testid=role-form]').trigger('submit');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'Старший оператор',
      description: 'Ведёт и назначает диалоги',
      permissions: ['conversations.read', 'conversations.reply', 'conversations.assign'],
    });
    expect(wrapper.find('[data-testid=role-editor]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=roles-saved]').text()).toBe('Роль «Старший оператор» создана');
    expect(rowOf(wrapper, 'new-role').find('[data-testid=role-name]').text()).toBe('Старший оператор');
  });

  it('checks the form and shows a taken name under the field', async () => {
    rolesApi([]);
    const { wrapper } = await mountPage(RolesPage, { me: lead });
    await wrapper.find('[data-testid=role-create]').trigger('click');
    await wrapper.find('[data-testid=role-form]').trigger('submit');
    const editor = wrapper.find('[data-testid=role-editor]');
    expect(editor.text()).toContain('Название — от 2 до 60 символов');
    expect(editor.text()).toContain('Выберите хотя бы одно право');

    await editor.find('input[name=name]').setValue('Оператор 2');
    await editor.find('input[data-permission="tenant.read"]').setValue(true);
    await editor.find('[data-testid=role-form]').trigger('submit');
    await flushPromises();
    expect(editor.find('input[name=name]').attributes('aria-invalid')).toBe('true');
    expect(editor.text()).toContain('Роль с таким названием уже есть');
  });

  it('edits a custom role with its current permissions ticked', async () => {
    const api = rolesApi();
    const { wrapper } = await mountPage(RolesPage, { me: lead });
    await rowOf(wrapper, SENIOR).find('[data-testid=role-edit]').trigger('click');
    const editor = wrapper.find('[data-testid=role-editor]');
    expect(editor.find<HTMLInputElement>('input[name=name]').element.value).toBe('Старший оператор');
    expect(editor.find<HTMLInputElement>('input[data-permission="conversations.assign"]').element.checked).toBe(true);
    expect(editor.find('[data-testid=role-holders-notice]').text()).toContain('2 сотрудникам');
    await editor.find('input[data-permission="conversations.assign"]').setValue(false);
    await editor.find('[data-testid=role-form]').trigger('submit');
    await flushPromises();
    expect((api.calls.find((c) => c.method === 'PATCH')?.body as { permissions: string[] }).permissions).toEqual(OPERATOR);
    expect(wrapper.find('[data-testid=roles-saved]').text()).toBe('Роль «Старший оператор» сохранена');
  });

  it('deletes a role after confirmation, and explains why one still held cannot go', async () => {
    const api = rolesApi([
      { id: SENIOR, name: 'Старший оператор', description: '', builtIn: false, permissions: OPERATOR, members: 2 },
      { id: LAWYER, name: 'Юрист', description: '', builtIn: false, permissions: ['tenant.read'], members: 0 },
    ]);
    const { wrapper } = await mountPage(RolesPage, { me: lead });
    await rowOf(wrapper, SENIOR).find('[data-testid=role-delete]').trigger('click');
    const confirm = wrapper.find('[data-testid=confirm-dialog]');
    expect(confirm.text()).toContain('Удалить роль «Старший оператор»?');
    await confirm.find('[data-testid=confirm-action]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid=confirm-dialog]').text()).toContain('Роль назначена 2 сотрудникам. Сначала выдайте им другую роль');

    await wrapper.find('[data-testid=confirm-dialog] .btn-secondary').trigger('click');
    await rowOf(wrapper, LAWYER).find('[data-testid=role-delete]').trigger('click');
    await wrapper.find('[data-testid=confirm-action]').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual([`/api/v1/roles/${SENIOR}`, `/api/v1/roles/${LAWYER}`]);
    expect(wrapper.find('[data-testid=confirm-dialog]').exists()).toBe(false);
    expect(wrapper.find('[data-testid=roles-saved]').text()).toBe('Роль «Юрист» удалена');
  });

  it('locks a custom role that grants more than the user holds, and the whole page without roles.manage', async () => {
    rolesApi([{ id: SENIOR, name: 'Аудитор+', description: '', builtIn: false, permissions: ['audit.read'], members: 0 }]);
    const first = await mountPage(RolesPage, { me: lead });
    expect(rowOf(first.wrapper, SENIOR).find('[data-testid=role-locked]').text()).toBe('Только просмотр');
    expect(rowOf(first.wrapper, SENIOR).find('[data-testid=role-edit]').exists()).toBe(false);

    const reader = await mountPage(RolesPage, { me: meWith(['members.read']) });
    expect(reader.wrapper.find('[data-testid=roles-read-only]').exists()).toBe(true);
    expect(reader.wrapper.find('[data-testid=role-create]').exists()).toBe(false);
    expect(reader.wrapper.find('[data-testid=role-locked]').exists()).toBe(false);
  });
});
