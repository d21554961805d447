import { Api } from 'telegram';
import { computeCheck } from 'telegram/Password';
import bigInt from 'big-integer';
import { TELEGRAM_SRP_G, TELEGRAM_SRP_PRIME, createSrpChallenge, createSrpPassword, verifySrpCheck, type SrpChallenge, type SrpPassword } from './fake-telegram-srp';

/** What account.getPassword answers for a password, as GramJS reads it. */
function accountPassword(password: SrpPassword, challenge: SrpChallenge): Api.account.Password {
  return new Api.account.Password({
    hasPassword: true,
    currentAlgo: new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
      salt1: password.salt1,
      salt2: password.salt2,
      g: TELEGRAM_SRP_G,
      p: TELEGRAM_SRP_PRIME,
    }),
    srp_B: challenge.srpB,
    srpId: bigInt(challenge.srpId.toString()),
    newAlgo: new Api.PasswordKdfAlgoUnknown(),
    newSecureAlgo: new Api.SecurePasswordKdfAlgoUnknown(),
    secureRandom: Buffer.alloc(32),
  });
}

function asCheck(srp: Api.InputCheckPasswordSRP) {
  return { srpId: BigInt(srp.srpId.toString()), A: srp.A, M1: srp.M1 };
}

describe('the fake Telegram SRP check (core.telegram.org/api/srp)', () => {
  const password = createSrpPassword('correct horse battery staple');

  it('accepts what GramJS computeCheck sends for the right password', async () => {
    const challenge = createSrpChallenge(password);
    const srp = await computeCheck(accountPassword(password, challenge), 'correct horse battery staple');
    expect(verifySrpCheck(password, challenge, asCheck(srp))).toBe(true);
  });

  it('refuses a wrong password', async () => {
    const challenge = createSrpChallenge(password);
    const srp = await computeCheck(accountPassword(password, challenge), 'correct horse battery stapler');
    expect(verifySrpCheck(password, challenge, asCheck(srp))).toBe(false);
  });

  it('refuses a proof made for another challenge (another B or srp_id)', async () => {
    const first = createSrpChallenge(password);
    const second = createSrpChallenge(password);
    const srp = await computeCheck(accountPassword(password, first), 'correct horse battery staple');
    expect(verifySrpCheck(password, second, asCheck(srp))).toBe(false);
    expect(verifySrpCheck(password, { ...second, srpId: first.srpId }, asCheck(srp))).toBe(false);
  });

  it('refuses a tampered M1 or an A outside the safe range', async () => {
    const challenge = createSrpChallenge(password);
    const srp = await computeCheck(accountPassword(password, challenge), 'correct horse battery staple');
    const tampered = Buffer.from(srp.M1);
    tampered[0] ^= 1;
    expect(verifySrpCheck(password, challenge, { ...asCheck(srp), M1: tampered })).toBe(false);
    // A = 1 would make S independent of the password.
    expect(verifySrpCheck(password, challenge, { ...asCheck(srp), A: Buffer.from([1]) })).toBe(false);
    expect(verifySrpCheck(password, challenge, { ...asCheck(srp), A: Buffer.from(TELEGRAM_SRP_PRIME) })).toBe(false);
  });

  it('derives the verifier from the salts, so the same password under other salts is another verifier', () => {
    const again = createSrpPassword('correct horse battery staple', { salt1: password.salt1, salt2: password.salt2 });
    const resalted = createSrpPassword('correct horse battery staple');
    expect(again.verifier).toBe(password.verifier);
    expect(resalted.verifier).not.toBe(password.verifier);
  });
});
