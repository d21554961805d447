/** What the composition root tells messaging about its environment (read once, ARCHITECTURE.md rule 7). */
export interface MessagingOptions {
  /** Redis that carries realtime events between the worker and every API instance. */
  redisUrl: string;
  /** This deployment's namespace in Redis (the queues' prefix), so shared Redis servers do not cross. */
  redisKeyPrefix: string;
  /** The largest file a message may carry, in or out. */
  maxAttachmentBytes: number;
  /** Registers the in-process `memory` connector the test suites drive; never in production. */
  memoryConnector: boolean;
  /** How often the sweepers look for events and messages whose jobs were lost. */
  sweepEveryMs: number;
  /** An event or queued message this old without being handled has lost its job. */
  staleAfterSeconds: number;
  /** This process runs messenger clients (the worker roles); an `api` process only serves HTTP. */
  runsClients: boolean;
  /** A worker's lease on a connection's client lasts this long without a heartbeat. */
  leaseTtlSeconds: number;
  /**
   * Telegram personal accounts over MTProto: the platform's api_id/api_hash, and outside
   * production the address of a local fake Telegram. Null: the channel is not offered.
   */
  telegram: { apiId: number; apiHash: string; testServerUrl: string | null } | null;
  /** Telegram Bot API base URL (a local fake in tests). */
  telegramBotApiUrl: string;
  /** Where this deployment is reachable from outside (no trailing slash): messengers' webhooks point here. */
  publicUrl: string;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
