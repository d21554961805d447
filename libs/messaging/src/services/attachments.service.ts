import { Inject, Injectable } from '@nestjs/common';
import { InvalidInputError, NotFoundError, ObjectStorage, type Principal, attachmentKindOf, detectContentType } from '@perepiska/platform';
import { createHash, randomUUID } from 'node:crypto';
import { conversationScope } from '../domain/conversation-scope';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { type AttachmentRow, AttachmentsRepository } from '../persistence/attachments.repository';
import { ConversationsRepository } from '../persistence/conversations.repository';

export interface UploadedAttachment {
  id: string;
  kind: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
}

/**
 * Files of a conversation: uploaded before they are sent, typed by their bytes (a name says
 * nothing), served only to those who may read the conversation.
 */
@Injectable()
export class AttachmentsService {
  constructor(
    private readonly attachments: AttachmentsRepository,
    private readonly conversations: ConversationsRepository,
    private readonly storage: ObjectStorage,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  /** The file is read only once the conversation is known to be the caller's. */
  async upload(principal: Principal, conversationId: string, read: () => Promise<{ fileName: string; content: Buffer }>): Promise<UploadedAttachment> {
    const conversation = await this.conversations.get(principal.tenantId, conversationScope(principal), conversationId);
    if (!conversation) throw new NotFoundError('Conversation not found');
    const file = await read();
    if (file.content.length === 0) throw new InvalidInputError('Validation failed: file', [{ field: 'file', messages: ['is empty'] }]);
    if (file.content.length > this.options.maxAttachmentBytes) {
      throw new InvalidInputError('Validation failed: file', [{ field: 'file', messages: [`must be at most ${this.options.maxAttachmentBytes} bytes`] }]);
    }
    const mimeType = detectContentType(file.content.subarray(0, 4100), file.fileName);
    const kind = attachmentKindOf(mimeType);
    const storageKey = `${principal.tenantId}/attachments/${randomUUID()}`;
    await this.storage.put(storageKey, file.content, { contentType: mimeType });
    const fileName = file.fileName.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 255) || 'file';
    const id = await this.attachments.insert({
      tenantId: principal.tenantId,
      conversationId,
      kind,
      fileName,
      mimeType,
      sizeBytes: file.content.length,
      storageKey,
      sha256: createHash('sha256').update(file.content).digest('hex'),
      uploadedBy: principal.userId ?? null,
    });
    return { id, kind, fileName, mimeType, sizeBytes: file.content.length };
  }

  async download(principal: Principal, id: string): Promise<{ file: AttachmentRow; body: Buffer }> {
    const file = await this.attachments.find(id);
    const visible = file && file.tenantId === principal.tenantId && (await this.conversations.get(principal.tenantId, conversationScope(principal), file.conversationId));
    if (!file || !visible) throw new NotFoundError('Attachment not found');
    const stored = await this.storage.get(file.storageKey);
    if (!stored) throw new NotFoundError('Attachment not found');
    return { file, body: stored.body };
  }
}
