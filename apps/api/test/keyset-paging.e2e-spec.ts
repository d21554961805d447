import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { MemoryConnector } from '@perepiska/messaging';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, signup, type SignedUp } from './identity-fixtures';
import { eventually } from './support/webhook-receiver';
import { bootTestApp } from './test-app';

jest.setTimeout(90_000);

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Keyset paging at a millisecond's edge: inbound messages of one batch are written within the
 * same millisecond, microseconds apart. Following `nextCursor` through the conversation's
 * history and through the inbox list returns every row once, in order, none skipped.
 */
describe('keyset paging', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let owner: SignedUp;
  let connectionId: string;
  let conversationId: string;
  const http = () => request(app.getHttpServer());

  async function all<T extends { id: string }>(path: string, limit: number): Promise<T[]> {
    const seen: T[] = [];
    let cursor: string | null = null;
    do {
      const page = (await http().get(path).query({ limit, ...(cursor ? { cursor } : {}) }).set(bearer(owner.accessToken)).expect(200)).body as Page<T>;
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  }

  beforeAll(async () => {
    app = await bootTestApp();
    db = app.get(DataSource);
    owner = await signup(app, 'ООО «Страницы»');
    const created = await http().post('/api/v1/connections').set(bearer(owner.accessToken)).send({ type: 'memory', displayName: 'Продажи' }).expect(201);
    connectionId = (created.body as { connection: { id: string } }).connection.id;
    await app.get(MemoryConnector).receive(connectionId, { externalMessageId: 'first', chat: { kind: 'private', id: 'chat-1' }, from: { id: 'chat-1', displayName: 'Ирина Страничкина' }, text: 'Здравствуйте' });
    conversationId = await eventually(async () => (await db.query<Array<{ id: string }>>(`SELECT id FROM conversations WHERE connection_id = $1`, [connectionId]))[0]?.id, 'the conversation');
  });
  afterAll(() => app.close());

  it('pages a conversation\'s history through messages written microseconds apart in one millisecond', async () => {
    await db.query(
      `INSERT INTO messages (tenant_id, conversation_id, connection_id, direction, kind, text, external_id, status, created_at)
       SELECT $1, $2, $3, 'in', 'text', 'Сообщение ' || n, 'burst-' || n, 'received', timestamptz '2026-12-01 10:00:00.123000+00' + n * interval '1 microsecond'
         FROM generate_series(1, 40) AS n`,
      [owner.tenantId, conversationId, connectionId],
    );
    const expected = (await db.query<Array<{ id: string }>>(`SELECT id FROM messages WHERE conversation_id = $1 ORDER BY created_at DESC, id DESC`, [conversationId])).map((r) => r.id);
    const history = await all<{ id: string }>(`/api/v1/conversations/${conversationId}/messages`, 7);
    expect(history.map((m) => m.id)).toEqual(expected);
    expect(history[0]).not.toHaveProperty('cursorKey');
  });

  it('pages the inbox through conversations whose last messages share a millisecond', async () => {
    await db.query(
      `INSERT INTO contacts (tenant_id, display_name) SELECT $1, 'Клиент ' || n FROM generate_series(1, 25) AS n`,
      [owner.tenantId],
    );
    await db.query(
      `INSERT INTO conversations (tenant_id, connection_id, contact_id, external_chat_id, chat_kind, status, last_message_at)
       SELECT $1, $2, ct.id, 'bulk-' || ct.display_name, 'private', 'open', timestamptz '2026-12-01 11:00:00.456000+00' + row_number() OVER (ORDER BY ct.id) * interval '1 microsecond'
         FROM contacts ct WHERE ct.tenant_id = $1 AND ct.display_name LIKE 'Клиент %'`,
      [owner.tenantId, connectionId],
    );
    const expected = (await db.query<Array<{ id: string }>>(`SELECT id FROM conversations WHERE tenant_id = $1 ORDER BY last_message_at DESC, id DESC`, [owner.tenantId])).map((r) => r.id);
    expect(expected).toHaveLength(26);
    const inbox = await all<{ id: string }>('/api/v1/conversations', 4);
    expect(inbox.map((c) => c.id)).toEqual(expected);
    expect(inbox[0]).not.toHaveProperty('cursorKey');
  });

  it('refuses a cursor it did not give out, naming the field', async () => {
    const forged = Buffer.from('yesterday|not-an-id').toString('base64url');
    const refused = await http().get('/api/v1/conversations').query({ cursor: forged }).set(bearer(owner.accessToken)).expect(400);
    expect(refused.body).toMatchObject({ details: [{ field: 'cursor' }] });
  });
});
