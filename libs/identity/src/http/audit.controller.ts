import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RecordsAccess, RequirePermission } from '@perepiska/platform';
import { type FastifyReply } from 'fastify';
import { AuditQueryService } from '../services/audit-query.service';
import { AuditEventDto, AuditExportQueryDto, AuditQueryDto } from './identity.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  @RequirePermission('audit.read')
  @ApiOperation({ summary: 'Security events of the business, newest first, filterable' })
  @ApiOkResponse({ type: [AuditEventDto] })
  list(@CurrentPrincipal() principal: Principal, @Query() query: AuditQueryDto): Promise<AuditEventDto[]> {
    return this.audit.list(principal.tenantId, { ...query, limit: query.limit ?? 50 });
  }

  @Get('export.csv')
  @RequirePermission('audit.read')
  @RecordsAccess('audit-log', { action: 'export' })
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'The filtered events as CSV (UTF-8)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV, UTF-8 with a BOM', content: { 'text/csv': { schema: { type: 'string' } } } })
  async export(@CurrentPrincipal() principal: Principal, @Query() query: AuditExportQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="audit-log.csv"');
    return this.audit.csv(principal.tenantId, query);
  }
}
