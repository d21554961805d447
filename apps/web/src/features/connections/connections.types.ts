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

/** Only the API channel can be connected in this release; messengers come later. */
export const CREATABLE_TYPES = ['api'];
