import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  EncryptedColumnRegistry,
  type KnownChannel,
  type KnownContactProvider,
  KnownContactRegistry,
  type Principal,
  RefusedError,
  type ServiceText,
  type SubjectLocator,
} from '@perepiska/platform';
import { DataSource } from 'typeorm';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { type ChannelType, isChannelType } from '../domain/channel-types';
import { knownChannelLabel } from '../domain/known-channel';
import { subjectContactIds } from '../persistence/subject-contacts';
import { OutboundService } from './outbound.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEEPS_COPIES = { reason: 'channel-keeps-copies', message: 'This channel keeps a copy of every message it sends: a one-time code cannot go there' };

interface SubjectConversation {
  id: string;
  type: string;
  connectionName: string;
  phone: string | null;
  username: string | null;
}

/**
 * A client's known channels (issue 8): the private conversations the business already holds
 * with the data subject, found like every other subject-request lookup, within the tenant. A
 * service text goes into one of them through the outbound pipeline, its guard included: a
 * blocked or opted-out client, a connection that is down or a module that is off refuses it.
 */
@Injectable()
export class MessagingKnownContacts implements KnownContactProvider, OnModuleInit {
  readonly name = 'messaging';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: KnownContactRegistry,
    private readonly encrypted: EncryptedColumnRegistry,
    private readonly outbound: OutboundService,
    private readonly connectors: ConnectorRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
    this.encrypted.register({ table: 'messages', primaryKey: 'id', column: 'sealed_text' });
  }

  async channels(subject: SubjectLocator): Promise<KnownChannel[]> {
    const channels: KnownChannel[] = [];
    for (const conversation of await this.conversations(subject)) {
      channels.push({
        id: conversation.id,
        label: this.labelOf(conversation),
        unavailable: this.keepsCopies(conversation.type) ? KEEPS_COPIES : await this.outbound.serviceRefusal(subject.tenantId, conversation.id),
      });
    }
    return channels;
  }

  async send(subject: SubjectLocator, conversationId: string, text: ServiceText, sender: Principal): Promise<{ label: string } | null> {
    if (sender.tenantId !== subject.tenantId || !UUID.test(conversationId)) return null;
    const conversation = (await this.conversations(subject)).find((c) => c.id === conversationId);
    if (!conversation) return null;
    if (this.keepsCopies(conversation.type)) throw new RefusedError(KEEPS_COPIES.message, { reason: KEEPS_COPIES.reason });
    await this.outbound.sendServiceText(sender, conversation.id, text);
    return { label: this.labelOf(conversation) };
  }

  /** The subject's private chats, the most recent first: the business never writes to groups. */
  private async conversations(subject: SubjectLocator): Promise<SubjectConversation[]> {
    const contactIds = await subjectContactIds(this.dataSource.manager, subject);
    if (!contactIds.length) return [];
    return this.dataSource.query<SubjectConversation[]>(
      `SELECT c.id, cn.type, cn.display_name AS "connectionName", ct.phone,
              (SELECT i.username FROM contact_identities i WHERE i.contact_id = ct.id AND i.username IS NOT NULL ORDER BY i.created_at LIMIT 1) AS username
         FROM conversations c JOIN connections cn ON cn.id = c.connection_id JOIN contacts ct ON ct.id = c.contact_id
        WHERE c.tenant_id = $1 AND c.contact_id = ANY($2::uuid[]) AND c.chat_kind = 'private'
        ORDER BY c.last_message_at DESC, c.id LIMIT 50`,
      [subject.tenantId, contactIds],
    );
  }

  private labelOf(conversation: SubjectConversation): string {
    const type: ChannelType = isChannelType(conversation.type) ? conversation.type : 'api';
    return knownChannelLabel({ type, connectionName: conversation.connectionName, phone: conversation.phone, username: conversation.username });
  }

  private keepsCopies(type: string): boolean {
    return isChannelType(type) && this.connectors.has(type) && this.connectors.get(type).keepsSentCopies;
  }
}
