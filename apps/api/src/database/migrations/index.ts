import { type MigrationInterface } from 'typeorm';
import { Baseline1763800000000 } from './1763800000000-baseline';
import { Identity1763810000000 } from './1763810000000-identity';
import { OutboxInvitations1763820000000 } from './1763820000000-outbox-invitations';
import { Messaging1763830000000 } from './1763830000000-messaging';
import { ConversationUnreadIndex1763840000000 } from './1763840000000-conversation-unread-index';
import { Telegram1763850000000 } from './1763850000000-telegram';
import { Consent1763860000000 } from './1763860000000-consent';
import { AcceptanceSignatorySalt1764000000000 } from './1764000000000-acceptance-signatory-salt';
import { Register1764010000000 } from './1764010000000-register';
import { SubjectRequests1764020000000 } from './1764020000000-subject-requests';
import { DestructionActs1764030000000 } from './1764030000000-destruction-acts';
import { LegalHolds1764040000000 } from './1764040000000-legal-holds';
import { RetentionRegisters1764050000000 } from './1764050000000-retention-registers';
import { SubjectRequestCodes1764060000000 } from './1764060000000-subject-request-codes';
import { ForwardedSubjectRequests1764070000000 } from './1764070000000-forwarded-subject-requests';
import { ClientBaseIndexes1764080000000 } from './1764080000000-client-base-indexes';
import { RetentionRuns1764090000000 } from './1764090000000-retention-runs';
import { ClientSearchIndexes1764100000000 } from './1764100000000-client-search-indexes';
import { ConnectionAccounts1764110000000 } from './1764110000000-connection-accounts';
import { RedundantMessageKeys1764120000000 } from './1764120000000-redundant-message-keys';

/** Every migration, in order. Timestamped, DDL only, never edited after landing (rule 8). */
export const MIGRATIONS: Array<new () => MigrationInterface> = [Baseline1763800000000, Identity1763810000000, OutboxInvitations1763820000000, Messaging1763830000000, ConversationUnreadIndex1763840000000, Telegram1763850000000, Consent1763860000000, AcceptanceSignatorySalt1764000000000, Register1764010000000, SubjectRequests1764020000000, DestructionActs1764030000000, LegalHolds1764040000000, RetentionRegisters1764050000000, SubjectRequestCodes1764060000000, ForwardedSubjectRequests1764070000000, ClientBaseIndexes1764080000000, RetentionRuns1764090000000, ClientSearchIndexes1764100000000, ConnectionAccounts1764110000000, RedundantMessageKeys1764120000000];
