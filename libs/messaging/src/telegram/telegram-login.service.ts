import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { InvalidInputError, NotFoundError, type Principal, RefusedError } from '@perepiska/platform';
import { randomUUID } from 'node:crypto';
import { Api } from 'telegram';
import { Raw } from 'telegram/events';
import { computeCheck } from 'telegram/Password';
import { DataSource } from 'typeorm';
import { ClientLeases } from '../connectors/client-leases';
import { ConnectionsRepository } from '../persistence/connections.repository';
import { ConnectionHandles } from '../services/connection-handles';
import { ConnectionHealthService } from '../services/connection-health.service';
import { MessengerModuleAccess } from '../services/messenger-module-access';
import { type CodeDelivery, type LoginEvent, type LoginMethod, type LoginView, canTake, isFinal, normalisePhone, qrRenewalDelayMs, startLogin, transition } from './domain/login-flow';
import { classifyTelegramError, failureMessage } from './domain/telegram-errors';
import { type GuardedTelegramClient } from './gramjs/guarded-telegram-client';
import { TelegramClients } from './gramjs/telegram-clients';
import { TelegramSyncStateRepository } from './persistence/telegram-sync-state.repository';
import { type TelegramCredentials, accountLabel } from './telegram-credentials';

export interface TelegramLoginView extends LoginView {
  id: string;
}

interface PendingLogin {
  id: string;
  tenantId: string;
  reloginConnectionId: string | null;
  displayName: string | null;
  view: LoginView;
  client: GuardedTelegramClient | null;
  phone: string | null;
  phoneCodeHash: string | null;
  /** Steps run one at a time per login: a renewal never races a scan or a submitted code. */
  queue: Promise<unknown>;
  timers: Set<NodeJS.Timeout>;
}

/** How long a finished login stays readable, so the SPA's last poll sees how it ended. */
const KEEP_FINISHED_MS = 10 * 60_000;
const MAX_PENDING_PER_TENANT = 5;
const ACCOUNT_CONNECTED = 'This Telegram account is connected already, in this business or another: disconnect it there first';

/**
 * Drives the login state machine (`domain/login-flow.ts`) with a GramJS client that lives only
 * until the login succeeds, fails or expires (issue 5). The 2FA password passes through
 * `submitPassword` into GramJS's SRP computation and nowhere else: it is not kept, logged or
 * returned. On success the session string is sealed into the connection and the login client is
 * closed before the connection turns active, so the worker that then takes the lease never
 * shares the auth key with it.
 *
 * A pending login lives in the process that started it (its client holds the half-made auth
 * key); a deployment with several API instances routes a login's requests to one of them.
 */
