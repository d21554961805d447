import { type BotMessage } from '../connectors/telegram-bot/bot-api.types';
import { EDITED_MARK, type ParsedBotUpdate, chatKindOf, parseBotUpdate, skippedFileNote, withNotes } from './telegram-bot-updates';

const from = { id: 111, is_bot: false, first_name: 'Иван', last_name: 'Петров', username: 'ivanp' };
const privateChat = { id: 111, type: 'private' as const, first_name: 'Иван' };
const message = (extra: Partial<BotMessage> = {}): BotMessage => ({ message_id: 7, date: 1_700_000_000, chat: privateChat, from, text: 'Привет', ...extra });
const draftOf = (parsed: ParsedBotUpdate) => {
  if (parsed.kind !== 'message') throw new Error(`expected a message, got ${parsed.kind}`);
  return parsed.draft;
};

describe('reading a webhook update', () => {
  it('keys a private message by chat and message id, with the sender and the time', () => {
    expect(parseBotUpdate({ update_id: 1, message: message() })).toEqual({
      kind: 'message',
      draft: {
        externalMessageId: '111:7',
        chat: { id: '111', kind: 'private' },
        from: { id: '111', displayName: 'Иван Петров', username: 'ivanp' },
        text: 'Привет',
        files: [],
        sentAt: new Date(1_700_000_000_000),
      },
    });
  });

  it('gives the same key to a repeated update, a different one to the same message id in another chat', () => {
    const first = draftOf(parseBotUpdate({ update_id: 1, message: message() }));
    const again = draftOf(parseBotUpdate({ update_id: 1, message: message() }));
    const elsewhere = draftOf(parseBotUpdate({ update_id: 2, message: message({ chat: { id: 222, type: 'private' }, from: { ...from, id: 222 } }) }));
    expect(again.externalMessageId).toBe(first.externalMessageId);
    expect(elsewhere.externalMessageId).not.toBe(first.externalMessageId);
  });

  it.each<[string, unknown, ParsedBotUpdate['kind']]>([
    ['not an object', 'hello', 'invalid'],
    ['an array', [1], 'invalid'],
    ['no update_id', { message: message() }, 'invalid'],
    ['a message without a chat', { update_id: 1, message: { message_id: 1, date: 1 } }, 'invalid'],
    ['a message with a text id', { update_id: 1, message: { ...message(), message_id: '7' } }, 'invalid'],
    ['a callback query', { update_id: 1, callback_query: { id: 'x' } }, 'ignored'],
    ['a sticker', { update_id: 1, message: { ...message({ text: undefined }), sticker: { file_id: 's' } } }, 'ignored'],
    ['a member joining', { update_id: 1, message: { ...message({ text: undefined }), new_chat_members: [from] } }, 'ignored'],
    ['blank text', { update_id: 1, message: message({ text: '  ' }) }, 'ignored'],
    ['text', { update_id: 1, message: message() }, 'message'],
  ])('%s → %s', (_name, update, kind) => {
    expect(parseBotUpdate(update).kind).toBe(kind);
  });

  it.each<[BotMessage['chat']['type'], string]>([
    ['private', 'private'],
    ['group', 'group'],
    ['supergroup', 'group'],
    ['channel', 'channel'],
  ])('a %s chat is %s to the inbox', (type, kind) => {
    expect(chatKindOf({ type })).toBe(kind);
  });

  it('keeps a group\'s title and the person who wrote there', () => {
    const draft = draftOf(parseBotUpdate({ update_id: 1, message: message({ chat: { id: -100500, type: 'supergroup', title: 'Покупатели' } }) }));
    expect(draft.chat).toEqual({ id: '-100500', kind: 'group', title: 'Покупатели' });
    expect(draft.from.id).toBe('111');
    expect(draft.externalMessageId).toBe('-100500:7');
  });

  it('speaks as the chat for a channel\'s post or an anonymous admin', () => {
    const channel = { id: -100777, type: 'channel' as const, title: 'Новости магазина', username: 'shopnews' };
    const draft = draftOf(parseBotUpdate({ update_id: 1, message: { message_id: 3, date: 1, chat: channel, sender_chat: channel, text: 'Пост' } }));
    expect(draft.from).toEqual({ id: '-100777', displayName: 'Новости магазина', username: 'shopnews' });
    expect(draft.chat.kind).toBe('channel');
  });

  it.each<[Partial<BotMessage['from']>, string]>([
    [{ first_name: 'Анна', last_name: undefined }, 'Анна'],
    [{ first_name: '', last_name: undefined, username: 'anna' }, '@anna'],
    [{ first_name: '', last_name: undefined, username: undefined }, 'Telegram 111'],
  ])('names the sender %j as %s', (change, name) => {
    const draft = draftOf(parseBotUpdate({ update_id: 1, message: message({ from: { ...from, ...change } }) }));
    expect(draft.from.displayName).toBe(name);
  });

  it('takes the largest photo size and the caption as the text', () => {
    const photo = [
      { file_id: 'small', file_unique_id: 's', width: 90, height: 60, file_size: 1000 },
      { file_id: 'large', file_unique_id: 'l', width: 1280, height: 853, file_size: 90_000 },
      { file_id: 'medium', file_unique_id: 'm', width: 320, height: 213, file_size: 12_000 },
    ];
    const draft = draftOf(parseBotUpdate({ update_id: 1, message: message({ text: undefined, caption: 'Вот так', photo }) }));
    expect(draft.text).toBe('Вот так');
    expect(draft.files).toEqual([{ fileId: 'large', fileName: 'photo-7.jpg', fileSize: 90_000 }]);
  });

  it('falls back to the photo\'s area when Telegram gives no sizes', () => {
    const photo = [
      { file_id: 'large', file_unique_id: 'l', width: 1280, height: 853 },
      { file_id: 'small', file_unique_id: 's', width: 90, height: 60 },
    ];
    expect(draftOf(parseBotUpdate({ update_id: 1, message: message({ text: undefined, photo }) })).files[0].fileId).toBe('large');
  });

  it('names documents, voice notes and videos', () => {
    const draft = draftOf(
      parseBotUpdate({
        update_id: 1,
        message: message({
          text: undefined,
          document: { file_id: 'doc', file_unique_id: 'd', file_name: 'Счёт №5.pdf', file_size: 5 },
          voice: { file_id: 'voice', file_unique_id: 'v', duration: 2 },
          video: { file_id: 'video', file_unique_id: 'vi', width: 1, height: 1, duration: 1 },
        }),
      }),
    );
    expect(draft.files).toEqual([
      { fileId: 'doc', fileName: 'Счёт №5.pdf', fileSize: 5 },
      { fileId: 'voice', fileName: 'voice-7.ogg' },
      { fileId: 'video', fileName: 'video-7.mp4' },
    ]);
    expect(draft.text).toBeUndefined();
  });

  it('stores each edit once, marked, under its own key', () => {
    const edit = (edit_date: number) => draftOf(parseBotUpdate({ update_id: 9, edited_message: message({ text: 'Исправил', edit_date }) }));
    expect(edit(1_700_000_100)).toMatchObject({ externalMessageId: '111:7:edited:1700000100', text: `${EDITED_MARK} Исправил`, sentAt: new Date(1_700_000_100_000) });
    expect(edit(1_700_000_200).externalMessageId).not.toBe(edit(1_700_000_100).externalMessageId);
  });
});

describe('notes for files left behind', () => {
  it.each<[number, string]>([
    [10 * 1024 * 1024, '[Файл «видео.mp4» не сохранён: больше 10 МБ]'],
    [1536 * 1024, '[Файл «видео.mp4» не сохранён: больше 1.5 МБ]'],
    [2048, '[Файл «видео.mp4» не сохранён: больше 2 КБ]'],
  ])('too large for a limit of %d bytes', (limit, note) => {
    expect(skippedFileNote('видео.mp4', 'too-large', limit)).toBe(note);
  });

  it('says when Telegram would not hand a file over', () => {
    expect(skippedFileNote('a.pdf', 'unavailable', 1024)).toContain('Telegram');
  });

  it.each<[string | undefined, string[], string | undefined]>([
    ['Текст', [], 'Текст'],
    ['Текст', ['[a]'], 'Текст\n[a]'],
    [undefined, ['[a]', '[b]'], '[a]\n[b]'],
    [undefined, [], undefined],
  ])('%j with %j → %j', (text, notes, expected) => {
    expect(withNotes(text, notes)).toBe(expected);
  });
});
