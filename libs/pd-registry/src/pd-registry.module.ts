import { Module } from '@nestjs/common';

/**
 * The personal-data processing register, its exports and generated policy, subject requests, retention and destruction (PRODUCT.md REG-1..5, DSR-1..6).
 * Imports only @perepiska/platform; apps/api wires it into the product.
 */
@Module({})
export class PdRegistryModule {}
