import { Injectable } from '@nestjs/common';
import { ConversationsRepository } from '../persistence/conversations.repository';
import { MessagesRepository } from '../persistence/messages.repository';
import { RealtimePublisher } from '../realtime/realtime.publisher';

/**
 * Tells the inbox what changed after a commit (ARCHITECTURE.md "Inbound"): each message and its
 * conversation go only to the rooms of employees allowed to see that conversation.
 */
@Injectable()
export class RealtimeNotifier {
  constructor(
    private readonly publisher: RealtimePublisher,
    private readonly messages: MessagesRepository,
    private readonly conversations: ConversationsRepository,
  ) {}

  async messagesChanged(messageIds: string[]): Promise<void> {
    if (!messageIds.length) return;
    const views = await this.messages.views(messageIds);
    const conversationIds = [...new Set(views.map((m) => m.conversationId))];
    const audiences = new Map((await this.conversations.audiences(conversationIds)).map((a) => [a.id, a]));
    for (const message of views) {
      const audience = audiences.get(message.conversationId);
      if (audience) this.publisher.toConversation(audience, message.direction === 'in' || message.status === 'queued' ? 'message.created' : 'message.status', { message });
    }
    await this.conversationsChanged(conversationIds);
  }

  async conversationsChanged(conversationIds: string[]): Promise<void> {
    if (!conversationIds.length) return;
    const audiences = new Map((await this.conversations.audiences(conversationIds)).map((a) => [a.id, a]));
    for (const conversation of await this.conversations.summaries(conversationIds)) {
      const audience = audiences.get(conversation.id);
      if (audience) this.publisher.toConversation(audience, 'conversation.updated', { conversation });
    }
  }
}
