import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, RecordsAccess, RequirePermission, privateDownload } from '@perepiska/platform';
import { type FastifyReply } from 'fastify';
import { AcceptanceCertificateService } from '../services/acceptance-certificate.service';
import { AcceptanceLedger } from '../services/acceptance-ledger.service';
import { AcceptancesService } from '../services/acceptances.service';
import { AcceptVersionDto, AcceptanceDto, AcceptancePageDto, AcceptancePageQueryDto, ChainVerificationDto } from './legal.dto';

@ApiTags('legal')
@ApiBearerAuth()
@Controller('legal')
export class AcceptancesController {
  constructor(
    private readonly acceptances: AcceptancesService,
    private readonly ledger: AcceptanceLedger,
    private readonly certificates: AcceptanceCertificateService,
  ) {}

  @Post('versions/:id/accept')
  @Authenticated()
  @ApiOperation({ summary: 'Accept a platform document\'s version (in force or upcoming); for the messenger-module agreement the same as activating, with every warranty' })
  @ApiCreatedResponse({ type: AcceptanceDto })
  accept(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: AcceptVersionDto): Promise<AcceptanceDto> {
    return this.acceptances.accept(principal, id, body.warranties ?? []);
  }

  @Get('acceptances')
  @RequirePermission('acceptances.read')
  @ApiOperation({ summary: 'This business\'s acceptance ledger, newest first' })
  @ApiOkResponse({ type: AcceptancePageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: AcceptancePageQueryDto): Promise<AcceptancePageDto> {
    return this.ledger.page(principal.tenantId, query.cursor, query.limit ?? 50);
  }

  @Get('acceptances/verify')
  @RequirePermission('acceptances.read')
  @ApiOperation({ summary: 'Walk the whole chain, recompute every hash, name the first row that does not hold' })
  @ApiOkResponse({ type: ChainVerificationDto })
  verify(@CurrentPrincipal() principal: Principal): Promise<ChainVerificationDto> {
    return this.ledger.verify(principal.tenantId);
  }

  @Get('acceptances/:id/certificate.pdf')
  @RequirePermission('acceptances.read')
  @RecordsAccess('acceptance-certificate', { idParam: 'id', action: 'download' })
  @ApiOperation({ summary: 'The acceptance certificate: the full text as accepted, the record, the signatory, the chain proof (PDF)' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'application/pdf' })
  async certificate(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const { fileName, pdf } = await this.certificates.render(principal.tenantId, id);
    privateDownload(reply, 'application/pdf', fileName);
    return pdf;
  }
}
