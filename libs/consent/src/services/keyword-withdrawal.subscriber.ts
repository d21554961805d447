import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ContactOptedOut, DomainEvents } from '@perepiska/platform';
import { DataSource } from 'typeorm';
import { type ConsentPurpose } from '../domain/consent-purposes';
import { SubjectConsentsRepository } from '../persistence/subject-consents.repository';

/** "Стоп" ends advertising and distribution; processing for the conversation itself goes on. */
const WITHDRAWN_BY_KEYWORD: ConsentPurpose[] = ['advertising', 'distribution'];

/**
 * A client's opt-out keyword in a chat is a withdrawal (38-FZ art. 18 part 1; 152-FZ art. 9
 * part 2, art. 10.1 part 12): recorded with source 'chat-keyword' once per event, however often
 * the outbox delivers it.
 */
@Injectable()
export class KeywordWithdrawalSubscriber implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: DomainEvents,
    private readonly consents: SubjectConsentsRepository,
  ) {}

  onModuleInit(): void {
    this.events.subscribe(ContactOptedOut, 'consent.keyword-withdrawal', async (payload, { eventId }) => {
      await this.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`consent-keyword:${eventId}`]);
        if (await this.consents.recordedForEvent(manager, payload.tenantId, eventId)) return;
        for (const purpose of WITHDRAWN_BY_KEYWORD) {
          await this.consents.insert(manager, {
            tenantId: payload.tenantId,
            contactId: payload.contactId,
            purpose,
            action: 'withdrawn',
            source: 'chat-keyword',
            documentVersionId: null,
            versionSha256: null,
            channel: payload.channel,
            proof: { eventId, keyword: payload.keyword, conversationId: payload.conversationId, connectionId: payload.connectionId },
            proofStorageKey: null,
            recordedBy: null,
            ipAnonymised: null,
            userAgent: null,
            at: new Date(payload.at),
          });
        }
      });
    });
  }
}
