import { Global, Module } from '@nestjs/common';
import { RetentionSchedule } from '@perepiska/platform';
import { RegisterController } from './http/register.controller';
import { RetentionController } from './http/retention.controller';
import { DestructionActsController, PublicSubjectRequestsController, SubjectRequestsController } from './http/subject-requests.controller';
import { PdRegistryPersonalColumns } from './persistence/personal-columns';
import { DestructionActsRepository } from './persistence/destruction-acts.repository';
import { IdentityCodesRepository } from './persistence/identity-codes.repository';
import { LegalHoldsRepository } from './persistence/legal-holds.repository';
import { RegisterRepository } from './persistence/register.repository';
import { RetentionRunsRepository } from './persistence/retention-runs.repository';
import { SubjectRequestsRepository } from './persistence/subject-requests.repository';
import { DestructionActsService } from './services/destruction-acts.service';
import { IdentityCodesService } from './services/identity-codes.service';
import { RegisterDataSource } from './services/register-data.source';
import { RegisterExportsService } from './services/register-exports.service';
import { RegisterMaintenance } from './services/register-maintenance.service';
import { RegisterService } from './services/register.service';
import { RetentionService } from './services/retention.service';
import { ForwardedRequestsService } from './services/forwarded-requests.service';
import { SubjectRequestRemindersService } from './services/subject-request-reminders.service';
import { SubjectRequestsService } from './services/subject-requests.service';

/**
 * The personal-data processing register, its exports and generated policy, subject requests, retention and destruction (PRODUCT.md REG-1..5, DSR-1..6).
 * Imports only @perepiska/platform; apps/api wires it into the product. Global: the platform's
 * RetentionSchedule (when data goes by the register) is consulted by identity, which must not import it.
 */
@Global()
@Module({
  controllers: [RegisterController, SubjectRequestsController, PublicSubjectRequestsController, DestructionActsController, RetentionController],
  providers: [RegisterRepository, RegisterService, RegisterExportsService, RegisterMaintenance, RegisterDataSource, SubjectRequestsRepository, SubjectRequestsService, IdentityCodesRepository, IdentityCodesService, SubjectRequestRemindersService, ForwardedRequestsService, DestructionActsRepository, DestructionActsService, LegalHoldsRepository, RetentionRunsRepository, RetentionService, { provide: RetentionSchedule, useExisting: RetentionService }, PdRegistryPersonalColumns],
  exports: [RegisterService, RetentionSchedule],
})
export class PdRegistryModule {}
