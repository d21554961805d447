import { scopeClause } from './scope-clause';

describe('the conversation scope in SQL', () => {
  const tenant = '00000000-0000-4000-8000-00000000000a';

  it('confines the whole business\'s scope to the tenant', () => {
    const params: unknown[] = ['first'];
    expect(scopeClause('c', tenant, { kind: 'all' }, params)).toBe('c.tenant_id = $2');
    expect(params).toEqual(['first', tenant]);
  });

  it('confines a member to the tenant and to their connections, teams and assignments', () => {
    const params: unknown[] = [];
    const sql = scopeClause('n', tenant, { kind: 'member', membershipId: 'm-1' }, params);
    expect(sql).toMatch(/^n\.tenant_id = \$1 AND \(n\.assignee_membership_id = \$2/);
    expect(sql).toContain('n.connection_id IN (SELECT connection_id FROM connection_members WHERE membership_id = $2)');
    expect(params).toEqual([tenant, 'm-1']);
  });

  it('sees nothing without conversations, and adds no parameter the text would not use', () => {
    const params: unknown[] = [];
    expect(scopeClause('c', tenant, { kind: 'none' }, params)).toBe('false');
    expect(params).toEqual([]);
  });
});
