import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RecordsAccess, RequirePermission } from '@perepiska/platform';
import { type FastifyReply } from 'fastify';
import { AccessJournalService } from '../services/access-journal.service';
import { AccessJournalEntryDto, AccessJournalExportQueryDto, AccessJournalQueryDto } from './identity.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('access-journal')
export class AccessJournalController {
  constructor(private readonly journal: AccessJournalService) {}

  @Get()
  @RequirePermission('access-journal.read')
  @ApiOperation({ summary: 'Who read which personal data and when, newest first, filterable' })
  @ApiOkResponse({ type: [AccessJournalEntryDto] })
  list(@CurrentPrincipal() principal: Principal, @Query() query: AccessJournalQueryDto): Promise<AccessJournalEntryDto[]> {
    return this.journal.list(principal.tenantId, { ...query, limit: query.limit ?? 50 });
  }

  @Get('export.csv')
  @RequirePermission('access-journal.read')
  @RecordsAccess('access-journal', { action: 'export' })
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'The filtered journal as CSV (UTF-8)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV, UTF-8 with a BOM', content: { 'text/csv': { schema: { type: 'string' } } } })
  async export(@CurrentPrincipal() principal: Principal, @Query() query: AccessJournalExportQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="access-journal.csv"');
    return this.journal.csv(principal.tenantId, query);
  }
}
