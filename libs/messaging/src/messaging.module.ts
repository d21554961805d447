import { type DynamicModule, Module } from '@nestjs/common';
import { ApiChannelConnector } from './connectors/api-channel.connector';
import { type ChannelConnector } from './connectors/channel-connector';
import { ConnectorRegistry } from './connectors/connector-registry';
import { MemoryConnector } from './connectors/memory.connector';
import { ApiChannelController } from './http/api-channel.controller';
import { AttachmentsController } from './http/attachments.controller';
import { ConnectionsController } from './http/connections.controller';
import { ContactsController } from './http/contacts.controller';
import { ConversationsController } from './http/conversations.controller';
import { MessagingSettingsController } from './http/messaging-settings.controller';
import { TeamsController } from './http/teams.controller';
import { MessagingProcessors } from './jobs/messaging.processors';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options';
import { AttachmentsRepository } from './persistence/attachments.repository';
import { ConnectionsRepository } from './persistence/connections.repository';
import { ContactsRepository } from './persistence/contacts.repository';
import { ConversationsRepository } from './persistence/conversations.repository';
import { InboundEventsRepository } from './persistence/inbound-events.repository';
import { InboundIngestRepository } from './persistence/inbound-ingest.repository';
import { MessagesRepository } from './persistence/messages.repository';
import { MessagingSettingsRepository } from './persistence/messaging-settings.repository';
import { TeamsRepository } from './persistence/teams.repository';
import { TenantMembershipsRepository } from './persistence/tenant-memberships.repository';
import { WebhookDeliveriesRepository } from './persistence/webhook-deliveries.repository';
import { RealtimeModule } from './realtime/realtime.module';
import { ApiChannelService } from './services/api-channel.service';
import { AttachmentsService } from './services/attachments.service';
import { ConnectionHandles } from './services/connection-handles';
import { ConnectionHealthService } from './services/connection-health.service';
import { ConnectionSupervisor } from './services/connection-supervisor.service';
import { ConnectionsService } from './services/connections.service';
import { ContactsService } from './services/contacts.service';
import { ConversationsService } from './services/conversations.service';
import { InboundProcessor } from './services/inbound-processor.service';
import { InboundService } from './services/inbound.service';
import { MessagingDataSource } from './services/messaging-data.source';
import { MessagingSettingsService } from './services/messaging-settings.service';
import { OutboundService } from './services/outbound.service';
import { RealtimeNotifier } from './services/realtime-notifier.service';
import { TeamsService } from './services/teams.service';

/**
 * Channel connectors, contacts, conversations, messages and their statuses, the inbound
 * pipeline, the outbound guard and realtime events (PRODUCT.md MSG-4..10). Imports only
 * @perepiska/platform; apps/api wires it into the product.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      imports: [RealtimeModule.forRoot(options)],
      controllers: [ConversationsController, AttachmentsController, ContactsController, ConnectionsController, ApiChannelController, TeamsController, MessagingSettingsController],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        ApiChannelConnector,
        ...(options.memoryConnector ? [MemoryConnector] : []),
        {
          provide: ConnectorRegistry,
          inject: options.memoryConnector ? [ApiChannelConnector, MemoryConnector] : [ApiChannelConnector],
          useFactory: (...connectors: ChannelConnector[]) => new ConnectorRegistry(connectors),
        },
        AttachmentsRepository,
        ConnectionsRepository,
        ContactsRepository,
        ConversationsRepository,
        InboundEventsRepository,
        InboundIngestRepository,
        MessagesRepository,
        MessagingSettingsRepository,
        TeamsRepository,
        TenantMembershipsRepository,
        WebhookDeliveriesRepository,
        ApiChannelService,
        AttachmentsService,
        ConnectionHandles,
        ConnectionHealthService,
        ConnectionSupervisor,
        ConnectionsService,
        ContactsService,
        ConversationsService,
        InboundProcessor,
        InboundService,
        MessagingDataSource,
        MessagingSettingsService,
        OutboundService,
        RealtimeNotifier,
        TeamsService,
        MessagingProcessors,
      ],
      exports: [RealtimeModule, ConnectionsService, InboundProcessor, OutboundService, InboundService, ConnectorRegistry],
    };
  }
}
