import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequirePermission } from '@perepiska/platform';
import { RetentionService } from '../services/retention.service';
import { LegalHoldDto } from './subject-requests.dto';

/** Retention by the register's periods (DSR-5): the plan, a run, and the legal holds that stop it. */
@ApiTags('retention')
@ApiBearerAuth()
@Controller()
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get('retention/plan')
  @RequirePermission('register.read')
  @ApiOperation({ summary: 'Dry run: per module, the register\'s period, the cutoff and how many records would be destroyed now' })
  plan(@CurrentPrincipal() principal: Principal) {
    return this.retention.plan(principal.tenantId);
  }

  @Post('retention/run')
  @RequirePermission('retention.manage')
  @ApiOperation({ summary: 'Destroy now what the register\'s periods let go (the daily job does the same); answers the act, if any' })
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
