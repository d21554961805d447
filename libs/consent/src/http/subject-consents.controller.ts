import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RecordsAccess, RequirePermission } from '@perepiska/platform';
import { type FastifyReply } from 'fastify';
import { PublicConsentService } from '../services/public-consent.service';
import { SubjectConsentsService } from '../services/subject-consents.service';
import { ConsentLinkDto, ConsentRecordDto, ContactConsentsDto, RecordConsentDto } from './consents.dto';

@ApiTags('consents')
@ApiBearerAuth()
@Controller()
export class SubjectConsentsController {
  constructor(
    private readonly consents: SubjectConsentsService,
    private readonly publicConsents: PublicConsentService,
  ) {}

  @Get('contacts/:id/consents')
  @RequirePermission('consent.read')
  @RecordsAccess('contact-consents', { idParam: 'id' })
  @ApiOperation({ summary: 'A client\'s consents per purpose now, and every record behind them, newest first' })
  @ApiOkResponse({ type: ContactConsentsDto })
  ofContact(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ContactConsentsDto> {
    return this.consents.ofContact(principal, id);
  }

  @Post('contacts/:id/consents')
  @RequirePermission('consent.manage')
  @ApiOperation({ summary: 'Record a client\'s consent or withdrawal by hand; a consent recorded by an employee carries its proof file (base64)' })
  @ApiCreatedResponse({ type: ConsentRecordDto })
  @ApiUnprocessableEntityResponse({ description: '`consent-text-missing`: the business has not published its consent text for the purpose' })
  record(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: RecordConsentDto): Promise<ConsentRecordDto> {
    return this.consents.record(principal, id, body);
  }

  @Post('contacts/:id/consent-link')
  @RequirePermission('consent.manage')
  @ApiOperation({ summary: 'A signed personal link to the public consent page for this client: a consent given through it goes to this card (valid 30 days)' })
  @ApiCreatedResponse({ type: ConsentLinkDto })
  consentLink(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ConsentLinkDto> {
    return this.publicConsents.linkFor(principal, id);
  }

  @Get('consents/:id/proof')
  @RequirePermission('consent.read')
  @RecordsAccess('consent-proof', { idParam: 'id', action: 'download' })
  @ApiOperation({ summary: 'The proof file attached to a consent record (this business\'s only)' })
  @ApiOkResponse({ description: 'The file\'s bytes' })
  async proof(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const file = await this.consents.proof(principal, id);
    void reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="${file.fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store');
    return file.body;
  }
}