@Injectable()
export class TelegramLoginService implements OnApplicationShutdown {
  private readonly logger = new Logger(TelegramLoginService.name);
  private readonly logins = new Map<string, PendingLogin>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clients: TelegramClients,
    private readonly connections: ConnectionsRepository,
    private readonly handles: ConnectionHandles,
    private readonly health: ConnectionHealthService,
    private readonly leases: ClientLeases,
    private readonly sync: TelegramSyncStateRepository,
    private readonly moduleAccess: MessengerModuleAccess,
  ) {}

  async start(principal: Principal, input: { method: LoginMethod; phone?: string; connectionId?: string; displayName?: string }): Promise<TelegramLoginView> {
    this.clients.assertConfigured();
    const suspended = await this.connections.isSuspended('telegram');
    if (suspended) throw new RefusedError(`This messenger is suspended on the platform: ${suspended}`, { reason: 'channel-suspended' });
    await this.moduleAccess.requireActive(principal.tenantId);
    let phone: string | null = null;
    if (input.method === 'phone') {
      phone = normalisePhone(input.phone ?? '');
      if (!phone) throw new InvalidInputError('Validation failed: phone', [{ field: 'phone', messages: ['phone must be in international format, e.g. +79991234567'] }]);
    }
    if (input.connectionId) {
      const row = await this.connections.find(input.connectionId, principal.tenantId);
      if (!row || row.type !== 'telegram') throw new NotFoundError('Connection not found');
    }
    const pending = [...this.logins.values()].filter((l) => l.tenantId === principal.tenantId && !isFinal(l.view.state)).length;
    if (pending >= MAX_PENDING_PER_TENANT) throw new RefusedError('Too many Telegram logins are in progress for this business: finish or cancel one', { reason: 'too-many-logins' });

    const login: PendingLogin = {
      id: randomUUID(),
      tenantId: principal.tenantId,
      reloginConnectionId: input.connectionId ?? null,
      displayName: input.displayName?.trim() || null,
      view: startLogin(input.method, phone, new Date()),
      client: null,
      phone,
      phoneCodeHash: null,
      queue: Promise.resolve(),
      timers: new Set(),
    };
    this.logins.set(login.id, login);
    this.after(login, login.view.expiresAt.getTime() - Date.now(), () => this.apply(login, { type: 'expired' }));
    await this.step(login, async () => {
      const client = this.clients.create(null);
      login.client = client;
      await client.connect();
      if (input.method === 'qr') {
        // Telegram pushes updateLoginToken to this connection when the token is scanned.
        client.addEventHandler((update: Api.TypeUpdate) => {
          if (update instanceof Api.UpdateLoginToken) void this.step(login, () => this.exportToken(login));
        }, new Raw({ types: [Api.UpdateLoginToken] }));
        await this.exportToken(login);
      } else {
        const { apiId, apiHash } = this.clients.application;
        const sent = await client.invoke(new Api.auth.SendCode({ phoneNumber: phone!, apiId, apiHash, settings: new Api.CodeSettings({}) }));
        if (sent instanceof Api.auth.SentCodeSuccess) {
          await this.succeed(login, (sent.authorization as Api.auth.Authorization).user);
          return;
        }
        login.phoneCodeHash = sent.phoneCodeHash;
        this.apply(login, { type: 'code-sent', delivery: deliveryOf(sent.type) });
      }
    });
    return this.view(login);
  }

  get(tenantId: string, id: string): TelegramLoginView {
    return this.view(this.find(tenantId, id));
  }

  async submitCode(tenantId: string, id: string, code: string): Promise<TelegramLoginView> {
    const login = this.find(tenantId, id);
    await this.step(login, async () => {
      this.expect(login, 'code-sent', 'login-not-waiting-for-code', 'This login is not waiting for a code');
      const result = await login.client!.invoke(new Api.auth.SignIn({ phoneNumber: login.phone!, phoneCodeHash: login.phoneCodeHash!, phoneCode: code.trim() }));
      if (result instanceof Api.auth.AuthorizationSignUpRequired) {
        // Never sign up a new Telegram account on someone's behalf (issue 5).
        this.apply(login, { type: 'failed', error: { code: 'phone-unregistered', message: 'There is no Telegram account for this phone number' } });
        return;
      }
      await this.succeed(login, result.user);
    });
    return this.view(login);
  }

  async submitPassword(tenantId: string, id: string, password: string): Promise<TelegramLoginView> {
    const login = this.find(tenantId, id);
    await this.step(login, async () => {
      this.expect(login, 'password-needed', 'login-not-waiting-for-password', 'This login is not waiting for a password');
      const client = login.client!;
      // Fresh SRP parameters for every attempt: Telegram's srp_id is single-use.
      const algorithm = await client.invoke(new Api.account.GetPassword());
      const check = await computeCheck(algorithm, password);
      const result = await client.invoke(new Api.auth.CheckPassword({ password: check }));
      if (result instanceof Api.auth.AuthorizationSignUpRequired) {
        this.apply(login, { type: 'failed', error: { code: 'phone-unregistered', message: 'There is no Telegram account for this phone number' } });
        return;
      }
      await this.succeed(login, result.user);
    });
    return this.view(login);
  }

  async cancel(tenantId: string, id: string): Promise<void> {
    const login = this.find(tenantId, id);
    await this.step(login, () => {
      if (canTake(login.view, 'cancelled')) this.apply(login, { type: 'cancelled' });
      return Promise.resolve();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    for (const login of this.logins.values()) {
      if (!isFinal(login.view.state)) this.apply(login, { type: 'cancelled' });
      await this.release(login);
    }
    this.logins.clear();
  }

  /** Asks for a QR token and acts on what Telegram answers (core.telegram.org/api/qr-login). */
  private async exportToken(login: PendingLogin): Promise<void> {
    if (login.view.state !== 'starting' && login.view.state !== 'waiting-for-scan') return;
    const client = login.client!;
    const { apiId, apiHash } = this.clients.application;
    let result = await client.invoke(new Api.auth.ExportLoginToken({ apiId, apiHash, exceptIds: [] }));
    if (result instanceof Api.auth.LoginTokenMigrateTo) {
      // The account lives on another data centre: reconnect there and import the token.
      await client._switchDC(result.dcId);
      result = await client.invoke(new Api.auth.ImportLoginToken({ token: result.token }));
    }
    if (result instanceof Api.auth.LoginTokenSuccess) {
      await this.succeed(login, (result.authorization as Api.auth.Authorization).user);
      return;
    }
    if (result instanceof Api.auth.LoginToken) {
      const expiresAt = new Date(result.expires * 1000);
      this.apply(login, { type: 'qr-issued', url: `tg://login?token=${Buffer.from(result.token).toString('base64url')}`, expiresAt });
      // Renewed before it expires, so the QR the SPA shows always works.
      this.after(login, qrRenewalDelayMs(expiresAt, new Date()), () => void this.step(login, () => this.exportToken(login)));
      return;
    }
    throw new Error('Telegram answered the login token request with something unexpected');
  }

  private async succeed(login: PendingLogin, user: Api.TypeUser): Promise<void> {
    const client = login.client!;
    const self = user instanceof Api.User ? user : null;
    const credentials: TelegramCredentials = { session: client.session.save() as unknown as string, userId: self ? self.id.toString() : null, dcId: client.session.dcId };
    // Where the account's update sequence stands now: the worker's client catches up from here,
    // so a message written between this login and the client's start is not lost.
    const updates = await client.invoke(new Api.updates.GetState());
    // One connection per account: a second would receive every message again, into conversations of its own.
    const accountKeys = self ? this.handles.accountKeys(self.id.toString()) : [];
    if (await this.connections.accountTaken(this.dataSource.manager, 'telegram', accountKeys, login.reloginConnectionId ?? null)) {
      // The authorization this login just made is ended on Telegram, so it does not stay among the account's sessions.
      await client.invoke(new Api.auth.LogOut()).catch((error: unknown) => this.logger.warn(`Telegram login ${login.id}: the refused session was not logged out: ${(error as Error).message}`));
      await this.release(login);
      this.apply(login, { type: 'failed', error: { code: 'account-connected', message: ACCOUNT_CONNECTED } });
      return;
    }
    // The login client lets go of the auth key before any worker may start one with it.
    await this.release(login);
    const label = login.displayName ?? (self ? accountLabel(self) : 'Telegram');
    const sealed = this.handles.seal(credentials as unknown as Record<string, unknown>);
    const connectionId: string | null = await this.dataSource.transaction(async (manager) => {
      if (login.reloginConnectionId) {
        await this.connections.update(manager, login.reloginConnectionId, { credentials: sealed, accountKey: accountKeys[0] ?? null });
        await this.connections.setState(manager, login.reloginConnectionId, 'active', null, null);
        return login.reloginConnectionId;
      }
      // Null only when a login of the same account finished at the same moment (the check above
      // came before either row): this one is refused; its session stays until it is ended in Telegram.
      const inserted = await this.connections.insert(manager, {
        tenantId: login.tenantId,
        type: 'telegram',
        displayName: label.slice(0, 100),
        state: 'active',
        credentials: sealed,
        inboundTokenHash: null,
        webhookUrl: null,
        perMinuteLimit: 20,
        accountKey: accountKeys[0] ?? null,
      });
      return inserted;
    });
    if (!connectionId) {
      this.apply(login, { type: 'failed', error: { code: 'account-connected', message: ACCOUNT_CONNECTED } });
      return;
    }
    // A re-login keeps the state it had: the difference then brings what came while it was logged out.
    await this.sync.saveIfAbsent(connectionId, { pts: updates.pts, qts: updates.qts, date: updates.date });
    this.apply(login, { type: 'succeeded', connectionId });
    await this.health.announce(login.tenantId, connectionId);
    // Where this process runs clients it starts the account's at once; other workers within a heartbeat.
    this.leases.wake();
  }

  /**
   * Runs one step of a login after the previous one, and turns what Telegram answered into the
   * state machine's events: the SPA sees a wrong code or a flood wait as the login's error.
   */
  private step(login: PendingLogin, work: () => Promise<void>): Promise<void> {
    const run = login.queue.then(async () => {
      if (isFinal(login.view.state)) return;
      try {
        await work();
      } catch (error) {
        if (error instanceof RefusedError) throw error;
        this.onFailure(login, error);
      }
    });
    login.queue = run.catch(() => undefined);
    return run;
  }

  private onFailure(login: PendingLogin, error: unknown): void {
    if (isFinal(login.view.state)) return;
    const failure = classifyTelegramError(error as { errorMessage?: string; code?: number; seconds?: number });
    switch (failure.kind) {
      case 'password-needed':
        void this.enterPasswordStep(login);
        return;
      case 'flood-wait':
        this.apply(login, { type: 'flood-wait', seconds: failure.seconds });
        return;
      case 'login':
        if (failure.code === 'code-invalid' && canTake(login.view, 'code-rejected')) this.apply(login, { type: 'code-rejected', error: { code: failure.code, message: failure.message } });
        else if (failure.code === 'password-invalid' && canTake(login.view, 'password-rejected')) this.apply(login, { type: 'password-rejected' });
        else this.apply(login, { type: 'failed', error: { code: failure.code, message: failure.message } });
        return;
      case 'banned':
        this.apply(login, { type: 'failed', error: { code: 'phone-banned', message: failureMessage(failure) } });
        return;
      case 'auth-lost':
      case 'rejected':
      case 'unavailable':
        this.logger.warn(`Telegram login ${login.id} failed: ${failureMessage(failure)}`);
        this.apply(login, { type: 'failed', error: { code: 'network', message: failureMessage(failure) } });
    }
  }

  /** Telegram asked for the 2FA password: show the account's hint (never the password). */
  private async enterPasswordStep(login: PendingLogin): Promise<void> {
    let hint: string | null = null;
    try {
      const algorithm = await login.client!.invoke(new Api.account.GetPassword());
      hint = algorithm.hint ?? null;
    } catch {
      // The hint is a courtesy; the password step works without it.
    }
    if (canTake(login.view, 'password-needed')) this.apply(login, { type: 'password-needed', hint });
  }

  private apply(login: PendingLogin, event: LoginEvent): void {
    if (!canTake(login.view, event.type)) return;
    login.view = transition(login.view, event);
    if (isFinal(login.view.state)) {
      void this.release(login);
      const forget = setTimeout(() => this.logins.delete(login.id), KEEP_FINISHED_MS);
      forget.unref();
    }
  }

  private expect(login: PendingLogin, state: LoginView['state'], reason: string, message: string): void {
    if (login.view.state !== state) throw new RefusedError(message, { reason, state: login.view.state });
  }

  /** Frees the login's client and timers; the view stays readable for a while. */
  private async release(login: PendingLogin): Promise<void> {
    for (const timer of login.timers) clearTimeout(timer);
    login.timers.clear();
    const client = login.client;
    login.client = null;
    if (client) await client.destroy().catch((error: Error) => this.logger.warn(`A Telegram login client did not close cleanly: ${error.message}`));
  }

  private after(login: PendingLogin, ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      login.timers.delete(timer);
      run();
    }, Math.max(0, ms));
    timer.unref();
    login.timers.add(timer);
  }

  private find(tenantId: string, id: string): PendingLogin {
    const login = this.logins.get(id);
    if (!login || login.tenantId !== tenantId) throw new NotFoundError('Login not found');
    return login;
  }

  private view(login: PendingLogin): TelegramLoginView {
    return { id: login.id, ...login.view };
  }
}

function deliveryOf(type: Api.auth.TypeSentCodeType): CodeDelivery {
  if (type instanceof Api.auth.SentCodeTypeApp) return 'app';
  if (type instanceof Api.auth.SentCodeTypeSms) return 'sms';
  if (type instanceof Api.auth.SentCodeTypeCall || type instanceof Api.auth.SentCodeTypeFlashCall) return 'call';
  return 'other';
}
