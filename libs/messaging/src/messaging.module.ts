import { type DynamicModule, Module } from '@nestjs/common';
import { ApiChannelConnector } from './connectors/api-channel.connector';
import { type ChannelConnector } from './connectors/channel-connector';
import { ClientLeases } from './connectors/client-leases';
import { ConnectorRegistry } from './connectors/connector-registry';
import { EXTRA_CHANNEL_CONNECTORS } from './connectors/extra-connectors';
import { MemoryConnector } from './connectors/memory.connector';
import { TelegramBotApiClient } from './connectors/telegram-bot/telegram-bot-api.client';
import { TelegramBotConnector } from './connectors/telegram-bot/telegram-bot.connector';
import { ApiChannelController } from './http/api-channel.controller';
import { AttachmentsController } from './http/attachments.controller';
import { ConnectionsController } from './http/connections.controller';
import { ContactsController } from './http/contacts.controller';
import { ConversationsController } from './http/conversations.controller';
import { MessagingSettingsController } from './http/messaging-settings.controller';
import { TeamsController } from './http/teams.controller';
import { TelegramBotWebhookController } from './http/telegram-bot-webhook.controller';
import { MessagingProcessors } from './jobs/messaging.processors';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options';
import { AttachmentsRepository } from './persistence/attachments.repository';
import { ConnectionLeasesRepository } from './persistence/connection-leases.repository';
import { ConnectionsRepository } from './persistence/connections.repository';
import { ContactsRepository } from './persistence/contacts.repository';
import { ConversationsRepository } from './persistence/conversations.repository';
import { InboundEventsRepository } from './persistence/inbound-events.repository';
import { InboundIngestRepository } from './persistence/inbound-ingest.repository';
import { MessagesRepository } from './persistence/messages.repository';
import { MessagingSettingsRepository } from './persistence/messaging-settings.repository';
import { MessagingPersonalColumns } from './persistence/personal-columns';
import { TeamsRepository } from './persistence/teams.repository';
import { TenantMembershipsRepository } from './persistence/tenant-memberships.repository';
import { WebhookDeliveriesRepository } from './persistence/webhook-deliveries.repository';
import { RealtimeModule } from './realtime/realtime.module';
import { ApiChannelService } from './services/api-channel.service';
import { AttachmentsService } from './services/attachments.service';
import { ConnectionAttentionService } from './services/connection-attention.service';
import { ConnectionAccountKeys } from './services/connection-account-keys';
import { ConnectionHandles } from './services/connection-handles';
import { ConnectionHealthService } from './services/connection-health.service';
import { ConnectionSupervisor } from './services/connection-supervisor.service';
import { ClientRouter } from './services/client-router';
import { MessengerModuleAccess } from './services/messenger-module-access';
import { ConnectionsService } from './services/connections.service';
import { ContactsService } from './services/contacts.service';
import { ConversationsService } from './services/conversations.service';
import { InboundProcessor } from './services/inbound-processor.service';
import { InboundService } from './services/inbound.service';
import { LeaseFence } from './services/lease-fence';
import { MessagingDataSource } from './services/messaging-data.source';
import { MessagingKnownContacts } from './services/messaging-known-contacts';
import { MessageMetadataRetentionTarget } from './services/message-metadata-retention.target';
import { MessageRetentionTarget } from './services/message-retention.target';
import { MessagingSettingsService } from './services/messaging-settings.service';
import { OutboundService } from './services/outbound.service';
import { RealtimeNotifier } from './services/realtime-notifier.service';
import { TeamsService } from './services/teams.service';
import { TelegramBotChannelService } from './services/telegram-bot-channel.service';
import { TelegramBotWebhookService } from './services/telegram-bot-webhook.service';
import { TELEGRAM_WIRE, TelegramClients } from './telegram/gramjs/telegram-clients';
import { TelegramLoginsController } from './telegram/http/telegram-logins.controller';
import { TelegramPeersRepository } from './telegram/persistence/telegram-peers.repository';
import { TelegramSyncStateRepository } from './telegram/persistence/telegram-sync-state.repository';
import { TelegramLoginService } from './telegram/telegram-login.service';
import { TelegramConnector } from './telegram/telegram.connector';
import { HttpTlWire } from './telegram/transport/http-tl-wire';

/**
 * Channel connectors, contacts, conversations, messages and their statuses, the inbound
 * pipeline, the outbound guard and realtime events (PRODUCT.md MSG-4..10). Imports only
 * @perepiska/platform; apps/api wires it into the product.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    // Telegram personal accounts only where the server has the platform's Telegram application.
    const connectorClasses = [ApiChannelConnector, TelegramBotConnector, ...(options.memoryConnector ? [MemoryConnector] : []), ...(options.telegram ? [TelegramConnector] : [])];
    return {
      module: MessagingModule,
      imports: [RealtimeModule.forRoot(options)],
      controllers: [ConversationsController, AttachmentsController, ContactsController, ConnectionsController, ApiChannelController, TelegramBotWebhookController, TelegramLoginsController, TeamsController, MessagingSettingsController],
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        MessagingPersonalColumns,
        ApiChannelConnector,
        { provide: TelegramBotApiClient, useFactory: () => new TelegramBotApiClient(options.telegramBotApiUrl) },
        TelegramBotConnector,
        ...(options.memoryConnector ? [MemoryConnector] : []),
        ...(options.telegram ? [TelegramConnector] : []),
        { provide: TELEGRAM_WIRE, useFactory: () => (options.telegram?.testServerUrl ? new HttpTlWire(options.telegram.testServerUrl) : null) },
        TelegramClients,
        TelegramLoginService,
        TelegramPeersRepository,
        TelegramSyncStateRepository,
        {
          provide: ConnectorRegistry,
          inject: [{ token: EXTRA_CHANNEL_CONNECTORS, optional: true }, ...connectorClasses],
          useFactory: (extra: ChannelConnector[] | undefined, ...connectors: ChannelConnector[]) => new ConnectorRegistry([...connectors, ...(extra ?? [])]),
        },
        AttachmentsRepository,
        ConnectionLeasesRepository,
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
        ConnectionAttentionService,
        ConnectionAccountKeys,
        ConnectionHandles,
        ConnectionHealthService,
        ConnectionSupervisor,
        { provide: LeaseFence, useFactory: () => new LeaseFence() },
        { provide: ClientLeases, useExisting: LeaseFence },
        ClientRouter,
        MessengerModuleAccess,
        ConnectionsService,
        ContactsService,
        ConversationsService,
        InboundProcessor,
        InboundService,
        MessagingDataSource,
        MessagingKnownContacts,
        MessageRetentionTarget,
        MessageMetadataRetentionTarget,
        MessagingSettingsService,
        OutboundService,
        RealtimeNotifier,
        TeamsService,
        TelegramBotChannelService,
        TelegramBotWebhookService,
        MessagingProcessors,
      ],
      exports: [RealtimeModule, ConnectionAccountKeys, ConnectionsService, InboundProcessor, OutboundService, InboundService, ConnectorRegistry, ClientLeases],
    };
  }
}
