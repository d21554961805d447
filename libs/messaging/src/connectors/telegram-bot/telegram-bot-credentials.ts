import { type ConnectionHandle, ConnectorError } from '../channel-connector';

/** What a telegram-bot connection keeps sealed (ConnectionHandles): never shown, never logged. */
export interface TelegramBotCredentials {
  botToken: string;
  /** The setWebhook secret_token Telegram sends back in X-Telegram-Bot-Api-Secret-Token. */
  webhookSecret: string;
}

export function botCredentialsOf(connection: ConnectionHandle): TelegramBotCredentials {
  const botToken = connection.credentials?.botToken;
  const webhookSecret = connection.credentials?.webhookSecret;
  // Disconnected (the credentials were deleted) or never completed: there is no bot to talk to.
  if (typeof botToken !== 'string' || typeof webhookSecret !== 'string') throw new ConnectorError('The bot connection has no credentials', 'auth-lost');
  return { botToken, webhookSecret };
}
