import { Logger } from '@nestjs/common';
import { Api } from 'telegram';
import { Raw } from 'telegram/events';
import { type ConnectionHandle, type ConnectorSink, type InboundFile } from '../connectors/channel-connector';
import { classifyTelegramError, failureMessage, healthAfter } from './domain/telegram-errors';
import { type GuardedTelegramClient } from './gramjs/guarded-telegram-client';
import { type TelegramPeersRepository } from './persistence/telegram-peers.repository';
import { type SyncState, type TelegramSyncStateRepository } from './persistence/telegram-sync-state.repository';
import { isPrivateIncoming, mediaInfo, toInboundMessage } from './telegram-inbound';

export interface AccountDeps {
  peers: TelegramPeersRepository;
  sync: TelegramSyncStateRepository;
  maxAttachmentBytes: number;
}

type Entities = Map<string, Api.TypeUser | Api.TypeChat>;

/**
 * One connected account's live client: receives updates in Telegram's order, stores each
 * message through the sink before advancing the saved update state, and catches up with
 * updates.getDifference after downtime or a gap (core.telegram.org/api/updates) — GramJS does
 * neither by itself.
 */
export class TelegramAccount {
  private readonly logger = new Logger(TelegramAccount.name);
  private state: SyncState | null = null;
  /** Updates are handled one at a time, in arrival order. */
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  private floodUntil = 0;

  constructor(
    readonly handle: ConnectionHandle,
    readonly client: GuardedTelegramClient,
    private readonly sink: ConnectorSink,
    private readonly deps: AccountDeps,
  ) {}

