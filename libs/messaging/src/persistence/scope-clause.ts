import { type ConversationScope } from '../domain/conversation-scope';

/**
 * The SQL condition for a scope over a conversations alias, appended to `params`. Always
 * confined to the tenant (ARCHITECTURE.md rule 4): another tenant's conversation is not found.
 */
export function scopeClause(alias: string, tenantId: string, scope: ConversationScope, params: unknown[]): string {
  // Postgres refuses a parameter the text does not use: "none" takes none.
  if (scope.kind === 'none') return 'false';
  params.push(tenantId);
  const tenant = `${alias}.tenant_id = $${params.length}`;
  switch (scope.kind) {
    case 'all':
      return tenant;
    case 'member': {
      params.push(scope.membershipId);
      const m = `$${params.length}`;
      return `${tenant} AND (${alias}.assignee_membership_id = ${m}
        OR ${alias}.connection_id IN (SELECT connection_id FROM connection_members WHERE membership_id = ${m})
        OR ${alias}.team_id IN (SELECT team_id FROM team_members WHERE membership_id = ${m}))`;
    }
  }
}
