import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Permission, type Principal, isPermission } from '@perepiska/platform';
import { DataSource } from 'typeorm';
import { BUILT_IN_ROLE_PERMISSIONS, isBuiltInRole } from '../domain/built-in-roles';
import { AccessTokenSigner } from './access-token.signer';
import { type RequestMeta } from './audit.service';
import { sha256 } from './secrets';

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Turns a credential into a principal, checking on every request that the session, the
 * membership, the token and the tenant are still live: a deactivated employee or a revoked
 * token is refused on the very next request, whatever the access token's expiry.
 */
@Injectable()
export class PrincipalResolver {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly signer: AccessTokenSigner,
  ) {}

  async fromAccessToken(token: string, meta: RequestMeta): Promise<Principal | null> {
    const claims = this.signer.verify(token);
    if (!claims) return null;
    const rows: Array<{ membership_id: string; builtin_role: string | null; custom_permissions: string[] | null; setup_required: boolean }> = await this.dataSource.query(
      `SELECT m.id AS membership_id, m.builtin_role, r.permissions AS custom_permissions, (t.require_two_factor AND NOT u.totp_enabled) AS setup_required
         FROM sessions s
         JOIN memberships m ON m.user_id = s.user_id AND m.tenant_id = s.tenant_id AND m.status = 'active'
         JOIN tenants t ON t.id = s.tenant_id AND t.status = 'active'
         JOIN users u ON u.id = s.user_id
         LEFT JOIN roles r ON r.id = m.custom_role_id
        WHERE s.id = $1 AND s.user_id = $2 AND s.tenant_id = $3 AND s.revoked_at IS NULL AND s.expires_at > now()`,
      [claims.sid, claims.sub, claims.tid],
    );
    const row = rows[0];
    if (!row) return null;
    const granted = row.builtin_role && isBuiltInRole(row.builtin_role) ? BUILT_IN_ROLE_PERMISSIONS[row.builtin_role] : (row.custom_permissions ?? []);
    return {
      kind: 'user',
      tenantId: claims.tid,
      userId: claims.sub,
      sessionId: claims.sid,
      membershipId: row.membership_id,
      permissions: toPermissionSet(granted),
      twoFactorSetupRequired: row.setup_required,
      ...meta,
    };
  }

  async fromApiToken(token: string, meta: RequestMeta): Promise<Principal | null> {
    const rows: Array<{ id: string; tenant_id: string; permissions: string[]; last_used_at: Date | null }> = await this.dataSource.query(
      `SELECT a.id, a.tenant_id, a.permissions, a.last_used_at
         FROM api_tokens a JOIN tenants t ON t.id = a.tenant_id AND t.status = 'active'
        WHERE a.token_hash = $1 AND a.revoked_at IS NULL AND a.expires_at > now()`,
      [sha256(token)],
    );
    const row = rows[0];
    if (!row) return null;
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.dataSource.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [row.id]);
    }
    return { kind: 'api-token', tenantId: row.tenant_id, tokenId: row.id, permissions: toPermissionSet(row.permissions), ...meta };
  }
}

function toPermissionSet(values: readonly string[]): ReadonlySet<Permission> {
  return new Set(values.filter(isPermission));
}