  async start(): Promise<void> {
    await this.client.connect();
    // Who we are; a revoked session answers AUTH_KEY_UNREGISTERED right here.
    await this.client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));
    this.client.addEventHandler((update: Api.TypeUpdate | Api.TypeUpdates) => {
      void this.enqueue(() => this.onUpdate(update));
    }, new Raw({}));
    await this.enqueue(() => this.catchUp());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.client.destroy().catch(() => undefined);
  }

  /** Telegram answered one of our sends: its pts counts in the account's sequence too. */
  noteOwnUpdate(result: Api.TypeUpdates): void {
    void this.enqueue(async () => {
      if (result instanceof Api.UpdateShortSentMessage) await this.advance(result.pts, result.ptsCount, result.date, () => Promise.resolve());
      else if (result instanceof Api.Updates || result instanceof Api.UpdatesCombined) {
        for (const update of result.updates) if (hasPts(update)) await this.advance(update.pts, update.ptsCount, result.date, () => Promise.resolve());
      }
    });
  }

  /** A send went through: a flood wait reported earlier is over. */
  async sendSucceeded(): Promise<void> {
    if (this.floodUntil && Date.now() >= this.floodUntil) {
      this.floodUntil = 0;
      await this.sink.health(this.handle.id, { state: 'active' });
    }
  }

  noteFloodWait(seconds: number): void {
    this.floodUntil = Date.now() + seconds * 1000;
  }

  /** Reports what an error means for the connection's health (MSG-10) and answers whether it ended the session. */
  async reportFailure(error: unknown): Promise<boolean> {
    const failure = classifyTelegramError(error as { errorMessage?: string; code?: number; seconds?: number });
    const change = healthAfter(failure, new Date());
    if (change) await this.sink.health(this.handle.id, change);
    if (failure.kind !== 'unavailable') this.logger.warn(`Telegram connection ${this.handle.id}: ${failureMessage(failure)}`);
    return failure.kind === 'auth-lost' || failure.kind === 'banned' || failure.kind === 'password-needed';
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(async () => {
      if (this.stopped) return;
      try {
        await work();
      } catch (error) {
        if (await this.reportFailure(error)) await this.stop();
      }
    });
    this.queue = run;
    return run;
  }

  private async onUpdate(update: Api.TypeUpdate | Api.TypeUpdates): Promise<void> {
    const entities = ((update as { _entities?: Entities })._entities ?? new Map()) as Entities;
    if (update instanceof Api.UpdateNewMessage) {
      await this.advance(update.pts, update.ptsCount, 'date' in update.message ? update.message.date : undefined, () => this.takeMessage(update.message, entities));
    } else if (update instanceof Api.UpdateReadHistoryOutbox) {
      await this.advance(update.pts, update.ptsCount, undefined, () => this.takeOutboxRead(update));
    } else if (update instanceof Api.UpdateShortMessage || update instanceof Api.UpdateShortChatMessage || update instanceof Api.UpdatesTooLong) {
      // The short forms carry no access hash for the sender: the difference brings the whole message.
      await this.catchUp();
    } else if (hasPts(update)) {
      await this.advance(update.pts, update.ptsCount, undefined, () => Promise.resolve());
    }
  }

  /**
   * Applies an update whose pts follows ours; skips one we already have; on a gap, fetches the
   * difference instead (it contains this update too).
   */
  private async advance(pts: number, ptsCount: number, date: number | undefined, apply: () => Promise<void>): Promise<void> {
    const state = this.state ?? (await this.deps.sync.find(this.handle.id));
    if (!state) {
      await apply();
      return;
    }
    if (pts <= state.pts) return;
    if (state.pts + ptsCount < pts) {
      await this.catchUp();
      return;
    }
    await apply();
    await this.save({ pts, qts: state.qts, date: Math.max(state.date, date ?? 0) });
  }

  private async catchUp(): Promise<void> {
    let state = this.state ?? (await this.deps.sync.find(this.handle.id));
    if (!state) {
      // A new connection starts from now: Telegram keeps its own history of older chats.
      const current = await this.client.invoke(new Api.updates.GetState());
      await this.save({ pts: current.pts, qts: current.qts, date: current.date });
      return;
    }
    for (;;) {
      const difference: Api.updates.TypeDifference = await this.client.invoke(new Api.updates.GetDifference({ pts: state.pts, date: state.date, qts: state.qts }));
      if (difference instanceof Api.updates.DifferenceEmpty) {
        await this.save({ ...state, date: Math.max(state.date, difference.date) });
        return;
      }
      if (difference instanceof Api.updates.DifferenceTooLong) {
        // Too far behind for a difference: Telegram says where its sequence is now.
        await this.save({ ...state, pts: difference.pts });
        return;
      }
      const entities: Entities = new Map();
      for (const user of difference.users) entities.set(user.id.toString(), user);
      for (const message of difference.newMessages) await this.takeMessage(message, entities);
      for (const other of difference.otherUpdates) if (other instanceof Api.UpdateReadHistoryOutbox) await this.takeOutboxRead(other);
      const next: Api.updates.State = difference instanceof Api.updates.DifferenceSlice ? difference.intermediateState : difference.state;
      state = { pts: next.pts, qts: next.qts, date: next.date };
      await this.save(state);
      if (!(difference instanceof Api.updates.DifferenceSlice)) return;
    }
  }

  private async takeMessage(message: Api.TypeMessage, entities: Entities): Promise<void> {
    if (!isPrivateIncoming(message)) return;
    const userId = message.peerId.userId.toString();
    const entity = entities.get(userId) ?? [...entities.values()].find((e) => e.id.toString() === userId);
    const user = entity instanceof Api.User ? entity : undefined;
    if (user?.accessHash) await this.deps.peers.remember(this.handle.tenantId, this.handle.id, [{ peerId: userId, accessHash: user.accessHash.toString() }]);
    const { files, note } = await this.download(message);
    await this.sink.message(this.handle.id, toInboundMessage(message, user, files, note));
  }

  private async takeOutboxRead(update: Api.UpdateReadHistoryOutbox): Promise<void> {
    if (!(update.peer instanceof Api.PeerUser) || !this.sink.chatRead) return;
    await this.sink.chatRead(this.handle.id, { chatId: update.peer.userId.toString(), upToExternalId: String(update.maxId) });
  }

  private async download(message: Api.Message): Promise<{ files: InboundFile[]; note: string | null }> {
    const info = mediaInfo(message);
    if (!info) return { files: [], note: null };
    if (info.size > this.deps.maxAttachmentBytes) {
      return { files: [], note: `[Файл «${info.fileName}» не загружен: ${Math.ceil(info.size / 1048576)} МБ больше допустимого размера]` };
    }
    const content = await this.client.downloadMedia(message, {});
    if (!Buffer.isBuffer(content)) return { files: [], note: `[Файл «${info.fileName}» не удалось загрузить]` };
    return { files: [{ fileName: info.fileName, content }], note: null };
  }

  private async save(state: SyncState): Promise<void> {
    this.state = state;
    await this.deps.sync.save(this.handle.id, state);
  }
}

function hasPts(update: unknown): update is { pts: number; ptsCount: number } {
  return typeof (update as { pts?: unknown }).pts === 'number' && typeof (update as { ptsCount?: unknown }).ptsCount === 'number';
}
