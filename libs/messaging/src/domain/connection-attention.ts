import { type ChannelType, type ConnectionState, MESSENGER_NAMES } from './channel-types';

/**
 * When the business is told by e-mail that a connection needs a person (MSG-10), and what the
 * letter says. Only states a person must fix are mailed; a flood wait ends by itself and is
 * shown in the app only.
 */
export const MAILED_STATES = ['needs-relogin', 'banned'] as const;
export type MailedState = (typeof MAILED_STATES)[number];

/**
 * Who is told: the built-in roles that manage connections and any custom role granted
 * `connections.manage`. Identity owns the roles; messaging cannot import it (module
 * boundaries), so the two built-in roles granting that permission are named here.
 */
export const ATTENTION_ROLES = ['owner', 'admin'] as const;
export const ATTENTION_PERMISSION = 'connections.manage';

/**
 * A mail goes out on the move into a state, not on each repeated report of it: connectors
 * report the same failure on every call that meets it. `previous` is null when the row is gone.
 */
export function mailedStateOf(previous: ConnectionState | null, next: ConnectionState): MailedState | null {
  if (previous === null || previous === 'disconnected' || previous === next) return null;
  return (MAILED_STATES as readonly string[]).includes(next) ? (next as MailedState) : null;
}

/** What happened, in words for the business rather than the messenger's error code. */
export function attentionReason(type: ChannelType, state: MailedState): string {
  const messenger = MESSENGER_NAMES[type];
  if (type === 'telegram-bot') {
    return state === 'needs-relogin' ? 'Telegram больше не принимает токен бота — подключите бота заново с новым токеном' : 'Telegram заблокировал бота';
  }
  return state === 'needs-relogin' ? `${messenger} завершил сеанс — войдите заново` : `${messenger} заблокировал аккаунт`;
}

export interface AttentionMailInput {
  tenantName: string;
  connection: { type: ChannelType; displayName: string };
  state: MailedState;
  /** The connection's page in the app. */
  link: string;
}

export interface AttentionMail {
  subject: string;
  text: string;
}

export function attentionMail(input: AttentionMailInput): AttentionMail {
  const name = input.connection.displayName.trim() || MESSENGER_NAMES[input.connection.type];
  const reason = attentionReason(input.connection.type, input.state);
  const subject = input.state === 'needs-relogin' ? `Подключение «${name}» требует повторного входа` : `Подключение «${name}» заблокировано`;
  const advice =
    input.state === 'needs-relogin'
      ? 'Пока вы не войдёте заново, сообщения клиентов через это подключение не приходят и не отправляются.'
      : 'Сообщения через это подключение не приходят и не отправляются. Проверьте аккаунт в мессенджере или подключите другой.';
  const text = [
    `Подключение «${name}» в «${input.tenantName}» перестало работать: ${reason}.`,
    '',
    advice,
    '',
    `Открыть подключение: ${input.link}`,
    '',
    'Это письмо получают сотрудники, которые управляют подключениями компании в «Переписке».',
  ].join('\n');
  return { subject, text };
}
