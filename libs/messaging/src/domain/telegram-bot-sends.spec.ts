import { type OutboundFile } from '../connectors/channel-connector';
import { CAPTION_LIMIT, TEXT_LIMIT, mediaMethodFor, planBotSends, splitText } from './telegram-bot-sends';

const file = (kind: OutboundFile['kind'], mimeType: string, fileName = 'f', size = 10): OutboundFile => ({ kind, mimeType, fileName, content: Buffer.alloc(size, 1) });

describe('the Bot API method for each file', () => {
  it.each<[OutboundFile, string]>([
    [file('image', 'image/jpeg'), 'sendPhoto'],
    [file('image', 'image/png'), 'sendPhoto'],
    [file('image', 'image/webp'), 'sendPhoto'],
    // A GIF as a photo would lose its motion; as a document it plays.
    [file('image', 'image/gif'), 'sendDocument'],
    [file('image', 'image/tiff'), 'sendDocument'],
    // sendPhoto takes at most 10 MB.
    [file('image', 'image/jpeg', 'big.jpg', 10 * 1024 * 1024 + 1), 'sendDocument'],
    [file('file', 'application/pdf'), 'sendDocument'],
    [file('voice', 'audio/ogg'), 'sendVoice'],
    [file('voice', 'audio/ogg; codecs=opus'), 'sendVoice'],
    [file('voice', 'audio/mpeg'), 'sendVoice'],
    [file('voice', 'audio/x-m4a'), 'sendVoice'],
    [file('voice', 'audio/flac'), 'sendDocument'],
    [file('video', 'video/mp4'), 'sendVideo'],
    [file('video', 'video/quicktime'), 'sendDocument'],
  ])('%s %s', (outbound, expected) => {
    expect(mediaMethodFor(outbound)).toBe(expected);
  });
});

describe('the calls that deliver one message', () => {
  const photo = file('image', 'image/png', 'a.png');
  const pdf = file('file', 'application/pdf', 'b.pdf');

  it.each<[string, string | null, OutboundFile[], Array<{ method: string; text?: string; caption?: string; fileName?: string }>]>([
    ['text alone', 'Здравствуйте', [], [{ method: 'sendMessage', text: 'Здравствуйте' }]],
    ['one file with its text as the caption', 'Счёт', [photo], [{ method: 'sendPhoto', caption: 'Счёт', fileName: 'a.png' }]],
    ['one file without text', null, [pdf], [{ method: 'sendDocument', fileName: 'b.pdf' }]],
    ['blank text is no text', '   ', [pdf], [{ method: 'sendDocument', fileName: 'b.pdf' }]],
    ['two files: the text first, on its own', 'Документы', [photo, pdf], [{ method: 'sendMessage', text: 'Документы' }, { method: 'sendPhoto', fileName: 'a.png' }, { method: 'sendDocument', fileName: 'b.pdf' }]],
    ['a text too long for a caption goes first', 'я'.repeat(CAPTION_LIMIT + 1), [pdf], [{ method: 'sendMessage', text: 'я'.repeat(CAPTION_LIMIT + 1) }, { method: 'sendDocument', fileName: 'b.pdf' }]],
    ['a caption at the limit still rides', 'я'.repeat(CAPTION_LIMIT), [pdf], [{ method: 'sendDocument', caption: 'я'.repeat(CAPTION_LIMIT), fileName: 'b.pdf' }]],
  ])('%s', (_name, text, attachments, expected) => {
    const steps = planBotSends(text, attachments).map((step) =>
      step.method === 'sendMessage' ? { method: step.method, text: step.text } : { method: step.method, fileName: step.file.fileName, ...(step.caption ? { caption: step.caption } : {}) },
    );
    expect(steps).toEqual(expected);
  });

  it('nothing to send is no call', () => {
    expect(planBotSends(null, [])).toEqual([]);
  });
});

describe('splitting a long text', () => {
  it('keeps a text within the limit whole', () => {
    expect(splitText('коротко', TEXT_LIMIT)).toEqual(['коротко']);
  });

  it('cuts at the last space near the limit and loses nothing', () => {
    const text = `${'а'.repeat(95)} ${'б'.repeat(50)}`;
    const chunks = splitText(text, 100);
    expect(chunks).toEqual([`${'а'.repeat(95)} `, 'б'.repeat(50)]);
    expect(chunks.join('')).toBe(text);
  });

  it('cuts hard where there is no space, never inside a surrogate pair', () => {
    const text = `${'x'.repeat(9)}😀${'y'.repeat(5)}`; // the emoji takes units 9 and 10
    const chunks = splitText(text, 10);
    expect(chunks[0]).toBe('x'.repeat(9));
    expect(chunks.join('')).toBe(text);
    expect(chunks.every((c) => c.length <= 10)).toBe(true);
  });

  it('makes every chunk fit for a text many times the limit', () => {
    const text = 'слово '.repeat(2000);
    const chunks = splitText(text, TEXT_LIMIT);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c) => c.length <= TEXT_LIMIT)).toBe(true);
    expect(chunks.join('')).toBe(text);
  });
});
