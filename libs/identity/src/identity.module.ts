import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessJournal, AuditTrail, CredentialAuthenticator } from '@perepiska/platform';
import { AccessGuard } from './http/access.guard';
import { AccessJournalController } from './http/access-journal.controller';
import { AccessJournalInterceptor } from './http/access-journal.interceptor';
import { InvitationsController } from './http/invitations.controller';
import { ApiTokensController } from './http/api-tokens.controller';
import { AuditController } from './http/audit.controller';
import { AuthController } from './http/auth.controller';
import { MembersController } from './http/members.controller';
import { RolesController } from './http/roles.controller';
import { TenantController } from './http/tenant.controller';
import { IDENTITY_OPTIONS, type IdentityOptions } from './identity.options';
import { ApiToken } from './persistence/api-token.entity';
import { AuditEvent } from './persistence/audit-event.entity';
import { Membership } from './persistence/membership.entity';
import { IdentityPersonalColumns } from './persistence/personal-columns';
import { Role } from './persistence/role.entity';
import { Session } from './persistence/session.entity';
import { Tenant } from './persistence/tenant.entity';
import { User } from './persistence/user.entity';
import { AccessJournalService } from './services/access-journal.service';
import { AccessTokenSigner } from './services/access-token.signer';
import { AccountService } from './services/account.service';
import { ApiTokensService } from './services/api-tokens.service';
import { AuditQueryService } from './services/audit-query.service';
import { AuditService, ModuleAuditTrail } from './services/audit.service';
import { AuthService } from './services/auth.service';
import { IdentityCredentialAuthenticator } from './services/credential.authenticator';
import { EmployeeDataSource } from './services/employee-data.source';
import { InvitationsService } from './services/invitations.service';
import { AccessJournalRetentionTarget, AuditLogRetentionTarget } from './services/journal-retention.targets';
import { LoginThrottleStore } from './services/login-throttle.store';
import { MembersService } from './services/members.service';
import { PasswordHasher } from './services/password-hasher';
import { PasswordResetService } from './services/password-reset.service';
import { PrincipalResolver } from './services/principal.resolver';
import { RegistrationDataRetentionTarget } from './services/registration-retention.target';
import { RolesService } from './services/roles.service';
import { TenantService } from './services/tenant.service';
import { TwoFactorService } from './services/two-factor.service';

/**
 * Tenants, users, memberships, roles and permissions, API tokens, the audit log (PRODUCT.md
 * IAM-1..4). Its guard authenticates and authorises every route of the product.
 */
@Module({})
export class IdentityModule {
  static forRoot(options: IdentityOptions): DynamicModule {
    return {
      module: IdentityModule,
      // Other modules write the access journal through the platform's port.
      global: true,
      imports: [TypeOrmModule.forFeature([Tenant, User, Membership, Role, Session, ApiToken, AuditEvent])],
      controllers: [AuthController, TenantController, MembersController, InvitationsController, RolesController, ApiTokensController, AuditController, AccessJournalController],
      providers: [
        { provide: IDENTITY_OPTIONS, useValue: options },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_INTERCEPTOR, useClass: AccessJournalInterceptor },
        AccessJournalService,
        { provide: AccessJournal, useExisting: AccessJournalService },
        EmployeeDataSource,
        IdentityPersonalColumns,
        InvitationsService,
        PasswordResetService,
        RolesService,
        // What the retention engine destroys of the platform's own data when its register's period runs out.
        AccessJournalRetentionTarget,
        AuditLogRetentionTarget,
        RegistrationDataRetentionTarget,
        AccessTokenSigner,
        AccountService,
        ApiTokensService,
        AuditQueryService,
        AuditService,
        // Other modules write their events to the audit log through the platform's port.
        ModuleAuditTrail,
        { provide: AuditTrail, useExisting: ModuleAuditTrail },
        AuthService,
        LoginThrottleStore,
        MembersService,
        PasswordHasher,
        PrincipalResolver,
        IdentityCredentialAuthenticator,
        // The realtime handshake (messaging) authenticates through the platform's port.
        { provide: CredentialAuthenticator, useExisting: IdentityCredentialAuthenticator },
        TenantService,
        TwoFactorService,
      ],
      exports: [AuthService, AuditService, AccessJournal, AuditTrail, CredentialAuthenticator],
    };
  }
}
