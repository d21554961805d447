import { type DynamicModule, Module } from '@nestjs/common';
import { MESSAGING_OPTIONS, type MessagingOptions } from '../messaging.options';
import { RealtimePublisher } from './realtime.publisher';
import { RealtimeServer } from './realtime.server';

/**
 * The inbox's realtime channel (MSG-6): the publisher works in every process, the server only
 * where bootstrap attaches it to an HTTP server. Authentication comes from identity through the
 * platform's `CredentialAuthenticator` port (identity's module is global).
 */
@Module({})
export class RealtimeModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: RealtimeModule,
      providers: [{ provide: MESSAGING_OPTIONS, useValue: options }, RealtimePublisher, RealtimeServer],
      exports: [RealtimePublisher, RealtimeServer],
    };
  }
}
