import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, PD_CATEGORIES, type Principal, RecordsAccess, RequirePermission, privateDownload } from '@perepiska/platform';
import { type FastifyReply } from 'fastify';
import {
  AUTOMATION_METHODS,
  LEGAL_BASIS_CLAUSES,
  PROCESSING_ACTIONS,
  RETENTION_TRIGGERS,
  RETENTION_UNITS,
  SPECIAL_BASIS_CLAUSES,
  SUBJECT_CATEGORIES,
} from '../domain/processing-activity';
import { type RegisterExport } from '../exports/register-exports';
import { RegisterExportsService } from '../services/register-exports.service';
import { type ActivityView, RegisterService } from '../services/register.service';
import {
  ActivityBodyDto,
  ActivityDto,
  ArchiveActivityQueryDto,
  DiffQueryDto,
  ExportParamsDto,
  OperatorProfileDto,
  PublishPolicyDto,
  RecordNotificationDto,
  RegisterListDto,
  RegisterQueryDto,
  UpdateActivityDto,
} from './register.dto';

const taxonomy = (list: ReadonlyArray<{ id: string; ru: string }>) => list.map(({ id, ru }) => ({ id, ru }));

function download(reply: FastifyReply, file: RegisterExport, asOf?: Date): Buffer {
  privateDownload(reply, file.contentType, file.fileName);
  void reply.header('x-checksum-sha256', file.sha256);
  if (asOf) void reply.header('x-register-as-of', asOf.toISOString());
  return file.body;
}

/** The processing register (REG-1..5): activities, versions, the operator, findings, exports and the generated policy. */
@ApiTags('register')
@ApiBearerAuth()
@Controller('register')
export class RegisterController {
  constructor(
    private readonly register: RegisterService,
    private readonly exports: RegisterExportsService,
  ) {}

  @Get('taxonomy')
  @RequirePermission('register.read')
  @ApiOperation({ summary: 'The closed lists an activity is made of: PD categories, subjects, the actions of art. 3, the bases of art. 6, methods, retention triggers' })
  taxonomy() {
    return {
      categories: PD_CATEGORIES.map(({ id, kind, ru, en }) => ({ id, kind, ru, en })),
      subjects: taxonomy(SUBJECT_CATEGORIES),
      actions: taxonomy(PROCESSING_ACTIONS),
      legalBases: taxonomy(LEGAL_BASIS_CLAUSES),
      specialBases: taxonomy(SPECIAL_BASIS_CLAUSES),
      automation: taxonomy(AUTOMATION_METHODS),
      retentionTriggers: taxonomy(RETENTION_TRIGGERS),
      retentionUnits: [...RETENTION_UNITS],
    };
  }

  @Get('activities')
  @RequirePermission('register.read')
  @ApiOperation({ summary: 'The register\'s activities as of a moment (default now), with the operator' })
  @ApiOkResponse({ type: RegisterListDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: RegisterQueryDto) {
    return this.register.list(principal, query.layer ?? 'tenant', query.asOf ?? null);
  }

  @Post('activities')
  @RequirePermission('register.manage')
  @ApiOperation({ summary: 'Add an activity to the business\'s register (version 1)' })
  @ApiCreatedResponse({ type: ActivityDto })
  create(@CurrentPrincipal() principal: Principal, @Body() body: ActivityBodyDto): Promise<ActivityView> {
    return this.register.create(principal, body.data);
  }

  @Get('activities/:id')
  @RequirePermission('register.read')
  @ApiOperation({ summary: 'An activity as of a moment (default now)' })
  @ApiOkResponse({ type: ActivityDto })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: RegisterQueryDto): Promise<ActivityView> {
    return this.register.get(principal, id, query.asOf ?? null);
  }

  @Put('activities/:id')
  @RequirePermission('register.manage')
  @ApiOperation({ summary: 'Save a new version of an activity' })
  @ApiOkResponse({ type: ActivityDto })
  @ApiConflictResponse({ description: '`version-conflict`: someone saved it meanwhile; `details.currentVersion` says which version it is at' })
  @ApiForbiddenResponse({ description: '`platform-register-read-only`' })
  update(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateActivityDto): Promise<ActivityView> {
    return this.register.update(principal, id, body.expectedVersion, body.data);
  }

