/**
 * How a client is found, the same in the inbox and in the client base: by name, phone or e-mail
 * (any part, any case), by messenger username (any part) or by the messenger's own id (exactly).
 * Uncorrelated sub-selects over `column` (a contact id): Postgres hashes each once instead of
 * re-running it per row. Always confined to the tenant.
 */
export function contactSearchClause(column: string, tenantId: string, search: string, params: unknown[]): string {
  params.push(tenantId, likePattern(search), search);
  const [tenant, like, exact] = [params.length - 2, params.length - 1, params.length].map((n) => `$${n}`);
  return `(${column} IN (SELECT id FROM contacts WHERE tenant_id = ${tenant} AND (display_name ILIKE ${like} OR phone ILIKE ${like} OR email ILIKE ${like}))
    OR ${column} IN (SELECT contact_id FROM contact_identities WHERE tenant_id = ${tenant} AND (username ILIKE ${like} OR external_id = ${exact})))`;
}

/**
 * Leaves out clients whose processing is blocked on their request (152-FZ art. 21; issue 8):
 * until they are unblocked no search finds them and no list or export shows them.
 */
export function notBlockedClause(column: string, tenantId: string, params: unknown[]): string {
  params.push(tenantId);
  return `${column} NOT IN (SELECT id FROM contacts WHERE tenant_id = $${params.length} AND blocked_reason IS NOT NULL)`;
}

/** `%text%` for ILIKE, the pattern characters of the text taken literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}
