import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal, type Principal, RequirePermission } from '@perepiska/platform';
import { AcceptancesService } from '../services/acceptances.service';
import { LegalDocumentsService } from '../services/legal-documents.service';
import { CreateLegalDocumentDto, DiffQueryDto, LegalDocumentDto, LegalNoticeDto, LegalVersionDto, PublishVersionDto, VersionDiffDto } from './legal.dto';

@ApiTags('legal')
@ApiBearerAuth()
@Controller('legal')
export class LegalDocumentsController {
  constructor(
    private readonly documents: LegalDocumentsService,
    private readonly acceptances: AcceptancesService,
  ) {}

  @Get('documents')
  @RequirePermission('consent.read')
  @ApiOperation({ summary: 'The platform\'s documents and this business\'s own consent texts, each with its version in force and the upcoming one' })
  @ApiOkResponse({ type: [LegalDocumentDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<LegalDocumentDto[]> {
    return this.documents.list(principal.tenantId);
  }

  @Post('documents')
  @RequirePermission('consent.manage')
  @ApiOperation({ summary: 'Create one of this business\'s consent texts (one per kind; 409 if it exists)' })
  @ApiCreatedResponse({ type: LegalDocumentDto })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateLegalDocumentDto): Promise<LegalDocumentDto> {
    return this.documents.createTenantDocument(principal, body.kind, body.title);
  }

  @Get('documents/:id/versions')
  @RequirePermission('consent.read')
  @ApiOperation({ summary: 'A document\'s versions, newest first' })
  @ApiOkResponse({ type: [LegalVersionDto] })
  versions(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<LegalVersionDto[]> {
    return this.documents.versions(principal.tenantId, id);
  }

  @Post('documents/:id/versions')
  @RequirePermission('consent.manage')
  @ApiOperation({ summary: 'Publish a version of this business\'s document; immutable once published. Material: in force no sooner than 14 days later' })
  @ApiCreatedResponse({ type: LegalVersionDto })
  publish(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: PublishVersionDto): Promise<LegalVersionDto> {
    return this.documents.publishTenantVersion(principal, id, body);
  }

  @Get('versions/:id')
  @Authenticated()
  @ApiOperation({ summary: 'A version with its text: the platform\'s documents to anyone signed in, this business\'s own texts with consent.read' })
  @ApiOkResponse({ type: LegalVersionDto })
  version(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<LegalVersionDto> {
    return this.documents.version(principal, id);
  }

  @Get('versions/:id/diff')
  @RequirePermission('consent.read')
  @ApiOperation({ summary: 'Line diff from another version of the same document to this one' })
  @ApiOkResponse({ type: VersionDiffDto })
  diff(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: DiffQueryDto): Promise<VersionDiffDto> {
    return this.documents.diff(principal.tenantId, id, query.against);
  }

  @Get('notices')
  @Authenticated()
  @ApiOperation({ summary: 'Upcoming versions (published, not yet in force) the caller has yet to accept; viewing them is recorded (reference 004 §11)' })
  @ApiOkResponse({ type: [LegalNoticeDto] })
  notices(@CurrentPrincipal() principal: Principal): Promise<LegalNoticeDto[]> {
    return this.acceptances.notices(principal);
  }
}
