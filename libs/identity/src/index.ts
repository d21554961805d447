export * from './identity.module';
export * from './identity.options';
export { AuthService, type SignupInput } from './services/auth.service';
export { BUILT_IN_ROLES, BUILT_IN_ROLE_PERMISSIONS, type BuiltInRole } from './domain/built-in-roles';
export { totpCode } from './domain/totp';
export { REGISTRATION_DATA_TARGET } from './services/registration-retention.target';
