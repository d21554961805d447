import { Injectable, Logger } from '@nestjs/common';
import { type ConversationAudienceRow, ConversationsRepository } from '../persistence/conversations.repository';
import { type MessageView, MessagesRepository } from '../persistence/messages.repository';
import { RealtimePublisher } from '../realtime/realtime.publisher';

/**
 * Tells the inbox what changed after a commit (ARCHITECTURE.md "Inbound"): each message and its
 * conversation go only to the rooms of employees allowed to see that conversation. While no
 * employee of the business has the inbox open, nothing is read or published.
 */
@Injectable()
export class RealtimeNotifier {
  private readonly logger = new Logger(RealtimeNotifier.name);

  constructor(
    private readonly publisher: RealtimePublisher,
    private readonly messages: MessagesRepository,
    private readonly conversations: ConversationsRepository,
  ) {}

  /** Never throws: realtime is best effort (Postgres holds the truth), so a failure is logged. */
  async messagesChanged(tenantId: string, messageIds: string[]): Promise<void> {
    if (!messageIds.length) return;
    await this.quietly(tenantId, async () => this.publishMessages(await this.messages.views(messageIds)));
  }

  /** The same, for messages the caller has already read. */
  async messageViewsChanged(tenantId: string, views: MessageView[]): Promise<void> {
    await this.quietly(tenantId, () => this.publishMessages(views));
  }

  async conversationsChanged(tenantId: string, conversationIds: string[]): Promise<void> {
    if (!conversationIds.length) return;
    await this.quietly(tenantId, async () => this.publishConversations(conversationIds, await this.audiences(conversationIds)));
  }

  private async publishMessages(views: MessageView[]): Promise<void> {
    const conversationIds = [...new Set(views.map((m) => m.conversationId))];
    const audiences = await this.audiences(conversationIds);
    for (const message of views) {
      const audience = audiences.get(message.conversationId);
      if (audience) this.publisher.toConversation(audience, message.direction === 'in' || message.status === 'queued' ? 'message.created' : 'message.status', { message });
    }
    await this.publishConversations(conversationIds, audiences);
  }

  private async publishConversations(conversationIds: string[], audiences: Map<string, ConversationAudienceRow>): Promise<void> {
    for (const conversation of await this.conversations.summaries(conversationIds)) {
      const audience = audiences.get(conversation.id);
      if (audience) this.publisher.toConversation(audience, 'conversation.updated', { conversation });
    }
  }

  private async audiences(conversationIds: string[]): Promise<Map<string, ConversationAudienceRow>> {
    return new Map((await this.conversations.audiences(conversationIds)).map((a) => [a.id, a]));
  }

  private async quietly(tenantId: string, work: () => Promise<void>): Promise<void> {
    const publish = async () => {
      if (await this.publisher.listening(tenantId)) await work();
    };
    await publish().catch((error: Error) => this.logger.warn(`Realtime notification failed: ${error.message}`));
  }
}
