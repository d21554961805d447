import { Api } from 'telegram';
import bigInt from 'big-integer';
import { ALLOWED_MTPROTO_METHODS, ForbiddenMethodError, assertAllowedRequest } from './mtproto-allow-list';

const user = new Api.InputPeerUser({ userId: bigInt(42), accessHash: bigInt(7) });

describe('the MTProto allow-list', () => {
  it.each([
    ['a private-chat message', new Api.messages.SendMessage({ peer: user, message: 'Здравствуйте', randomId: bigInt(1) })],
    ['a read mark in a private chat', new Api.messages.ReadHistory({ peer: user, maxId: 10 })],
    ['a QR login token', new Api.auth.ExportLoginToken({ apiId: 1, apiHash: 'x', exceptIds: [] })],
    ['catching up', new Api.updates.GetDifference({ pts: 1, date: 1, qts: 0 })],
    ['the connect wrapper', new Api.InvokeWithLayer({ layer: 1, query: new Api.InitConnection({ apiId: 1, deviceModel: 'd', systemVersion: 's', appVersion: 'a', systemLangCode: 'ru', langPack: '', langCode: 'ru', query: new Api.help.GetConfig() }) })],
  ])('lets %s through', (_name, request) => {
    expect(() => assertAllowedRequest(request)).not.toThrow();
  });

  it.each([
    ['joining a channel', new Api.channels.JoinChannel({ channel: new Api.InputChannel({ channelId: bigInt(1), accessHash: bigInt(1) }) })],
    ['editing the profile', new Api.account.UpdateProfile({ firstName: 'Спам' })],
    ['changing the username', new Api.account.UpdateUsername({ username: 'x' })],
    ['importing a chat invite', new Api.messages.ImportChatInvite({ hash: 'abc' })],
    ['posting to a channel', new Api.messages.SendMessage({ peer: new Api.InputPeerChannel({ channelId: bigInt(1), accessHash: bigInt(1) }), message: 'x', randomId: bigInt(1) })],
    ['writing to a group', new Api.messages.SendMessage({ peer: new Api.InputPeerChat({ chatId: bigInt(1) }), message: 'x', randomId: bigInt(1) })],
    ['bulk forwarding', new Api.messages.ForwardMessages({ fromPeer: user, toPeer: user, id: [1], randomId: [bigInt(1)] })],
    ['importing contacts', new Api.contacts.ImportContacts({ contacts: [] })],
    ['a forbidden query behind the layer wrapper', new Api.InvokeWithLayer({ layer: 1, query: new Api.account.UpdateProfile({ about: 'x' }) })],
  ])('refuses %s', (_name, request) => {
    expect(() => assertAllowedRequest(request)).toThrow(ForbiddenMethodError);
  });

  it('lists only methods that exist in the TL schema GramJS speaks', () => {
    const known = new Set<string>();
    const walk = (namespace: Record<string, unknown>, prefix: string) => {
      for (const [name, value] of Object.entries(namespace)) {
        if (typeof value === 'function' && (value as { classType?: string }).classType === 'request') known.add(prefix + name);
        else if (value && typeof value === 'object' && /^[a-z]/.test(name)) walk(value as Record<string, unknown>, `${prefix}${name}.`);
      }
    };
    walk(Api, '');
    expect([...ALLOWED_MTPROTO_METHODS].filter((method) => !known.has(method))).toEqual([]);
  });
});
