import { type DynamicModule, Global, Inject, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, SystemClock } from './clock/clock';
import { EncryptedColumnRegistry } from './crypto/encrypted-columns';
import { EnvelopeCipher, type MasterKey } from './crypto/envelope-cipher';
import { KeyRotationService } from './crypto/key-rotation.service';
import { DomainEvents } from './events/domain-events';
import { Mailer, SmtpMailer } from './mail/mailer';
import { PersonalDataSourceRegistry } from './personal-data/personal-data-source';
import { BullQueueDriver } from './queue/bull-queue.driver';
import { QueuePort } from './queue/queue.port';
import { IoRedisClient, RedisClient } from './redis/redis-client';
import { SyncQueueDriver } from './queue/sync-queue.driver';

export interface PlatformOptions {
  redisUrl: string;
  masterKey: MasterKey;
  retiredKeys: MasterKey[];
  queue: { driver: 'bull'; prefix: string; consume: boolean } | { driver: 'sync' };
  onQueueError?: (queue: string, error: Error) => void;
  mail: { url: string; from: string };
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
        {
          provide: QueuePort,
          useFactory: () =>
            queue.driver === 'sync'
              ? new SyncQueueDriver()
              : new BullQueueDriver({ ...queue, redisUrl: options.redisUrl, onError: options.onQueueError }),
        },
        { provide: RedisClient, useFactory: () => new IoRedisClient(options.redisUrl) },
        {
          provide: DomainEvents,
          inject: [DataSource, QueuePort],
          useFactory: (dataSource: DataSource, queues: QueuePort) => new DomainEvents(dataSource, queues),
        },
        { provide: Mailer, useFactory: () => new SmtpMailer(options.mail) },
        PlatformLifecycle,
        {
          provide: KeyRotationService,
          inject: [DataSource, EnvelopeCipher, EncryptedColumnRegistry],
          useFactory: (dataSource: DataSource, cipher: EnvelopeCipher, registry: EncryptedColumnRegistry) =>
            new KeyRotationService(dataSource, cipher, registry),
        },
      ],
      exports: [Clock, EnvelopeCipher, EncryptedColumnRegistry, PersonalDataSourceRegistry, QueuePort, KeyRotationService, RedisClient, DomainEvents, Mailer],
    };
  }
}
