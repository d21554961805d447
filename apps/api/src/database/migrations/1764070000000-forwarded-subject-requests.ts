import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Requests a person filed with the platform about a business's client: the platform forwards
 * them to the business, which is the operator and answers (reference 001 §5.7). The request keeps
 * the platform's incoming reference and the day the platform received it, which starts the clock.
 */
export class ForwardedSubjectRequests1764070000000 implements MigrationInterface {
  name = 'ForwardedSubjectRequests1764070000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE subject_requests DROP CONSTRAINT subject_requests_channel_check`);
    await q.query(`ALTER TABLE subject_requests ADD CONSTRAINT subject_requests_channel_check CHECK (channel IN ('public-form', 'api', 'conversation', 'platform'))`);
    await q.query(`ALTER TABLE subject_requests ADD COLUMN forwarded jsonb`);
    await q.query(`ALTER TABLE subject_requests ADD CONSTRAINT subject_requests_forwarded CHECK ((channel = 'platform') = (forwarded IS NOT NULL))`);
    await q.query(`CREATE INDEX subject_requests_forwarded_list ON subject_requests (received_at) WHERE channel = 'platform'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX subject_requests_forwarded_list`);
    await q.query(`ALTER TABLE subject_requests DROP CONSTRAINT subject_requests_forwarded`);
    await q.query(`ALTER TABLE subject_requests DROP COLUMN forwarded`);
    await q.query(`ALTER TABLE subject_requests DROP CONSTRAINT subject_requests_channel_check`);
    await q.query(`ALTER TABLE subject_requests ADD CONSTRAINT subject_requests_channel_check CHECK (channel IN ('public-form', 'api', 'conversation'))`);
  }
}
