import { Module } from '@nestjs/common';

/**
 * Legal documents and their versions, the acceptance ledger, data-subject and cookie consents, the suppression list (PRODUCT.md CON-1..5).
 * Imports only @perepiska/platform; apps/api wires it into the product.
 */
@Module({})
export class ConsentModule {}
