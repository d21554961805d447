import type { Acceptance, LegalDocument, LegalVersion } from './legal.types';

/** Fixtures for the legal screens' specs. */
export const HASH = (seed: string) => seed.repeat(64).slice(0, 64);

export function version(id: string, overrides: Partial<LegalVersion> = {}): LegalVersion {
  return {
    id,
    documentId: 'doc-processing',
    kind: 'consent-processing',
    version: 1,
    textSha256: HASH('a1'),
    material: false,
    summary: null,
    publishedAt: '2026-11-01T09:00:00.000Z',
    effectiveAt: '2026-11-01T09:00:00.000Z',
    ...overrides,
  };
}

export function legalDocument(id: string, overrides: Partial<LegalDocument> = {}): LegalDocument {
  return { id, kind: 'consent-processing', title: 'Согласие на обработку', scope: 'tenant', current: null, upcoming: null, ...overrides };
}

export function acceptance(id: string, seq: number, overrides: Partial<Acceptance> = {}): Acceptance {
  return {
    id,
    seq,
    documentVersionId: 'ver-module-1',
    kind: 'messenger-module-agreement',
    version: 1,
    versionSha256: HASH(String(seq % 10) + 'f'),
    warranties: ['w1', 'w2', 'w3', 'w4', 'w5'],
    method: 'signed-in-session-click',
    acceptedAt: '2026-11-20T09:00:00.000Z',
    signatory: { userId: 'u1', fullName: 'Анна Смирнова', email: 'anna@shariki.ru', ip: '203.0.113.0', userAgent: 'Chrome' },
    prevHash: HASH('0'),
    recordHash: HASH('e' + String(seq)),
    ...overrides,
  };
}

/** jsdom has no object URLs: the test provides them and sees what was saved under which name. */
export function captureDownloads(vi: typeof import('vitest').vi) {
  const saved: Array<{ blob: Blob; name: string }> = [];
  let last: Blob | null = null;
  Object.assign(URL, {
    createObjectURL: vi.fn((blob: Blob) => {
      last = blob;
      return 'blob:download';
    }),
    revokeObjectURL: vi.fn(),
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    if (last) saved.push({ blob: last, name: this.download });
  });
  return saved;
}

export function pdf(): Response {
  return new Response('%PDF-1.7 certificate', { status: 200, headers: { 'content-type': 'application/pdf' } });
}
