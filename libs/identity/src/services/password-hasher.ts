import { Injectable } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';

/** argon2id, the memory-hard function of IAM-4, with OWASP's recommended parameters. */
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  /** Verified when no user matches, so a missing account takes as long as a wrong password. */
  private readonly decoy = hash('decoy password for timing', OPTIONS);

  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  async verify(passwordHash: string | null, password: string): Promise<boolean> {
    const valid = await verify(passwordHash ?? (await this.decoy), password).catch(() => false);
    return passwordHash !== null && valid;
  }
}
