import { Inject, Injectable, Logger } from '@nestjs/common';
import { Mailer } from '@perepiska/platform';
import { type ConnectionState } from '../domain/channel-types';
import { ATTENTION_PERMISSION, ATTENTION_ROLES, attentionMail, mailedStateOf } from '../domain/connection-attention';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { type ConnectionRow } from '../persistence/connections.repository';
import { TenantMembershipsRepository } from '../persistence/tenant-memberships.repository';

/**
 * Tells the people who manage a business's connections, by e-mail, that one has stopped working
 * and needs them (MSG-10): a new sign-in, or a look at an account the messenger blocked.
 */
@Injectable()
export class ConnectionAttentionService {
  private readonly logger = new Logger(ConnectionAttentionService.name);

  constructor(
    private readonly memberships: TenantMembershipsRepository,
    private readonly mailer: Mailer,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  /**
   * Called once the new state is committed. Best effort: the state and the app's banner are
   * the truth, so a mail server that is down costs the letter and nothing else.
   */
  async stateChanged(connection: Pick<ConnectionRow, 'id' | 'tenantId' | 'type' | 'displayName'>, previous: ConnectionState | null, next: ConnectionState): Promise<void> {
    const state = mailedStateOf(previous, next);
    if (!state) return;
    try {
      const recipients = await this.memberships.withRoleOrPermission(connection.tenantId, ATTENTION_ROLES, ATTENTION_PERMISSION);
      if (!recipients.length) return;
      const mail = attentionMail({ tenantName: recipients[0].tenantName, connection, state, link: `${this.options.publicUrl}/connections/${connection.id}` });
      const failed = recipients.length - (await this.mailer.sendEach(recipients.map((r) => r.email), mail));
      // The recipients' addresses are personal data: only the connection and the counts are logged.
      if (failed) this.logger.warn(`Connection ${connection.id} is ${state}: ${failed} of ${recipients.length} e-mails were not sent`);
    } catch (error) {
      this.logger.warn(`Connection ${connection.id} is ${state}: the e-mails were not sent (${(error as Error).name})`);
    }
  }
}
