import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ForbiddenError, InvalidInputError, NotFoundError, type Principal, QueuePort } from '@perepiska/platform';
import { DataSource } from 'typeorm';
import { conversationScope } from '../domain/conversation-scope';
import { decodeCursor, keysetPage } from '../domain/keyset-cursor';
import { MARK_READ_QUEUE } from '../jobs/messaging.queues';
import { ClientRouter } from './client-router';
import { ConnectionsRepository } from '../persistence/connections.repository';
import { type ConversationFilter, type ConversationStatus, type ConversationSummary, ConversationsRepository } from '../persistence/conversations.repository';
import { type MessageView, MessagesRepository } from '../persistence/messages.repository';
import { TenantMembershipsRepository } from '../persistence/tenant-memberships.repository';
import { ConnectorRegistry } from '../connectors/connector-registry';
import { ConnectionHandles } from './connection-handles';
import { RealtimeNotifier } from './realtime-notifier.service';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ConversationChange {
  status?: ConversationStatus;
  assigneeMembershipId?: string | null;
  teamId?: string | null;
}

@Injectable()
export class ConversationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly conversations: ConversationsRepository,
    private readonly memberships: TenantMembershipsRepository,
    private readonly messages: MessagesRepository,
    private readonly connections: ConnectionsRepository,
    private readonly registry: ConnectorRegistry,
    private readonly handles: ConnectionHandles,
    private readonly notifier: RealtimeNotifier,
    private readonly queue: QueuePort,
    private readonly router: ClientRouter,
  ) {}

  async list(
    principal: Principal,
    query: Omit<ConversationFilter, 'after' | 'limit'> & { cursor?: string; limit?: number },
  ): Promise<Page<ConversationSummary> & { unread: { conversations: number; messages: number } | null }> {
    const scope = conversationScope(principal);
    const limit = query.limit ?? 50;
    const assignee = query.assignee === 'me' ? (principal.membershipId ?? '00000000-0000-0000-0000-000000000000') : query.assignee;
    const rows = await this.conversations.list(principal.tenantId, scope, { ...query, assignee, after: decodeCursor(query.cursor), limit });
    return {
      ...keysetPage(rows, limit),
      // The totals head the first page; later pages of the same list do not need them again.
      unread: query.cursor ? null : await this.conversations.unreadTotals(principal.tenantId, scope),
    };
  }

  async get(principal: Principal, id: string): Promise<ConversationSummary> {
    const conversation = await this.conversations.get(principal.tenantId, conversationScope(principal), id);
    if (!conversation) throw new NotFoundError('Conversation not found');
    return conversation;
  }

  async history(principal: Principal, id: string, cursor: string | undefined, limit = 50): Promise<Page<MessageView>> {
    await this.get(principal, id);
    return keysetPage(await this.messages.history(id, decodeCursor(cursor), limit), limit);
  }

  async change(principal: Principal, id: string, change: ConversationChange): Promise<ConversationSummary> {
    await this.get(principal, id);
    if ((change.assigneeMembershipId !== undefined || change.teamId !== undefined) && !principal.permissions.has('conversations.assign')) {
      throw new ForbiddenError('Missing permission: conversations.assign');
    }
    if (change.assigneeMembershipId && !(await this.memberships.isActive(principal.tenantId, change.assigneeMembershipId))) {
      throw new InvalidInputError('Validation failed: assigneeMembershipId', [{ field: 'assigneeMembershipId', messages: ['is not an active employee of this business'] }]);
    }
    if (change.teamId && !(await this.conversations.teamInTenant(principal.tenantId, change.teamId))) {
      throw new InvalidInputError('Validation failed: teamId', [{ field: 'teamId', messages: ['is not a team of this business'] }]);
    }
    await this.conversations.update(this.dataSource.manager, id, change);
    await this.notifier.conversationsChanged(principal.tenantId, [id]);
    // The caller may have just given the conversation away: what they see now is by the new scope.
    return (await this.conversations.summaries([id]))[0];
  }

  /** The operator read the conversation: the counter clears and the messenger shows it read. */
  async markRead(principal: Principal, id: string): Promise<void> {
    await this.get(principal, id);
    await this.conversations.markRead(id);
    await this.queue.enqueue(MARK_READ_QUEUE, { conversationId: id }, { jobId: `read:${id}:${Math.floor(Date.now() / 5000)}` });
    await this.notifier.conversationsChanged(principal.tenantId, [id]);
  }

  /** The job behind markRead: tells the messenger, where it can be told. */
  async tellMessengerRead(conversationId: string, attempt = 1, hops = 0): Promise<void> {
    const [audience] = await this.conversations.audiences([conversationId]);
    if (!audience) return;
    const connection = await this.connections.find(audience.connectionId);
    const upTo = await this.messages.lastIncomingExternalId(conversationId);
    const chatId = await this.conversations.externalChatId(conversationId);
    if (!connection || connection.state !== 'active' || !upTo || !chatId || !this.registry.has(connection.type)) return;
    if (!(await this.router.runsHere(connection, { work: 'mark-read', id: conversationId, attempt, hops }))) return;
    await this.registry.get(connection.type).markRead(this.handles.open(connection), chatId, upTo);
  }
}
