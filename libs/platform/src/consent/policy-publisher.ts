import { type Principal } from '../access/principal';

export interface PublishedPolicy {
  documentId: string;
  versionId: string;
  version: number;
  textSha256: string;
  publishedAt: string;
  effectiveAt: string;
}

/**
 * Where the privacy policy generated from a business's register is published: a new version
 * of the business's own document 'client-privacy-policy' among its legal documents, immutable
 * and hashed like every other. Consent provides it; the register calls it.
 */
export abstract class PolicyPublisher {
  /** The version in force now, or null when none was published. */
  abstract current(tenantId: string): Promise<PublishedPolicy | null>;
  /** Publishes the text (Markdown); a material change takes effect no sooner than 14 days later. */
  abstract publish(principal: Principal, text: string, options: { material: boolean; effectiveAt?: Date }): Promise<PublishedPolicy>;
}
