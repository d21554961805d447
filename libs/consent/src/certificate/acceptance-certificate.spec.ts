import { extractPdfText } from '@perepiska/platform';
import { MESSENGER_MODULE_WARRANTIES } from '../domain/warranties';
import { type CertificateInput, renderAcceptanceCertificate } from './acceptance-certificate';

const versionHash = '3f'.repeat(32);
const input = (overrides: Partial<CertificateInput> = {}): CertificateInput => ({
  acceptance: {
    id: '11111111-2222-4333-8444-555555555555',
    seq: 7,
    documentVersionId: 'v1',
    kind: 'messenger-module-agreement',
    version: 2,
    versionSha256: versionHash,
    warranties: ['w1-account-owner', 'w5-lawful-use'],
    method: 'signed-in-session-click',
    acceptedAt: '2026-03-01T10:00:00.000Z',
    signatory: { userId: 'u1', fullName: 'Анна Смирнова', email: 'anna@example.ru', ip: '192.0.2.1', userAgent: 'test/1.0' },
    prevHash: 'ab'.repeat(32),
    recordHash: 'cd'.repeat(32),
  },
  recordJson: '{"seq":7}',
  document: { title: 'Дополнительное соглашение об интеграции с мессенджерами', kind: 'messenger-module-agreement' },
  version: { version: 2, text: '# Соглашение\n\n1. Съешь же ещё этих мягких французских булок.\n', textSha256: versionHash, publishedAt: '2026-02-01T00:00:00.000Z', effectiveAt: '2026-02-15T00:00:00.000Z' },
  business: { name: 'ООО «Шарики»', inn: '7707083893' },
  warranties: MESSENGER_MODULE_WARRANTIES,
  chain: { ok: true, checked: 7, firstBroken: null },
  issuedAt: new Date('2026-03-02T00:00:00.000Z'),
  ...overrides,
});

describe('the acceptance certificate', () => {
  it('is a PDF whose text holds the version hash, the chain proof, the signatory and the full text in Cyrillic', async () => {
    const pdf = await renderAcceptanceCertificate(input());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = extractPdfText(pdf);
    for (const expected of [versionHash, 'ab'.repeat(32), 'cd'.repeat(32), 'Анна Смирнова', '192.0.2.1', 'ООО «Шарики»', 'Съешь же ещё этих мягких французских булок.', 'w5-lawful-use']) {
      expect(text).toContain(expected);
    }
    // Only the ticked warranties are listed.
    expect(text).not.toContain('w3-subject-consents');
    expect(pdf.toString('latin1')).toContain(`version-sha256:${versionHash}`);
  });

  it('embeds a font (the standard PDF fonts have no Cyrillic) and compresses its streams', async () => {
    const raw = (await renderAcceptanceCertificate(input())).toString('latin1');
    expect(raw).toMatch(/\/FontFile2/);
    expect(raw).toMatch(/DejaVuSans/);
    expect(raw).toContain('/FlateDecode');
    expect(raw).not.toContain('Анна');
  });

  it('says when the signatory was erased, and when the chain does not hold', async () => {
    const base = input();
    const text = extractPdfText(
      await renderAcceptanceCertificate({ ...base, acceptance: { ...base.acceptance, signatory: null }, chain: { ok: false, checked: 3, firstBroken: { id: 'x', seq: 3, reason: 'record-hash-mismatch' } } }),
    );
    expect(text).toContain('персональные данные подписанта удалены');
    expect(text).not.toContain('Анна Смирнова');
    expect(text).toContain('НЕ пройдена: запись 3 (record-hash-mismatch)');
  });
});