  @Delete('activities/:id')
  @RequirePermission('register.manage')
  @ApiOperation({ summary: 'Archive an activity: it leaves the register from now on and stays in its history and in exports as of earlier dates' })
  @ApiOkResponse({ type: ActivityDto })
  archive(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: ArchiveActivityQueryDto): Promise<ActivityView> {
    return this.register.archive(principal, id, query.expectedVersion);
  }

  @Get('activities/:id/versions')
  @RequirePermission('register.read')
  @ApiOperation({ summary: 'Every version of an activity, newest first' })
  @ApiOkResponse({ type: [ActivityDto] })
  versions(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ActivityView[]> {
    return this.register.versions(principal, id);
  }

  @Get('activities/:id/diff')
  @RequirePermission('register.read')
  @ApiOperation({ summary: 'What changed between two versions, field by field, in words' })
  diff(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: DiffQueryDto) {
    return this.register.diff(principal, id, query.from, query.to);
  }

  @Get('operator')
  @RequirePermission('register.read')
  @ApiOperation({ summary: 'The operator: requisites from the organisation\'s card, contacts and the responsible person from the register' })
  operator(@CurrentPrincipal() principal: Principal, @Query() query: RegisterQueryDto) {
    return this.register.operator(principal, query.layer ?? 'tenant', query.asOf ?? null);
  }

  @Put('operator')
  @RequirePermission('register.manage')
  @ApiOperation({ summary: 'Save the operator\'s contacts and the person responsible for organising processing (versioned)' })
  saveOperator(@CurrentPrincipal() principal: Principal, @Body() body: OperatorProfileDto) {
    return this.register.saveOperator(principal, { email: body.email, phone: body.phone, responsible: body.responsible ?? null });
  }

  @Get('findings')
  @RequirePermission('register.read')
  @ApiOperation({ summary: 'What the register lacks under 152-FZ, most serious first, with the article and, for the notification, the date it is due' })
  findings(@CurrentPrincipal() principal: Principal, @Query() query: RegisterQueryDto) {
    return this.register.findings(principal, query.layer ?? 'tenant');
  }

  @Get('notifications')
  @RequirePermission('register.read')
  @ApiOperation({ summary: 'The notifications sent to Roskomnadzor, newest first' })
  notifications(@CurrentPrincipal() principal: Principal) {
    return this.register.notifications(principal);
  }

  @Post('notifications')
  @RequirePermission('register.manage')
  @ApiOperation({ summary: 'Record that the notification (or its update) was sent, with the register as it is now' })
  recordNotification(@CurrentPrincipal() principal: Principal, @Body() body: RecordNotificationDto) {
    return this.register.recordNotification(principal, body);
  }

  @Get('exports/:format')
  @RequirePermission('register.export')
  @RecordsAccess('register-export', { action: 'export' })
  @ApiOperation({ summary: 'The register as a file (XLSX, CSV, JSON, PDF) or the Roskomnadzor notification draft (PDF, Markdown), as of a moment; its SHA-256 in X-Checksum-SHA256' })
  @ApiProduces('application/octet-stream')
  async export(@CurrentPrincipal() principal: Principal, @Param() params: ExportParamsDto, @Query() query: RegisterQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const file = await this.exports.export(principal, query.layer ?? 'tenant', params.format, query.asOf ?? null);
    return download(reply, file, file.asOf);
  }

  @Get('policy')
  @RequirePermission('register.read')
  @ApiOperation({ summary: 'The privacy policy generated from the business\'s register (Markdown), and the version published' })
  policy(@CurrentPrincipal() principal: Principal) {
    return this.exports.policy(principal);
  }

  @Get('policy.pdf')
  @RequirePermission('register.export')
  @RecordsAccess('register-export', { action: 'export' })
  @ApiOperation({ summary: 'The generated privacy policy as a PDF' })
  @ApiProduces('application/pdf')
  async policyPdf(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    return download(reply, await this.exports.policyPdf(principal));
  }

  @Post('policy/publish')
  @RequirePermission('register.manage', 'consent.manage')
  @ApiOperation({ summary: 'Publish the generated policy as a new version of the business\'s document «Политика обработки персональных данных клиентов»' })
  @ApiConflictResponse({ description: '`policy-unchanged`: the version in force has this text already' })
  publishPolicy(@CurrentPrincipal() principal: Principal, @Body() body: PublishPolicyDto) {
    return this.exports.publishPolicy(principal, { material: body.material, effectiveAt: body.effectiveAt });
  }
}
