import { EncryptedColumnRegistry, EnvelopeCipher, generateMasterKey, parseMasterKey } from '@perepiska/platform';
import { testBusiness } from '../testing/test-business';
import { ConnectionAccountKeys } from './connection-account-keys';
import { ConnectionHandles } from './connection-handles';

/** Live Telegram connections made before accounts had keys, and keys made under a retired master key. */
describe('connection account keys on a real Postgres', () => {
  const business = testBusiness(process.env.PEREPISKA_TEST_DATABASE_URL, 'ООО «Ключи»', 3);
  // Sealed under an id the other suites use too: their `reencrypt` skips values under its current
  // key's id, and reads none of these (each suite's key has its own bytes).
  const current = parseMasterKey(generateMasterKey('test1'));
  const old = parseMasterKey(generateMasterKey('old'));
  const handlesUnder = (cipher: EnvelopeCipher) => new ConnectionHandles(cipher, new EncryptedColumnRegistry());

  const connection = async (handles: ConnectionHandles, type: string, credentials: Record<string, unknown>, state = 'active', accountKey: string | null = null): Promise<string> => {
    const [row] = await business.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO connections (tenant_id, type, display_name, state, credentials, account_key) VALUES ($1, $2, 'Аккаунт', $3, $4, $5) RETURNING id`,
      [business.tenantId, type, state, handles.seal(credentials), accountKey],
    );
    return row.id;
  };
  const keyOf = async (id: string) => (await business.dataSource.query<Array<{ account_key: string | null }>>(`SELECT account_key FROM connections WHERE id = $1`, [id]))[0].account_key;

  it('keys the live accounts and bots that had none, reports a second live connection of one account, and repeats nothing', async () => {
    const handles = handlesUnder(new EnvelopeCipher(current));
    const first = await connection(handles, 'telegram', { session: 's1', userId: '700100' });
    const twin = await connection(handles, 'telegram', { session: 's2', userId: '700100' });
    const bot = await connection(handles, 'telegram-bot', { botToken: '123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOppQQr', webhookSecret: 'x' });
    const gone = await connection(handles, 'telegram', { session: 's3', userId: '700200' }, 'disconnected');
    const keys = new ConnectionAccountKeys(business.dataSource, handles);

    const report = await keys.refresh();
    // Other suites' connections in this database are sealed under their own keys: unreadable here, and skipped.
    expect(report).toMatchObject({ keyed: 2, duplicates: [twin] });
    expect(report.unreadable.filter((id) => [first, twin, bot, gone].includes(id))).toEqual([]);
    expect(await keyOf(first)).toBe(handles.accountKeys('700100')[0]);
    expect(await keyOf(first)).not.toContain('700100');
    expect(await keyOf(twin)).toBeNull();
    expect(await keyOf(bot)).toBe('123456789');
    expect(await keyOf(gone)).toBeNull();
    expect(await keys.refresh()).toMatchObject({ keyed: 0, duplicates: [twin] });

    // Credentials no configured key opens are reported and passed over, the rest still keyed.
    const stranger = handlesUnder(new EnvelopeCipher(parseMasterKey(generateMasterKey('test1'))));
    const unreadable = await connection(stranger, 'telegram', { session: 's5', userId: '700400' });
    const late = await connection(handles, 'telegram', { session: 's6', userId: '700500' });
    const again = await keys.refresh();
    expect(again.unreadable).toContain(unreadable);
    expect(await keyOf(late)).toBe(handles.accountKeys('700500')[0]);
    await business.dataSource.query(`UPDATE connections SET state = 'disconnected' WHERE id IN ($1, $2)`, [unreadable, late]);
    await business.dataSource.query(`UPDATE connections SET state = 'disconnected' WHERE id IN ($1, $2, $3)`, [first, twin, bot]);
  });

  it('remakes a key made under a retired master key, which a login keeps finding meanwhile', async () => {
    const before = handlesUnder(new EnvelopeCipher(old));
    const after = handlesUnder(new EnvelopeCipher(current, [old]));
    // The credentials were re-wrapped already (`reencrypt`); the account key is still the old key's.
    const id = await connection(after, 'telegram', { session: 's4', userId: '700300' }, 'active', before.accountKeys('700300')[0]);
    // A login under the new master key looks for the account by every configured key.
    const found = await business.dataSource.query<unknown[]>(`SELECT 1 FROM connections WHERE account_key = ANY($1::text[]) AND state <> 'disconnected'`, [after.accountKeys('700300')]);
    expect(found).toHaveLength(1);

    expect(await new ConnectionAccountKeys(business.dataSource, after).refresh()).toMatchObject({ keyed: 1, duplicates: [] });
    expect(await keyOf(id)).toBe(after.accountKeys('700300')[0]);
    expect(after.accountKeys('700300')[0]).not.toBe(before.accountKeys('700300')[0]);
  });
});
