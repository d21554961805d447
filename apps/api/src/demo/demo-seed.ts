import { type INestApplicationContext } from '@nestjs/common';
import { AuthService } from '@perepiska/identity';
import { SignupAgreements } from '@perepiska/platform';
import { randomBytes } from 'node:crypto';

/**
 * `--demo`: a demo business to look around in. Its requisites are made up but pass the
 * checksums; its owner gets a fresh random password on every demo start, printed once.
 */
export const DEMO_EMAIL = 'demo@perepiska.local';

export async function seedDemo(app: INestApplicationContext): Promise<{ email: string; password: string }> {
  const auth = app.get(AuthService);
  const password = `demo-${randomBytes(6).toString('base64url')}`;
  const existing = await auth.findUserIdByEmail(DEMO_EMAIL);
  if (existing) {
    await auth.changePassword(existing, password);
  } else {
    await auth.signup(
      {
        tenant: { name: 'ИП Демидова (демо)', inn: '772712345605', ogrn: '304772700123450', legalAddress: '101000, г. Москва, ул. Мясницкая, д. 1' },
        owner: { fullName: 'Дарья Демидова', email: DEMO_EMAIL, password },
        // Whoever starts the demo accepts the shipped documents for its owner.
        acceptedVersionIds: (await app.get(SignupAgreements).toAccept()).map((a) => a.versionId),
      },
      { userAgent: 'demo seed' },
    );
  }
  return { email: DEMO_EMAIL, password };
}
