/**
 * What a business's client may consent to (152-FZ art. 9 processing, 10.1 distribution of data
 * made public, 38-FZ art. 18 advertising by electronic messages), how a record came about, and
 * which of the business's own consent texts belongs to each purpose.
 */
export const CONSENT_PURPOSES = ['processing', 'advertising', 'distribution'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const CONSENT_ACTIONS = ['given', 'withdrawn'] as const;
export type ConsentAction = (typeof CONSENT_ACTIONS)[number];

export const CONSENT_SOURCES = ['public-form', 'chat-keyword', 'import', 'employee'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/** What an employee may record by hand; the form and the keyword record themselves. */
export const MANUAL_CONSENT_SOURCES = ['employee', 'import'] as const satisfies readonly ConsentSource[];

export type ConsentTextKind = `consent-${ConsentPurpose}`;

export function textKindOf(purpose: ConsentPurpose): ConsentTextKind {
  return `consent-${purpose}`;
}

export function purposeOfKind(kind: string): ConsentPurpose | null {
  const purpose = kind.startsWith('consent-') ? kind.slice('consent-'.length) : '';
  return (CONSENT_PURPOSES as readonly string[]).includes(purpose) ? (purpose as ConsentPurpose) : null;
}
