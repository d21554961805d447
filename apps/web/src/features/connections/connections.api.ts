import { api, requestEmpty, requestJson, unwrap, unwrapEmpty } from '@/shared/api/client';
import type {
  ApiChannelSecrets,
  ChannelType,
  Connection,
  ConnectionChange,
  CreatedConnection,
  DeliveryPage,
  MessagingSettings,
  NewBotConnection,
  NewConnection,
  ReplayResult,
} from './connections.types';

const byId = (id: string) => ({ params: { path: { id } } });

export const connectionsApi = {
  /** Every connection of the business, with its health. */
  list: (): Promise<Connection[]> => unwrap(api.GET('/api/v1/connections')),
  get: (id: string): Promise<Connection> => unwrap(api.GET('/api/v1/connections/{id}', byId(id))),
  /** The messenger types and whether each can be connected now (the platform may suspend one). */
  channelTypes: (): Promise<ChannelType[]> => unwrap(api.GET('/api/v1/channel-types')),
  /** An API channel's inbound token and signing secret come once: afterwards only their hashes exist. */
  create: (body: NewConnection): Promise<CreatedConnection> => unwrap(api.POST('/api/v1/connections', { body })),
  update: (id: string, body: ConnectionChange): Promise<Connection> => unwrap(api.PATCH('/api/v1/connections/{id}', { ...byId(id), body })),
  /** The old token and secret stop working at once. */
  rotateSecrets: (id: string): Promise<ApiChannelSecrets> => unwrap(api.POST('/api/v1/connections/{id}/rotate-secrets', byId(id))),
  /** A Telegram bot by its BotFather token; 400 on `botToken` when Telegram refuses it. */
  // until the OpenAPI document has the Telegram login routes (and the telegram-bot body with them)
  createBot: (body: NewBotConnection): Promise<CreatedConnection> => requestJson<CreatedConnection>('POST', '/api/v1/connections', body),
  /**
   * Disconnects: credentials are deleted at once, the history stays. `logOut` also ends a
   * Telegram account's session on Telegram's side (it leaves the account's device list).
   */
  disconnect: (id: string, { logOut = false }: { logOut?: boolean } = {}): Promise<void> =>
    logOut
      ? // until the OpenAPI document has the Telegram login routes (and the logOut query with them)
        requestEmpty('DELETE', `/api/v1/connections/${encodeURIComponent(id)}?logOut=true`)
      : unwrapEmpty(api.DELETE('/api/v1/connections/{id}', byId(id))),
  /** Newest first; `cursor` pages to older ones. */
  deliveries: (id: string, cursor?: string): Promise<DeliveryPage> =>
    unwrap(api.GET('/api/v1/connections/{id}/webhook-deliveries', { params: { path: { id }, query: { cursor } } })),
  /** Posts the logged webhook again at once (202) and says whether it arrived this time. */
  replay: (id: string, deliveryId: string): Promise<ReplayResult> =>
    unwrap(api.POST('/api/v1/connections/{id}/webhook-deliveries/{deliveryId}/replay', { params: { path: { id, deliveryId } } })),
  settings: (): Promise<MessagingSettings> => unwrap(api.GET('/api/v1/messaging/settings')),
  saveSettings: (body: MessagingSettings): Promise<MessagingSettings> => unwrap(api.PUT('/api/v1/messaging/settings', { body })),
};
