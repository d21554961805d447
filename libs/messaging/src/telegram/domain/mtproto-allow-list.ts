/**
 * The MTProto methods the Telegram connector may invoke, and nothing else (reference 000 §4:
 * the platform never joins groups or channels, never edits the profile, never posts in channels,
 * never messages users in bulk). Every request GramJS sends on our behalf — including the ones
 * it sends by itself (config, pings, file parts) — is checked against this list before it leaves
 * the process; a method outside it throws `ForbiddenMethodError`, so a future change that
 * reaches for `channels.JoinChannel` or `account.UpdateProfile` fails in the tests.
 */
export const ALLOWED_MTPROTO_METHODS: ReadonlySet<string> = new Set([
  // Connecting: the layer and client description wrappers, the DC list, keep-alive pings.
  'InvokeWithLayer',
  'InitConnection',
  'InvokeWithoutUpdates',
  'help.GetConfig',
  'help.GetNearestDc',
  'PingDelayDisconnect',
  'Ping',
  // Login by QR code (core.telegram.org/api/qr-login) and by phone code, with the 2FA check.
  'auth.ExportLoginToken',
  'auth.ImportLoginToken',
  'auth.SendCode',
  'auth.SignIn',
  'account.GetPassword',
  'auth.CheckPassword',
  // Ending the session on Telegram's side when the business asks (reference 000 §6).
  'auth.LogOut',
  // Files on another DC: Telegram's own authorisation transfer between its data centres.
  'auth.ExportAuthorization',
  'auth.ImportAuthorization',
  // Who the connected account is.
  'users.GetUsers',
  // Receiving and catching up after downtime (core.telegram.org/api/updates).
  'updates.GetState',
  'updates.GetDifference',
  'messages.GetHistory',
  // Private-chat replies, their files, and read marks when an employee opens the chat.
  'messages.SendMessage',
  'messages.SendMedia',
  'messages.ReadHistory',
  'upload.SaveFilePart',
  'upload.SaveBigFilePart',
  'upload.GetFile',
]);

/** Methods that address a peer: only a private chat with a user may be addressed (MSG-7). */
export const PEER_ADDRESSING_METHODS: ReadonlySet<string> = new Set(['messages.SendMessage', 'messages.SendMedia', 'messages.ReadHistory', 'messages.GetHistory']);

export class ForbiddenMethodError extends Error {
  constructor(readonly method: string) {
    super(`The Telegram connector may not call ${method}`);
    this.name = 'ForbiddenMethodError';
  }
}

interface TlRequestLike {
  className?: string;
  query?: unknown;
  peer?: { className?: string };
}

/**
 * Checks a request and the queries it wraps. Throws for a method outside the list, and for a
 * peer-addressing method whose peer is not a user (a group, a channel, "self" as a channel…).
 */
export function assertAllowedRequest(request: unknown): void {
  let current = request as TlRequestLike | undefined;
  while (current) {
    const method = current.className ?? 'unknown';
    if (!ALLOWED_MTPROTO_METHODS.has(method)) throw new ForbiddenMethodError(method);
    if (PEER_ADDRESSING_METHODS.has(method)) {
      const peer = current.peer?.className;
      if (peer !== 'InputPeerUser') throw new ForbiddenMethodError(`${method} to ${peer ?? 'an unknown peer'}`);
    }
    current = current.query && typeof current.query === 'object' ? current.query : undefined;
  }
}
