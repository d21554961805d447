import { Injectable } from '@nestjs/common';
import { NotFoundError, type Principal } from '@perepiska/platform';
import { conversationScope } from '../domain/conversation-scope';
import { type ContactRow, ContactsRepository } from '../persistence/contacts.repository';

/** A client's card: identities, opt-out state; seen by whoever sees one of their conversations. */
@Injectable()
export class ContactsService {
  constructor(private readonly contacts: ContactsRepository) {}

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
