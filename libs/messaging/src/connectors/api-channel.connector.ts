import { Injectable } from '@nestjs/common';
import { type ChannelType } from '../domain/channel-types';
import { WebhookDeliveriesRepository } from '../persistence/webhook-deliveries.repository';
import { ChannelConnector, type ConnectionHandle, ConnectorError, type ConnectorSink, type HealthReport, type OutboundPayload, type SendResult } from './channel-connector';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhook } from './webhook-signature';

const TIMEOUT_MS = 10_000;

/**
 * The generic channel for integrators (PRODUCT.md MSG-4): their system posts inbound messages to
 * our API; our outgoing messages reach their URL as signed webhooks. Every attempt is logged so
 * the business can see and replay deliveries; a 5xx, a timeout or a refused connection is
 * retried by the outbound queue with backoff, a 4xx is the integrator refusing for good.
 */
@Injectable()
export class ApiChannelConnector extends ChannelConnector {
  readonly type: ChannelType = 'api';
  override readonly keepsSentCopies = true;

  constructor(private readonly deliveries: WebhookDeliveriesRepository) {
    super();
  }

  connect(_connection: ConnectionHandle, _sink: ConnectorSink): Promise<void> {
    // Inbound arrives over our HTTP API; nothing to start.
    return Promise.resolve();
  }

  disconnect(_connectionId: string): Promise<void> {
    return Promise.resolve();
  }

  async send(connection: ConnectionHandle, payload: OutboundPayload): Promise<SendResult> {
    if (!connection.webhookUrl) throw new ConnectorError('The connection has no webhook URL', 'rejected');
    const body = {
      event: 'message.created',
      message: {
        id: payload.messageId,
        chatId: payload.chatId,
        text: payload.text,
        attachments: payload.attachments.map((file) => ({ fileName: file.fileName, mimeType: file.mimeType, kind: file.kind, contentBase64: file.content.toString('base64') })),
      },
    };
    const deliveryId = await this.deliveries.open(connection.tenantId, connection.id, payload.messageId, 'message.created', body);
    const outcome = await this.post(connection, JSON.stringify(body));
    await this.deliveries.recordAttempt(deliveryId, { ...outcome, final: outcome.delivered || !outcome.retryable });
    if (!outcome.delivered) throw new ConnectorError(outcome.error ?? 'Webhook not accepted', outcome.retryable ? 'unavailable' : 'rejected');
    return { externalId: payload.messageId };
  }

  /** Posts a logged delivery again, as the business asked; the log records the new attempt. */
  async replay(connection: ConnectionHandle, deliveryId: string, payload: Record<string, unknown>): Promise<boolean> {
    const outcome = await this.post(connection, JSON.stringify(payload));
    await this.deliveries.recordAttempt(deliveryId, { ...outcome, final: true });
    return outcome.delivered;
  }

  markRead(): Promise<void> {
    // The integrator's system shows its own read state.
    return Promise.resolve();
  }

  health(connection: ConnectionHandle): Promise<HealthReport> {
    return Promise.resolve({ state: connection.webhookUrl ? 'active' : 'pending-login', checkedAt: new Date() });
  }

  private async post(connection: ConnectionHandle, body: string): Promise<{ delivered: boolean; retryable: boolean; responseStatus: number | null; error: string | null }> {
    const secret = typeof connection.credentials?.signingSecret === 'string' ? connection.credentials.signingSecret : '';
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const response = await fetch(connection.webhookUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Perepiska-Webhooks/1', [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body) },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await response.body?.cancel();
      if (response.ok) return { delivered: true, retryable: false, responseStatus: response.status, error: null };
      const retryable = response.status >= 500 || response.status === 429 || response.status === 408;
      return { delivered: false, retryable, responseStatus: response.status, error: `The endpoint answered ${response.status}` };
    } catch (error) {
      const cause = (error as Error & { cause?: { code?: string } }).cause?.code;
      return { delivered: false, retryable: true, responseStatus: null, error: `Not delivered: ${cause ?? (error as Error).name}` };
    }
  }
}
