import { type DynamicModule, Logger, type MiddlewareConsumer, Module, type NestModule, RequestMethod, type Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BillingModule } from '@perepiska/billing';
import { ConsentModule } from '@perepiska/consent';
import { IdentityModule } from '@perepiska/identity';
import { MessagingModule } from '@perepiska/messaging';
import { PdRegistryModule } from '@perepiska/pd-registry';
import { PlatformModule } from '@perepiska/platform';
import { LoggerModule } from 'nestjs-pino';
import { type DestinationStream } from 'pino';
import { type AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { HealthModule } from './health/health.module';
import { loggerParams } from './logging/logger-options';
import { RequestLogMiddleware } from './logging/request-log.middleware';

export interface AppModuleOptions {
  config: AppConfig;
  /** Where JSON log lines go; stdout by default, a capturing stream in tests. */
  logDestination?: DestinationStream;
  /** `sync` runs jobs in the caller's await (unit-style tests); Bull on Redis otherwise. */
  queueDriver?: 'bull' | 'sync';
  /** Further modules to mount, e.g. a test's fixture controllers. */
  extraModules?: Type[];
}

/** The composition root: the only place that knows every module. */
@Module({})
export class AppModule implements NestModule {
  static forRoot({ config, logDestination, queueDriver = 'bull', extraModules = [] }: AppModuleOptions): DynamicModule {
    const queueLogger = new Logger('Queue');
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config.logLevel, logDestination)),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config), autoLoadEntities: true }),
        PlatformModule.forRoot({
          redisUrl: config.redisUrl,
          masterKey: config.encryption.masterKey,
          retiredKeys: config.encryption.retiredKeys,
          queue:
            queueDriver === 'sync'
              ? { driver: 'sync' }
              : { driver: 'bull', prefix: config.queuePrefix, consume: config.role !== 'api' },
          onQueueError: (queue, error) => queueLogger.warn(`Queue ${queue}: ${error.message}`),
          mail: config.mail,
          redisKeyPrefix: config.queuePrefix,
          storage: config.storage,
        }),
        HealthModule,
        IdentityModule.forRoot({
          secureCookies: config.publicUrl.startsWith('https:'),
          rateLimitPerIpPerMinute: config.rateLimits.perIpPerMinute,
          rateLimitPerTokenPerMinute: config.rateLimits.perTokenPerMinute,
          redisKeyPrefix: config.queuePrefix,
          publicUrl: config.publicUrl,
        }),
        MessagingModule.forRoot({
          redisUrl: config.redisUrl,
          redisKeyPrefix: config.queuePrefix,
          memoryConnector: config.env === 'test',
          runsClients: config.role !== 'api',
          publicUrl: config.publicUrl,
          ...config.messaging,
        }),
        ConsentModule.forRoot({ publicUrl: config.publicUrl }),
        PdRegistryModule,
        BillingModule,
        ...extraModules,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestLogMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
