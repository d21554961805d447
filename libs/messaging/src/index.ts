export * from './messaging.module';
export * from './messaging.options';
export * from './realtime/realtime-channel';
export * from './realtime/realtime-rooms';
export * from './realtime/realtime.module';
export * from './realtime/realtime.publisher';
export * from './realtime/realtime.server';
export * from './connectors/channel-connector';
export * from './connectors/client-leases';
export * from './connectors/connector-registry';
export * from './connectors/extra-connectors';
export * from './connectors/memory.connector';
export type { BotChat, BotUpdate } from './connectors/telegram-bot/bot-api.types';
// The local Telegram Bot API the e2e and browser tests drive (node:http only, like the memory connector).
export * from './connectors/telegram-bot/testing/fake-bot-api.server';
export * from './connectors/telegram-bot/testing/fake-bot-updates';
export * from './connectors/webhook-signature';
export * from './domain/channel-types';
export * from './domain/message-status';
export * from './services/connection-account-keys';
export * from './services/connection-supervisor.service';
export * from './services/connections.service';
export * from './services/inbound-processor.service';
export * from './services/inbound.service';
export * from './services/outbound.service';
// Telegram personal accounts: the MTProto allow-list, and the local fake Telegram the e2e, process and browser tests drive.
export * from './telegram/domain/mtproto-allow-list';
export * from './telegram/testing/fake-telegram';
export * from './telegram/testing/fake-telegram.server';
