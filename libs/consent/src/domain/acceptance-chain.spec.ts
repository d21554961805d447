import { createHash } from 'node:crypto';
import { type AcceptanceRecord, GENESIS_HASH, type StoredAcceptance, recordCanonicalJson, newSignatorySalt, recordHash, signatoryDigest, verifyChain } from './acceptance-chain';

const signatory = { userId: 'u1', fullName: 'Анна Смирнова', email: 'anna@example.ru', ip: '192.0.2.1', userAgent: 'test/1.0', salt: '0f'.repeat(16) };

function record(seq: number, overrides: Partial<AcceptanceRecord> = {}): AcceptanceRecord {
  return {
    id: `00000000-0000-4000-8000-00000000000${seq}`,
    tenantId: 't1',
    seq,
    userId: 'u1',
    documentVersionId: 'v1',
    versionSha256: 'a'.repeat(64),
    warranties: ['w2', 'w1'],
    method: 'signed-in-session-click',
    acceptedAt: new Date(Date.UTC(2026, 0, seq)),
    signatoryDigest: signatoryDigest(signatory),
    ...overrides,
  };
}

function chain(length: number): StoredAcceptance[] {
  const rows: StoredAcceptance[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const r = record(seq);
    const hash = recordHash(prev, r);
    rows.push({ ...r, prevHash: prev, recordHash: hash, currentVersionSha256: r.versionSha256, signatory });
    prev = hash;
  }
  return rows;
}

describe('the acceptance hash chain', () => {
  it('hashes SHA-256 over the previous hash, a newline and the canonical JSON', () => {
    const r = record(1);
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n${recordCanonicalJson(r)}`).digest('hex');
    expect(recordHash(GENESIS_HASH, r)).toBe(expected);
  });

  it('commits to every field, the order of warranties aside', () => {
    const base = recordHash(GENESIS_HASH, record(1));
    expect(recordHash(GENESIS_HASH, record(1, { warranties: ['w1', 'w2'] }))).toBe(base);
    for (const change of [{ method: 'other' }, { userId: 'u2' }, { versionSha256: 'b'.repeat(64) }, { acceptedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 1)) }, { warranties: ['w1'] }, { signatoryDigest: 'x' }, { tenantId: 't2' }]) {
      expect(recordHash(GENESIS_HASH, record(1, change))).not.toBe(base);
    }
    expect(recordHash('f'.repeat(64), record(1))).not.toBe(base);
  });

  it('covers the signatory only through the salted digest of their details', () => {
    expect(signatoryDigest(signatory)).toBe(signatoryDigest({ ...signatory }));
    expect(signatoryDigest({ ...signatory, ip: '192.0.2.2' })).not.toBe(signatoryDigest(signatory));
    // Without the salt (erased with the details) the same details give another digest: a guess cannot be confirmed.
    expect(signatoryDigest({ ...signatory, salt: newSignatorySalt() })).not.toBe(signatoryDigest(signatory));
    expect(newSignatorySalt()).toMatch(/^[0-9a-f]{32}$/);
    expect(newSignatorySalt()).not.toBe(newSignatorySalt());
    // Records made before salting keep their unsalted digest.
    const { salt: _salt, ...details } = signatory;
    expect(signatoryDigest({ ...signatory, salt: null })).toBe(createHash('sha256').update(JSON.stringify(Object.fromEntries(Object.entries(details).sort(([a], [b]) => (a < b ? -1 : 1))))).digest('hex'));
  });

  it('verifies an intact chain, an empty one too', () => {
    expect(verifyChain(chain(4))).toEqual({ ok: true, checked: 4, firstBroken: null });
    expect(verifyChain([])).toEqual({ ok: true, checked: 0, firstBroken: null });
  });

  it('accepts a row whose signatory was erased (details gone, digest kept)', () => {
    const rows = chain(2);
    rows[0] = { ...rows[0], signatory: null };
    expect(verifyChain(rows).ok).toBe(true);
  });

  const tamperings: Array<[string, (rows: StoredAcceptance[]) => void, number, string]> = [
    ['a stored hash rewritten', (rows) => (rows[1].recordHash = 'f'.repeat(64)), 2, 'record-hash-mismatch'],
    ['a field edited', (rows) => (rows[2].method = 'forged'), 3, 'record-hash-mismatch'],
    ['a link pointing elsewhere', (rows) => (rows[2].prevHash = GENESIS_HASH), 3, 'prev-hash-mismatch'],
    ['a row deleted', (rows) => rows.splice(1, 1), 3, 'seq-gap'],
    ['the version text changed since', (rows) => (rows[0].currentVersionSha256 = 'c'.repeat(64)), 1, 'version-hash-mismatch'],
    ['the signatory edited since', (rows) => (rows[3].signatory = { ...signatory, fullName: 'Другой' }), 4, 'signatory-mismatch'],
  ];
  it.each(tamperings)('names the first broken row: %s', (_name, tamper, seq, reason) => {
    const rows = chain(4);
    tamper(rows);
    const result = verifyChain(rows);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toEqual({ id: record(seq).id, seq, reason });
    expect(result.checked).toBe(rows.findIndex((r) => r.seq === seq) + 1);
  });

  it('a rewritten hash also breaks the next link, but the first break is what it names', () => {
    const rows = chain(3);
    // The forger recomputes row 2's hash after editing it: row 2 holds, row 3's link does not.
    rows[1].method = 'forged';
    rows[1].recordHash = recordHash(rows[1].prevHash, rows[1]);
    expect(verifyChain(rows).firstBroken).toEqual({ id: rows[2].id, seq: 3, reason: 'prev-hash-mismatch' });
  });
});
