import { Injectable, type OnModuleInit } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { EncryptedColumnRegistry, EnvelopeCipher } from '@perepiska/platform';
import { type ConnectionHandle } from '../connectors/channel-connector';
import { type ConnectionRow } from '../persistence/connections.repository';

export const CREDENTIALS_CONTEXT = 'connections.credentials';

/**
 * Seals and opens a connection's credentials (ARCHITECTURE.md rule 5); nothing else sees them.
 * The column is declared to the key rotation, which re-wraps it under a new master key.
 */
@Injectable()
export class ConnectionHandles implements OnModuleInit {
  constructor(
    private readonly cipher: EnvelopeCipher,
    private readonly encrypted: EncryptedColumnRegistry,
  ) {}

  onModuleInit(): void {
    this.encrypted.register({ table: 'connections', primaryKey: 'id', column: 'credentials' });
  }

  seal(credentials: Record<string, unknown>): string {
    return this.cipher.encrypt(JSON.stringify(credentials), CREDENTIALS_CONTEXT);
  }

  /**
   * The keys a person's messenger account is known by among connections (`account_key`), so
   * that it is connected once: an HMAC of the messenger's id of the account under a key derived
   * from each configured master key, the current one first. Not the id itself, which points to
   * a person; a connection sealed under a retired master key is still found by its key.
   */
  accountKeys(accountId: string): string[] {
    return this.cipher.deriveKeys('connection-account').map(({ key }) => createHmac('sha256', key).update(accountId).digest('base64url'));
  }

  open(row: ConnectionRow): ConnectionHandle {
    return { id: row.id, tenantId: row.tenantId, type: row.type, credentials: row.credentials ? this.unseal(row.credentials) : null, webhookUrl: row.webhookUrl };
  }

  unseal(sealed: string): Record<string, unknown> {
    return JSON.parse(this.cipher.decrypt(sealed, CREDENTIALS_CONTEXT)) as Record<string, unknown>;
  }
}
