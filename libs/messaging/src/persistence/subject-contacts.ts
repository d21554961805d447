import { type SubjectLocator } from '@perepiska/platform';
import { type EntityManager } from 'typeorm';

/**
 * A phone number as subject lookups compare it: its digits, a Russian number in the 7XXXXXXXXXX
 * form whether it was written +7, 8 or with ten digits only, so "8 (999) 123-45-67" on a
 * request finds the card a messenger filled in as "79991234567". Null without digits.
 */
export function phoneKey(phone: string): string | null {
  const digits = phone.replace(/\D/g, '');
  if (/^8\d{10}$/.test(digits)) return `7${digits.slice(1)}`;
  if (/^\d{10}$/.test(digits)) return `7${digits}`;
  return digits || null;
}

/** `phoneKey` of a card's phone, in SQL. */
const CARD_PHONE_KEY = `(SELECT CASE WHEN d ~ '^8[0-9]{10}$' THEN '7' || substr(d, 2) WHEN d ~ '^[0-9]{10}$' THEN '7' || d ELSE d END FROM regexp_replace(c.phone, '[^0-9]', '', 'g') AS d)`;

/**
 * The business's client cards of a data subject: by contact id, phone (compared by
 * `phoneKey`), e-mail or messenger identity, always within the subject's tenant. One lookup for
 * the subject-request source and the known channels a one-time code goes to.
 */
export async function subjectContactIds(manager: EntityManager, subject: SubjectLocator): Promise<string[]> {
  const identities = subject.messengerIdentities ?? [];
  const phones = (subject.phones ?? []).map(phoneKey).filter((key): key is string => key !== null);
  const rows = await manager.query<Array<{ id: string }>>(
    `SELECT c.id FROM contacts c WHERE c.tenant_id = $1 AND (
        c.id = ANY($2::uuid[]) OR (c.phone IS NOT NULL AND cardinality($3::text[]) > 0 AND ${CARD_PHONE_KEY} = ANY($3::text[])) OR lower(c.email) = ANY($4::text[])
        OR c.id IN (SELECT i.contact_id FROM contact_identities i JOIN unnest($5::text[], $6::text[]) AS s(channel, external_id)
                      ON (i.channel = s.channel OR i.channel LIKE s.channel || ':%') AND i.external_id = s.external_id WHERE i.tenant_id = $1))`,
    [
      subject.tenantId,
      subject.contactIds ?? [],
      phones,
      (subject.emails ?? []).map((e) => e.trim().toLowerCase()),
      identities.map((i) => i.channel),
      identities.map((i) => i.externalId),
    ],
  );
  return rows.map((r) => r.id);
}
