/**
 * The port every domain module implements for the data it holds about a data subject, so a
 * subject request (152-FZ art. 14, 20, 21) reaches everywhere the data lives without the
 * register knowing any module (ARCHITECTURE.md "Subject request").
 */
export interface SubjectLocator {
  /** Always confines the search: a subject is found within one tenant only. */
  tenantId: string;
  contactIds?: string[];
  userIds?: string[];
  phones?: string[];
  emails?: string[];
  messengerIdentities?: Array<{ channel: string; externalId: string }>;
}

/** One group of data about the subject, described so it can be listed in an access package. */
export interface PersonalDataItem {
  /** Which source holds it, e.g. "messaging.messages". */
  source: string;
  /** A category of the processing register's taxonomy, e.g. "contact-details". */
  category: string;
  /** Stable id of the record within the source, for rectification and erasure reports. */
  recordId: string;
  /** The data itself as the subject should see it; never secrets or session strings. */
  fields: Record<string, unknown>;
  collectedAt?: Date;
}

export interface FieldCorrection {
  recordId: string;
  field: string;
  value: unknown;
}

export interface BlockInstruction {
  reason: string;
  until?: Date;
}

export type ErasureMethod = 'destroy' | 'depersonalise';

export interface ErasureReport {
  source: string;
  method: ErasureMethod;
  records: number;
  categories: string[];
}

export interface PersonalDataSource {
  /** Unique name, e.g. "identity.users". */
  readonly name: string;
  find(subject: SubjectLocator): Promise<PersonalDataItem[]>;
  rectify(subject: SubjectLocator, corrections: FieldCorrection[]): Promise<number>;
  block(subject: SubjectLocator, instruction: BlockInstruction): Promise<number>;
  unblock(subject: SubjectLocator): Promise<number>;
  erase(subject: SubjectLocator, method: ErasureMethod): Promise<ErasureReport>;
}

/** Collects the sources that modules register at start-up. */
export class PersonalDataSourceRegistry {
  private readonly sources = new Map<string, PersonalDataSource>();

  register(source: PersonalDataSource): void {
    if (this.sources.has(source.name)) {
      throw new Error(`Personal data source "${source.name}" is registered twice`);
    }
    this.sources.set(source.name, source);
  }

  list(): PersonalDataSource[] {
    return [...this.sources.values()];
  }
}
