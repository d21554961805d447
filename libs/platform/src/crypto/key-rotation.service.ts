import { type DataSource } from 'typeorm';
import { CIPHERTEXT_PREFIX, type EnvelopeCipher } from './envelope-cipher';
import { type EncryptedColumnRegistry } from './encrypted-columns';

export interface RotationReport {
  table: string;
  column: string;
  rewrapped: number;
}

/**
 * Re-wraps every sealed value that is not under the current master key, in batches, each batch
 * in its own transaction with row locks, so it can run while the product serves traffic and
 * be re-run after an interruption.
 */
export class KeyRotationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: EnvelopeCipher,
    private readonly registry: EncryptedColumnRegistry,
  ) {}

  async rewrapAll(batchSize = 500): Promise<RotationReport[]> {
    const reports: RotationReport[] = [];
    const currentPrefix = `${CIPHERTEXT_PREFIX}.${this.cipher.currentKeyId}.%`;
    for (const { table, primaryKey, column } of this.registry.list()) {
      let rewrapped = 0;
      for (;;) {
        const done = await this.dataSource.transaction(async (manager) => {
          const rows: Array<{ id: unknown; value: string }> = await manager.query(
            `SELECT "${primaryKey}" AS id, "${column}" AS value FROM "${table}"
              WHERE "${column}" IS NOT NULL AND "${column}" NOT LIKE $1
              ORDER BY "${primaryKey}" LIMIT $2 FOR UPDATE SKIP LOCKED`,
            [currentPrefix, batchSize],
          );
          for (const row of rows) {
            await manager.query(`UPDATE "${table}" SET "${column}" = $1 WHERE "${primaryKey}" = $2`, [
              this.cipher.rewrap(row.value),
              row.id,
            ]);
          }
          rewrapped += rows.length;
          return rows.length < batchSize;
        });
        if (done) break;
      }
      reports.push({ table, column, rewrapped });
    }
    return reports;
  }
}
