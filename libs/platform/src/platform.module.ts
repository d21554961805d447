import { type DynamicModule, Global, Inject, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, SystemClock } from './clock/clock';
import { EncryptedColumnRegistry } from './crypto/encrypted-columns';
import { EnvelopeCipher, type MasterKey } from './crypto/envelope-cipher';
import { KeyRotationService } from './crypto/key-rotation.service';
import { DomainEvents } from './events/domain-events';
import { Mailer, SmtpMailer } from './mail/mailer';
import { KnownContactRegistry } from './messaging/known-contacts';
import { OutboundCheckRegistry } from './messaging/outbound-check';
import { PLATFORM_PERSONAL_COLUMNS } from './persistence/personal-columns';
import { PersonalColumnCatalogue, personalColumnsProvider } from './personal-data/personal-columns';
import { PersonalDataSourceRegistry } from './personal-data/personal-data-source';
import { RetentionTargetRegistry } from './personal-data/retention-target';
import { BullQueueDriver } from './queue/bull-queue.driver';
import { QueuePort } from './queue/queue.port';
import { RateLimiter } from './redis/rate-limiter';
import { IoRedisClient, RedisClient } from './redis/redis-client';
import { SyncQueueDriver } from './queue/sync-queue.driver';
import { LocalObjectStorage } from './storage/local-object-storage';
import { ObjectStorage } from './storage/object-storage';
import { S3ObjectStorage } from './storage/s3-object-storage';

export interface PlatformOptions {
  redisUrl: string;
  masterKey: MasterKey;
  retiredKeys: MasterKey[];
  queue: { driver: 'bull'; prefix: string; consume: boolean } | { driver: 'sync' };
  onQueueError?: (queue: string, error: Error) => void;
  mail: { url: string; from: string };
  /** The deployment's namespace for keys in Redis other than queues (rate limits, throttles). */
  redisKeyPrefix: string;
  storage:
    | { driver: 'local'; dir: string }
    | { driver: 's3'; endpoint: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string };
}

class PlatformLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Platform');

  constructor(
    @Inject(QueuePort) private readonly queues: QueuePort,
    @Inject(RedisClient) private readonly redis: IoRedisClient,
    @Inject(DomainEvents) private readonly events: DomainEvents,
    @Inject(Mailer) private readonly mailer: Mailer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.events.start();
  }

  /** Each connection is closed even when another fails to: the process is going away regardless. */
  async onApplicationShutdown(): Promise<void> {
    for (const [name, close] of [
      ['queues', () => this.queues.close()],
      ['redis', () => this.redis.close()],
      ['mail', () => this.mailer.close()],
    ] as const) {
      await close().catch((error: Error) => this.logger.warn(`Closing ${name} failed: ${error.message}`));
    }
  }
}

/** The shared kernel's providers, configured once by the composition root. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const queue = options.queue;
    return {
      module: PlatformModule,
      providers: [
        { provide: Clock, useClass: SystemClock },
        { provide: EnvelopeCipher, useValue: new EnvelopeCipher(options.masterKey, options.retiredKeys) },
        EncryptedColumnRegistry,
        PersonalDataSourceRegistry,
        RetentionTargetRegistry,
        PersonalColumnCatalogue,
        personalColumnsProvider('platform', PLATFORM_PERSONAL_COLUMNS),
        OutboundCheckRegistry,
        KnownContactRegistry,
        {
          provide: QueuePort,
          useFactory: () =>
            queue.driver === 'sync'
              ? new SyncQueueDriver()
              : new BullQueueDriver({ ...queue, redisUrl: options.redisUrl, onError: options.onQueueError }),
        },
        { provide: RedisClient, useFactory: () => new IoRedisClient(options.redisUrl) },
        { provide: RateLimiter, inject: [RedisClient], useFactory: (redis: RedisClient) => new RateLimiter(redis, options.redisKeyPrefix) },
        {
          provide: DomainEvents,
          inject: [DataSource, QueuePort],
          useFactory: (dataSource: DataSource, queues: QueuePort) => new DomainEvents(dataSource, queues),
        },
        { provide: Mailer, useFactory: () => new SmtpMailer(options.mail) },
        {
          provide: ObjectStorage,
          useFactory: () => (options.storage.driver === 's3' ? new S3ObjectStorage(options.storage) : new LocalObjectStorage(options.storage.dir)),
        },
        PlatformLifecycle,
        {
          provide: KeyRotationService,
          inject: [DataSource, EnvelopeCipher, EncryptedColumnRegistry],
          useFactory: (dataSource: DataSource, cipher: EnvelopeCipher, registry: EncryptedColumnRegistry) =>
            new KeyRotationService(dataSource, cipher, registry),
        },
      ],
      exports: [Clock, EnvelopeCipher, EncryptedColumnRegistry, PersonalDataSourceRegistry, RetentionTargetRegistry, PersonalColumnCatalogue, OutboundCheckRegistry, KnownContactRegistry, QueuePort, KeyRotationService, RedisClient, RateLimiter, DomainEvents, Mailer, ObjectStorage],
    };
  }
}
