/** The platform's own documents (published by the platform operator) and a business's own: its consent texts and its privacy policy for its clients. */
export const PLATFORM_DOCUMENT_KINDS = ['user-agreement', 'messenger-module-agreement', 'privacy-policy', 'cookie-policy'] as const;
export const TENANT_DOCUMENT_KINDS = ['consent-processing', 'consent-advertising', 'consent-distribution', 'client-privacy-policy'] as const;
export type PlatformDocumentKind = (typeof PLATFORM_DOCUMENT_KINDS)[number];
export type TenantDocumentKind = (typeof TENANT_DOCUMENT_KINDS)[number];
export type DocumentKind = PlatformDocumentKind | TenantDocumentKind;

export function isPlatformDocumentKind(value: string): value is PlatformDocumentKind {
  return (PLATFORM_DOCUMENT_KINDS as readonly string[]).includes(value);
}

export const PLATFORM_DOCUMENT_TITLES: Record<PlatformDocumentKind, string> = {
  'user-agreement': 'Пользовательское соглашение',
  'messenger-module-agreement': 'Дополнительное соглашение об интеграции с мессенджерами',
  'privacy-policy': 'Политика в отношении обработки персональных данных',
  'cookie-policy': 'Политика использования файлов cookie',
};

/** The largest text a version may hold (the API contract: 1..200 000 characters). */
export const MAX_DOCUMENT_TEXT_LENGTH = 200_000;
