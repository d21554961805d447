import { Module } from '@nestjs/common';

/**
 * Channel connectors, contacts, conversations, messages and their statuses, the inbound pipeline, the outbound guard and realtime events (PRODUCT.md MSG-1..11).
 * Imports only @perepiska/platform; apps/api wires it into the product.
 */
@Module({})
export class MessagingModule {}
