import { describe, expect, it } from 'vitest';
import { createAppI18n } from '@/i18n';
import { BUILT_IN_ROLES, roleDescription, roleLabel } from './role-label';

describe('role labels', () => {
  it('names every built-in role in Russian and keeps a custom role’s own name', () => {
    const { global } = createAppI18n('ru');
    const t = (key: string) => global.t(key);
    expect(BUILT_IN_ROLES.map((role) => roleLabel(role, t))).toEqual(['Владелец', 'Администратор', 'Оператор', 'Ответственный за ПДн', 'Бухгалтер', 'Аудитор']);
    expect(roleLabel('Старший оператор', t)).toBe('Старший оператор');
  });

  it('describes a built-in role in words and a custom role by its own description', () => {
    const { global } = createAppI18n('ru');
    const t = (key: string) => global.t(key);
    expect(roleDescription({ id: 'accountant', description: '' }, t)).toBe('Оплата и счета компании.');
    expect(roleDescription({ id: 'c1a55e00-0000-4000-8000-000000000001', description: 'Ведёт диалоги' }, t)).toBe('Ведёт диалоги');
    expect(roleDescription({ id: 'c1a55e00-0000-4000-8000-000000000001', description: '' }, t)).toBe('');
  });
});
