import { type SubjectLocator } from '@perepiska/platform';
import { type EntityManager } from 'typeorm';

/**
 * The business's client cards of a data subject: by contact id, phone, e-mail or messenger
 * identity, always within the subject's tenant. One lookup for the subject-request source and
 * the known channels a one-time code goes to.
 */
export async function subjectContactIds(manager: EntityManager, subject: SubjectLocator): Promise<string[]> {
  const identities = subject.messengerIdentities ?? [];
  const rows = await manager.query<Array<{ id: string }>>(
    `SELECT c.id FROM contacts c WHERE c.tenant_id = $1 AND (
        c.id = ANY($2::uuid[]) OR c.phone = ANY($3::text[]) OR lower(c.email) = ANY($4::text[])
        OR c.id IN (SELECT i.contact_id FROM contact_identities i JOIN unnest($5::text[], $6::text[]) AS s(channel, external_id)
                      ON (i.channel = s.channel OR i.channel LIKE s.channel || ':%') AND i.external_id = s.external_id WHERE i.tenant_id = $1))`,
    [
      subject.tenantId,
      subject.contactIds ?? [],
      subject.phones ?? [],
      (subject.emails ?? []).map((e) => e.trim().toLowerCase()),
      identities.map((i) => i.channel),
      identities.map((i) => i.externalId),
    ],
  );
  return rows.map((r) => r.id);
}
