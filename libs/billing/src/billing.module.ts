import { Module } from '@nestjs/common';

/**
 * Plans, limits and usage, subscriptions, invoices and payments (PRODUCT.md BIL-1..3).
 * Imports only @perepiska/platform; apps/api wires it into the product.
 */
@Module({})
export class BillingModule {}
