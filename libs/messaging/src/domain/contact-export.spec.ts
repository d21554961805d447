import { channelsCell, clientExportHeader, clientExportLine } from './contact-export';

describe('the client base export', () => {
  it('starts with the BOM and the header', () => {
    expect(clientExportHeader()).toBe('\uFEFFid,display_name,phone,channels,first_seen_at,last_message_at,conversations\r\n');
  });

  it.each([
    [[], ''],
    [[{ type: 'telegram', username: 'ivan_p' }], 'telegram @ivan_p'],
    [[{ type: 'telegram', username: '@ivan_p' }, { type: 'api', username: null }], 'telegram @ivan_p; api'],
  ])('writes the channels %j as %j', (channels, cell) => {
    expect(channelsCell(channels)).toBe(cell);
  });

  it('writes one client per line, quoting what a spreadsheet would misread', () => {
    const line = clientExportLine({
      id: '7f1c2d7e-0000-4000-8000-000000000001',
      displayName: 'ООО "Шарики", закупки',
      phone: '+7 903 111-22-33',
      channels: [{ type: 'telegram', username: 'sharik' }],
      firstSeenAt: new Date('2026-03-01T09:00:00.000Z'),
      lastMessageAt: new Date('2026-03-02T10:30:00.000Z'),
      conversations: 2,
    });
    expect(line).toBe(`7f1c2d7e-0000-4000-8000-000000000001,"ООО ""Шарики"", закупки",'+7 903 111-22-33,telegram @sharik,2026-03-01T09:00:00.000Z,2026-03-02T10:30:00.000Z,2\r\n`);
  });
});
