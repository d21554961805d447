import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { MemoryConnector } from '@perepiska/messaging';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, employee, signup, type SignedUp } from './identity-fixtures';
import { eventually } from './support/webhook-receiver';
import { bootTestApp } from './test-app';

jest.setTimeout(90_000);

interface Client {
  id: string;
  displayName: string;
  phone: string | null;
  channels: Array<{ type: string; username: string | null }>;
  firstSeenAt: string;
  lastMessageAt: string;
  conversations: number;
  latestConversationId: string;
}
interface ClientPage {
  items: Client[];
  nextCursor: string | null;
}

/**
 * The client base (issue 8: a blocked client is left out of search results and exports): the
 * business's clients, the latest activity first, searched like the inbox; the CSV export needs
 * its own permission and is journalled with its row count, never its rows; another business's
 * clients never appear; a client blocked on their request is gone from all of it until unblocked.
 */
describe('the client base', () => {
  let app: NestFastifyApplication;
  let db: DataSource;
  let memory: MemoryConnector;
  let a: SignedUp;
  let b: SignedUp;
  let connectionA: string;
  const http = () => request(app.getHttpServer());
  const clients = async (token: string, query: Record<string, string | number> = {}) => (await http().get('/api/v1/contacts').query(query).set(bearer(token)).expect(200)).body as ClientPage;
  const names = (page: ClientPage) => page.items.map((c) => c.displayName);
  const csvOf = async (token: string) => {
    const response = await http().get('/api/v1/contacts/export.csv').set(bearer(token)).buffer(true).expect(200);
    return { text: response.text, headers: response.headers };
  };

  async function connect(business: SignedUp, name: string): Promise<string> {
    const created = await http().post('/api/v1/connections').set(bearer(business.accessToken)).send({ type: 'memory', displayName: name }).expect(201);
    return (created.body as { connection: { id: string } }).connection.id;
  }

  /** A client writes in a chat; answers once the message is in the conversation (inbound runs on a queue). */
  async function writes(connectionId: string, chat: { id: string; kind?: 'private' | 'group'; title?: string }, from: { id: string; displayName: string; username?: string; phone?: string }, text: string) {
    const externalMessageId = randomUUID();
    await memory.receive(connectionId, { externalMessageId, chat: { kind: 'private', ...chat }, from, text });
    return eventually(async () => {
      const [row] = await db.query<Array<{ id: string; contact_id: string }>>(
        `SELECT c.id, c.contact_id FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.connection_id = $1 AND m.external_id = $2`,
        [connectionId, externalMessageId],
      );
      return row && { conversationId: row.id, contactId: row.contact_id };
    }, `message in ${chat.id}`);
  }

  beforeAll(async () => {
    app = await bootTestApp();
    db = app.get(DataSource);
    memory = app.get(MemoryConnector);
    a = await signup(app, 'ООО «Шарики»');
    b = await signup(app, 'ООО «Чужие»');
    connectionA = await connect(a, 'Продажи');
  });
  afterAll(() => app.close());

  it('lists the business\'s clients, the latest activity first, each once with their channels and conversations, and pages them', async () => {
    const ivan = await writes(connectionA, { id: 'ivan' }, { id: 'ivan', displayName: 'Иван Шариков', username: 'ivan_sharik', phone: '+7 903 111-22-33' }, 'Здравствуйте, нужны шарики');
    await writes(connectionA, { id: 'olga' }, { id: 'olga', displayName: 'Ольга Бантикова', phone: '+7 916 222-33-44' }, 'Есть ли банты?');
    await writes(connectionA, { id: 'petr' }, { id: 'petr', displayName: 'Пётр Ленточкин', username: 'lenta' }, 'А ленты?');
    // Ivan writes again, in a group chat too: one client with two conversations, now the most recent.
    const group = await writes(connectionA, { id: 'party', kind: 'group', title: 'Праздник' }, { id: 'ivan', displayName: 'Иван Шариков', username: 'ivan_sharik' }, 'Добавил вас в чат праздника');
    expect(group.contactId).toBe(ivan.contactId);
    // Another business's client, with a name that would match every search below.
    const connectionB = await connect(b, 'Чужой');
    await writes(connectionB, { id: 'ivan' }, { id: 'ivan', displayName: 'Иван Шариков-Чужой', username: 'ivan_sharik', phone: '+7 903 111-22-33' }, 'Секрет другой компании');

    const page = await clients(a.accessToken);
    expect(names(page)).toEqual(['Иван Шариков', 'Пётр Ленточкин', 'Ольга Бантикова']);
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]).toMatchObject({
      id: ivan.contactId,
      phone: '+7 903 111-22-33',
      channels: [{ type: 'memory', username: 'ivan_sharik' }],
      conversations: 2,
      latestConversationId: group.conversationId,
    });
    expect(Date.parse(page.items[0].firstSeenAt)).toBeLessThanOrEqual(Date.parse(page.items[0].lastMessageAt));
    expect(JSON.stringify(page)).not.toContain('Чужой');

    // Pages of two: no client twice, none left out.
    const first = await clients(a.accessToken, { limit: 2 });
    expect(names(first)).toEqual(['Иван Шариков', 'Пётр Ленточкин']);
    const second = await clients(a.accessToken, { limit: 2, cursor: first.nextCursor! });
    expect(names(second)).toEqual(['Ольга Бантикова']);
    expect(second.nextCursor).toBeNull();

    // Business B sees its own client only.
    expect(names(await clients(b.accessToken))).toEqual(['Иван Шариков-Чужой']);
    // The list is a read of personal data: journalled, without what was searched for.
    await clients(a.accessToken, { q: 'Шариков' });
    const journal = await db.query<Array<{ resource_id: string; action: string }>>(`SELECT resource_id, action FROM access_journal WHERE tenant_id = $1 AND resource_type = 'contacts'`, [a.tenantId]);
    expect(journal.length).toBeGreaterThanOrEqual(4);
    expect(new Set(journal.map((j) => `${j.resource_id} ${j.action}`))).toEqual(new Set(['* list']));
  });

  it('searches by name, phone and messenger username as the inbox does, within the business only', async () => {
    const search = async (q: string) => names(await clients(a.accessToken, { q }));
    expect(await search('шариков')).toEqual(['Иван Шариков']);
    expect(await search('916 222')).toEqual(['Ольга Бантикова']);
    expect(await search('lenta')).toEqual(['Пётр Ленточкин']);
    expect(await search('ivan_sh')).toEqual(['Иван Шариков']);
    // The messenger's own id matches exactly, not in part.
    expect(await search('petr')).toEqual(['Пётр Ленточкин']);
    expect(await search('pet')).toEqual([]);
    // A pattern character is taken literally.
    expect(await search('%')).toEqual([]);
    expect(names(await clients(b.accessToken, { q: 'Ольга' }))).toEqual([]);
  });

  it('names the field a bad query gets wrong', async () => {
    const refused = async (query: Record<string, string | number>) => ((await http().get('/api/v1/contacts').query(query).set(bearer(a.accessToken)).expect(400)).body as { details: Array<{ field: string }> }).details.map((d) => d.field);
    expect(await refused({ limit: 0 })).toEqual(['limit']);
    expect(await refused({ limit: 201 })).toEqual(['limit']);
    expect(await refused({ q: 'x'.repeat(101) })).toEqual(['q']);
    expect(await refused({ cursor: 'not-a-cursor' })).toEqual(['cursor']);
  });

  it('exports the whole base as CSV with a BOM and a header, for those allowed to, and journals how many rows without them', async () => {
    const { text, headers } = await csvOf(a.accessToken);
    expect(headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(headers['content-disposition']).toBe('attachment; filename="clients.csv"');
    expect(headers['cache-control']).toBe('private, no-store');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('\uFEFFid,display_name,phone,channels,first_seen_at,last_message_at,conversations');
    expect(lines.at(-1)).toBe('');
    const rows = lines.slice(1, -1);
    // In the order the clients were first seen.
    expect(rows.map((row) => row.split(',')[1])).toEqual(['Иван Шариков', 'Ольга Бантикова', 'Пётр Ленточкин']);
    expect(rows[0]).toContain(",'+7 903 111-22-33,memory @ivan_sharik,");
    expect(rows[0]).toMatch(/,2$/);
    expect(text).not.toContain('Чужой');
    expect(text).not.toContain('Секрет');

    // The base of business B is its own.
    const other = (await csvOf(b.accessToken)).text.split('\r\n').slice(1, -1);
    expect(other.map((row) => row.split(',')[1])).toEqual(['Иван Шариков-Чужой']);

    // An operator reads clients but may not download the base; nor may a compliance officer.
    const operator = await employee(app, a.tenantId, 'operator');
    await http().get('/api/v1/contacts').set(bearer(operator.accessToken)).expect(200);
    const refused = await http().get('/api/v1/contacts/export.csv').set(bearer(operator.accessToken)).expect(403);
    expect((refused.body as { message: string }).message).toMatch(/contacts\.export/);
    const officer = await employee(app, a.tenantId, 'compliance-officer');
    await http().get('/api/v1/contacts/export.csv').set(bearer(officer.accessToken)).expect(403);

    // The access journal has the download, the audit log its size; neither holds a client's data.
    expect(await db.query(`SELECT actor_user_id AS "actorUserId", resource_id AS "resourceId" FROM access_journal WHERE tenant_id = $1 AND resource_type = 'contacts' AND action = 'export'`, [a.tenantId])).toEqual([
      { actorUserId: a.userId, resourceId: '*' },
    ]);
    const audit = await eventually(
      async () => {
        const rows = await db.query<Array<{ actor_user_id: string; details: unknown }>>(`SELECT actor_user_id, details FROM audit_events WHERE tenant_id = $1 AND action = 'contacts.exported'`, [a.tenantId]);
        return rows.length ? rows : undefined;
      },
      'the export in the audit log',
    );
    expect(audit).toEqual([{ actor_user_id: a.userId, details: { rows: 3, complete: true } }]);
    const events = await db.query<Array<{ row: string }>>(`SELECT row_to_json(e)::text AS row FROM audit_events e WHERE tenant_id = $1`, [a.tenantId]);
    expect(events.map((e) => e.row).join('\n')).not.toMatch(/Шариков|Бантикова|903 111|ivan_sharik/);
    // The audit log lists the event with a filter of its own.
    const listed = await http().get('/api/v1/audit-events').query({ action: 'contacts.exported' }).set(bearer(a.accessToken)).expect(200);
    expect((listed.body as Array<{ details: unknown }>).map((e) => e.details)).toEqual([{ rows: 3, complete: true }]);
  });

  it('exports a base larger than one batch in full, each client once', async () => {
    const connection = await connect(b, 'Рассылка');
    const total = 1234;
    // Straight into the tables, as a large base already is: the inbound pipeline has its own tests.
    await db.query(
      `WITH people AS (
         INSERT INTO contacts (tenant_id, display_name, phone) SELECT $1, 'Клиент ' || n, '+7 900 ' || lpad(n::text, 7, '0') FROM generate_series(1, $3::int) AS n RETURNING id, display_name
       )
       INSERT INTO conversations (tenant_id, connection_id, contact_id, external_chat_id, chat_kind) SELECT $1, $2, id, display_name, 'private' FROM people`,
      [b.tenantId, connection, total],
    );
    const rows = (await csvOf(b.accessToken)).text.split('\r\n').slice(1, -1);
    expect(rows).toHaveLength(total + 1);
    expect(new Set(rows.map((row) => row.split(',')[0])).size).toBe(total + 1);
    const audit = await db.query<Array<{ details: unknown }>>(`SELECT details FROM audit_events WHERE tenant_id = $1 AND action = 'contacts.exported'`, [b.tenantId]);
    expect(audit.map((e) => e.details)).toContainEqual({ rows: total + 1, complete: true });
  });

  it('leaves a client blocked on their request out of the list, the search and the export until they are unblocked', async () => {
    const phone = '+7 926 777-88-99';
    const { conversationId, contactId } = await writes(connectionA, { id: 'sporny' }, { id: 'sporny', displayName: 'Пётр Спорный', phone }, 'Мой номер у вас записан неверно');
    const listed = async () => (await clients(a.accessToken)).items.map((c) => c.id);
    const found = async () => (await clients(a.accessToken, { q: 'Спорный' })).items.map((c) => c.id);
    const exported = async () => (await csvOf(a.accessToken)).text.includes(contactId);
    expect(await listed()).toContain(contactId);
    expect(await found()).toEqual([contactId]);
    expect(await exported()).toBe(true);

    const officer = await employee(app, a.tenantId, 'compliance-officer');
    const requests = (path: string, body: object) => http().post(`/api/v1/subject-requests${path}`).set(bearer(officer.accessToken)).send(body);
    const claim = (await requests('', { kind: 'blocking', subject: { fullName: 'Пётр Спорный', phone }, details: 'Данные неточны, заблокируйте до проверки', conversationId }).expect(201)).body as { id: string };
    await requests(`/${claim.id}/identity`, { method: 'messenger-match', evidence: 'Заявление из той же переписки' }).expect(201);
    await requests(`/${claim.id}/block`, { reason: 'Заявлено о неточности номера' }).expect(201);

    expect(await listed()).not.toContain(contactId);
    expect(await found()).toEqual([]);
    expect(await clients(a.accessToken, { q: '926 777' })).toEqual({ items: [], nextCursor: null });
    expect(await exported()).toBe(false);
    // Not for the compliance officer either: the request that blocked the client is where they find them.
    expect((await clients(officer.accessToken, { q: 'Спорный' })).items).toEqual([]);
    // The others are still there.
    expect(names(await clients(a.accessToken))).toEqual(expect.arrayContaining(['Иван Шариков', 'Ольга Бантикова', 'Пётр Ленточкин']));

    await requests(`/${claim.id}/unblock`, { reason: 'Проверка завершена, номер уточнён' }).expect(201);
    expect(await listed()).toContain(contactId);
    expect(await found()).toEqual([contactId]);
    expect(await exported()).toBe(true);
  });
});
