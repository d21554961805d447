import { Module } from '@nestjs/common';
import { RegisterController } from './http/register.controller';
import { PdRegistryPersonalColumns } from './persistence/personal-columns';
import { RegisterRepository } from './persistence/register.repository';
import { RegisterDataSource } from './services/register-data.source';
import { RegisterExportsService } from './services/register-exports.service';
import { RegisterMaintenance } from './services/register-maintenance.service';
import { RegisterService } from './services/register.service';

/**
 * The personal-data processing register, its exports and generated policy, subject requests, retention and destruction (PRODUCT.md REG-1..5, DSR-1..6).
 * Imports only @perepiska/platform; apps/api wires it into the product.
 */
@Module({
  controllers: [RegisterController],
  providers: [RegisterRepository, RegisterService, RegisterExportsService, RegisterMaintenance, RegisterDataSource, PdRegistryPersonalColumns],
  exports: [RegisterService],
})
export class PdRegistryModule {}
