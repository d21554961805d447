import { Module } from '@nestjs/common';

/**
 * Tenants, users, memberships, roles and permissions, API tokens, the audit log and the access journal (PRODUCT.md IAM-1..4, DSR-6).
 * Imports only @perepiska/platform; apps/api wires it into the product.
 */
@Module({})
export class IdentityModule {}
