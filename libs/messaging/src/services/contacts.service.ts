import { Injectable } from '@nestjs/common';
import { AuditTrail, NotFoundError, type Principal } from '@perepiska/platform';
import { Readable } from 'node:stream';
import { clientExportHeader, clientExportLine } from '../domain/contact-export';
import { conversationScope } from '../domain/conversation-scope';
import { decodeCursor, encodeCursor } from '../domain/keyset-cursor';
import { type ClientRow, type ContactRow, ContactsRepository } from '../persistence/contacts.repository';

export type ClientView = Omit<ClientRow, 'key'>;

/** Rows the export reads at a time: the file streams out while the next batch is read. */
export const CLIENT_EXPORT_BATCH = 1000;

const view = ({ key: _key, ...client }: ClientRow): ClientView => client;

/** A client's card: identities, opt-out state; seen by whoever sees one of their conversations. */
@Injectable()
export class ContactsService {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * The client base: those whose conversations the caller sees, the latest activity first,
   * searched like the inbox. A client blocked on their request (152-FZ art. 21) is not listed
   * nor found until unblocked — for anyone: the request that blocked them is where a compliance
   * officer finds them.
   */
  async list(principal: Principal, query: { q?: string; cursor?: string; limit?: number }): Promise<{ items: ClientView[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const rows = await this.contacts.clients(principal.tenantId, conversationScope(principal), { search: query.q, after: decodeCursor(query.cursor), limit });
    const last = rows.at(-1);
    return { items: rows.map(view), nextCursor: rows.length === limit && last ? encodeCursor({ key: last.key, id: last.latestConversationId }) : null };
  }

  /**
   * The whole client base as CSV, read a batch at a time while it streams out. The first batch
   * is read before the answer starts, so a failure is an error answer rather than a cut file.
   * The audit log records who downloaded how many rows (never which), once the file has been
   * sent or the download was cut short.
   */
  async export(principal: Principal): Promise<Readable> {
    const scope = conversationScope(principal);
    const batch = (after?: ClientRow) => this.contacts.clientsByFirstSeen(principal.tenantId, scope, after && { key: after.key, id: after.id }, CLIENT_EXPORT_BATCH);
    const first = await batch();
    const audit = this.audit;
    async function* file(): AsyncGenerator<string> {
      let rows = 0;
      let complete = false;
      try {
        yield clientExportHeader();
        for (let current = first; current.length > 0; current = current.length < CLIENT_EXPORT_BATCH ? [] : await batch(current.at(-1))) {
          yield current.map(clientExportLine).join('');
          rows += current.length;
        }
        complete = true;
      } finally {
        await audit.record(principal, { action: 'contacts.exported', details: { rows, complete } });
      }
    }
    return Readable.from(file(), { objectMode: false });
  }

  async get(principal: Principal, id: string): Promise<Omit<ContactRow, 'tenantId'>> {
    const contact = await this.visibleContact(principal, id);
    const { tenantId: _tenant, ...view } = contact;
    return view;
  }

  /** A client asked by other means (a call, a letter) not to be written to. */
  async suppress(principal: Principal, id: string): Promise<void> {
    await this.visibleContact(principal, id);
    await this.contacts.suppress(principal.tenantId, id, principal.userId ?? null);
  }

  async lift(principal: Principal, id: string): Promise<void> {
    await this.visibleContact(principal, id);
    await this.contacts.lift(principal.tenantId, id, principal.userId ?? null);
  }

  private async visibleContact(principal: Principal, id: string): Promise<ContactRow> {
    const contact = await this.contacts.find(principal.tenantId, id);
    if (!contact || !(await this.contacts.visible(principal.tenantId, conversationScope(principal), id))) throw new NotFoundError('Contact not found');
    return contact;
  }
}
