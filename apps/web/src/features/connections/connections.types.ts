import type { Schemas } from '@perepiska/api-client';

export type Connection = Schemas['ConnectionDto'];
export type ConnectionState = Connection['state'];
export type ChannelType = Schemas['ChannelTypeDto'];
/** Shown once: the integrator's inbound token and the key our webhooks are signed with. */
export type ApiChannelSecrets = Schemas['ConnectionSecretsDto'];
export type CreatedConnection = Schemas['CreatedConnectionDto'];
export type NewConnection = Schemas['CreateConnectionDto'];
export type ConnectionChange = Schemas['UpdateConnectionDto'];
export type WebhookDelivery = Schemas['WebhookDeliveryDto'];
export type DeliveryStatus = WebhookDelivery['status'];
export type DeliveryPage = Schemas['WebhookDeliveryPageDto'];
export type ReplayResult = Schemas['ReplayResultDto'];
/** The opt-out line, keywords and confirmation (MSG-8) and the per-chat limit. */
export type MessagingSettings = Schemas['MessagingSettingsDto'];

type Tone = 'success' | 'neutral' | 'danger' | 'warning' | 'info';

/** What the health badge shows: a suspended messenger type outranks the connection's own state. */
export type ConnectionHealth = ConnectionState | 'suspended';

export function healthOf(connection: Pick<Connection, 'state' | 'suspendedReason'>): ConnectionHealth {
  return connection.suspendedReason ? 'suspended' : connection.state;
}

export const HEALTH_TONE: Record<ConnectionHealth, Tone> = {
  active: 'success',
  'pending-login': 'info',
  'needs-relogin': 'warning',
  'flood-wait': 'warning',
  banned: 'danger',
  disconnected: 'neutral',
  suspended: 'danger',
};

export const DELIVERY_TONE: Record<DeliveryStatus, Tone> = { pending: 'info', delivered: 'success', failed: 'danger' };

/** The types this release can connect; the others are listed as coming soon. */
export const CREATABLE_TYPES = ['api', 'telegram', 'telegram-bot'];

/*
 * Telegram: the personal-account login and the bot connection.
 * Declared by hand from the API contract (notes/telegram-api-contract.md) until the OpenAPI
 * document has the Telegram login routes; then each becomes `Schemas['…Dto']` and nothing else
 * in the SPA changes.
 */
export type TelegramLoginMethod = 'qr' | 'phone';
export type TelegramLoginState = 'waiting-for-scan' | 'code-sent' | 'password-needed' | 'done' | 'expired' | 'failed' | 'cancelled';
/** `phone-unregistered`: no Telegram account on that number — we never sign one up. */
export type LoginErrorCode =
  | 'code-invalid'
  | 'code-expired'
  | 'password-invalid'
  | 'phone-invalid'
  | 'phone-unregistered'
  | 'phone-banned'
  | 'flood-wait'
  | 'expired'
  | 'network'
  | 'not-found'
  /** The account is connected already, in this business or another. */
  | 'account-connected';
/** Where Telegram sent the login code. */
export type CodeDelivery = 'app' | 'sms' | 'call' | 'other';

export interface TelegramLogin {
  id: string;
  method: TelegramLoginMethod;
  state: TelegramLoginState;
  /** `tg://login?token=…` while waiting for the scan; renewed about every 30 s. */
  qrUrl: string | null;
  qrExpiresAt: string | null;
  /** Masked, e.g. "+7 ••• •••-••-67". */
  phone: string | null;
  codeDelivery: CodeDelivery | null;
  passwordHint: string | null;
  /** The last error; the state may stay the same (a wrong code keeps `code-sent`). */
  error: { code: LoginErrorCode; message: string } | null;
  /** With `flood-wait`: how long Telegram asks to wait. */
  retryAfterSeconds: number | null;
  /** The connection now active, once `done`. */
  connectionId: string | null;
  /** The whole attempt expires then. */
  expiresAt: string;
}

export interface NewTelegramLogin {
  method: TelegramLoginMethod;
  /** International format, required for `phone`. */
  phone?: string;
  /** Signing in again to a connection in `needs-relogin`. */
  connectionId?: string;
  displayName?: string;
}

/** POST /connections for a bot; answered with `secrets: null` (the token never comes back). */
export interface NewBotConnection {
  type: 'telegram-bot';
  botToken: string;
  displayName?: string;
}

export const FINAL_LOGIN_STATES: readonly TelegramLoginState[] = ['done', 'expired', 'failed', 'cancelled'];

export const isFinalLogin = (state: TelegramLoginState): boolean => FINAL_LOGIN_STATES.includes(state);
