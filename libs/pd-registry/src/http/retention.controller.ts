import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequirePermission } from '@perepiska/platform';
import { RetentionService } from '../services/retention.service';
import { RetentionPlanItemDto, RetentionRunDto } from './retention.dto';
import { LegalHoldDto } from './subject-requests.dto';

/** Retention by the register's periods (DSR-5): the plan, a run, and the legal holds that stop it. */
@ApiTags('retention')
@ApiBearerAuth()
@Controller()
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get('retention/plan')
  @RequirePermission('register.read')
  @ApiOperation({
    summary: 'Dry run: every module\'s data, the register that governs it (the business\'s or the platform\'s), what its period counts from, the rules, the cutoff and how many records would be destroyed now',
  })
  @ApiOkResponse({ type: [RetentionPlanItemDto] })
  plan(@CurrentPrincipal() principal: Principal) {
    return this.retention.plan(principal.tenantId);
  }

  @Post('retention/run')
  @RequirePermission('retention.manage')
  @ApiOperation({ summary: 'Destroy now the business\'s data its register\'s periods let go (the daily job does the same; the platform\'s own data goes by its own run); answers the act, if any' })
  @ApiCreatedResponse({ type: RetentionRunDto })
  run(@CurrentPrincipal() principal: Principal) {
    return this.retention.run(principal.tenantId, principal);
  }

  @Get('legal-holds')
  @RequirePermission('register.read')
  @ApiOperation({ summary: 'Legal holds, active first' })
  holds(@CurrentPrincipal() principal: Principal) {
    return this.retention.listHolds(principal);
  }

  @Post('legal-holds')
  @RequirePermission('retention.manage')
  @ApiOperation({ summary: 'Keep the business, a client or a conversation out of every purge until released' })
  hold(@CurrentPrincipal() principal: Principal, @Body() body: LegalHoldDto) {
    return this.retention.hold(principal, body);
  }

  @Post('legal-holds/:id/release')
  @RequirePermission('retention.manage')
  @ApiOperation({ summary: 'Release a legal hold' })
  release(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.retention.release(principal, id);
  }
}
