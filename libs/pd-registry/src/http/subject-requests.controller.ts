import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiProduces, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentPrincipal, limitPublicCaller, type Principal, Public, RateLimiter, RecordsAccess, RequirePermission, privateDownload } from '@perepiska/platform';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { SUBJECT_REQUEST_KINDS } from '../domain/subject-request-clock';
import { DestructionActsService } from '../services/destruction-acts.service';
import { IdentityCodesService } from '../services/identity-codes.service';
import { SubjectRequestsService } from '../services/subject-requests.service';
import { BlockRequestDto, CloseRequestDto, CreateSubjectRequestDto, RectifyRequestDto, ExtendRequestDto, IdentityCheckDto, PublicSubjectRequestDto, RequestListQueryDto, SendIdentityCodeDto } from './subject-requests.dto';

/** The business's queue of subject requests (DSR-1..3). */
@ApiTags('subject-requests')
@ApiBearerAuth()
@Controller('subject-requests')
export class SubjectRequestsController {
  constructor(
    private readonly requests: SubjectRequestsService,
    private readonly codes: IdentityCodesService,
  ) {}

  @Get()
  @RequirePermission('subject-requests.read')
  @RecordsAccess('subject-requests')
  @ApiOperation({ summary: 'The requests, soonest deadline first, each with its statutory clock' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: RequestListQueryDto) {
    return this.requests.list(principal, query.status ?? 'open');
  }

  @Post()
  @RequirePermission('subject-requests.manage')
  @ApiOperation({ summary: 'Record a request received by mail, in person or in a conversation (conversationId)' })
  @ApiCreatedResponse({ description: 'The request with its deadline' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateSubjectRequestDto) {
    return this.requests.create(principal, body);
  }

  @Get(':id')
  @RequirePermission('subject-requests.read')
  @RecordsAccess('subject-request', { idParam: 'id' })
  @ApiOperation({ summary: 'A request with its log' })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.requests.get(principal, id);
  }

  @Post(':id/identity')
  @RequirePermission('subject-requests.manage')
  @ApiOperation({ summary: 'Record the identity check (reference 003 §10.2); nothing is disclosed before it' })
  @ApiCreatedResponse({ description: 'The request with its identity check' })
  @ApiUnprocessableEntityResponse({ description: 'For one-time-code: `code-mismatch` (with `attemptsLeft`), `code-expired`, `code-void` or `code-not-sent`' })
  identity(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: IdentityCheckDto) {
    return this.requests.verifyIdentity(principal, id, body);
  }

  @Get(':id/identity/code')
  @RequirePermission('subject-requests.manage')
  @ApiOperation({ summary: 'The person\'s known channels a one-time code can go to (masked), and where the latest code stands; never the code' })
  identityCode(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.codes.view(principal, id);
  }

  @Post(':id/identity/code')
  @RequirePermission('subject-requests.manage')
  @ApiOperation({ summary: 'Send a one-time code to one of the person\'s known channels, replacing the one before; check it with POST …/identity, method one-time-code' })
  @ApiCreatedResponse({ description: 'Where the new code went, its expiry and attempts; never the code' })
  @ApiUnprocessableEntityResponse({ description: '`code-resend-too-soon` or `code-send-limit` (with `retryAfterSeconds`), or the channel\'s refusal such as `contact-blocked`' })
  sendIdentityCode(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: SendIdentityCodeDto) {
    return this.codes.send(principal, id, body.channelId);
  }

  @Post(':id/extend')
  @RequirePermission('subject-requests.manage')
  @ApiOperation({ summary: 'Extend the term once by 5 working days, recording the motivated notice sent to the person (art. 14 part 3)' })
  @ApiUnprocessableEntityResponse({ description: '`not-extendable`, `already-extended` or `notice-after-deadline`' })
  extend(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: ExtendRequestDto) {
    return this.requests.extend(principal, id, body.reason);
  }

  @Get(':id/access-package')
  @RequirePermission('subject-requests.manage')
  @RecordsAccess('subject-access-package', { idParam: 'id', action: 'export' })
  @ApiOperation({ summary: 'Everything the business holds on the person, with purposes, bases, recipients and terms (art. 14 part 7): ZIP of JSON and PDF' })
  @ApiProduces('application/zip')
  @ApiUnprocessableEntityResponse({ description: '`identity-not-verified`' })
  async accessPackage(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const file = await this.requests.accessPackage(principal, id);
    privateDownload(reply, 'application/zip', file.fileName);
    return file.body;
  }

  @Post(':id/erase')
  @RequirePermission('subject-requests.manage')
  @ApiOperation({ summary: 'Fulfil a deletion or a withdrawal of consent: every module destroys the person\'s data in this business; answers the act of destruction' })
  @ApiUnprocessableEntityResponse({ description: '`identity-not-verified` or `not-a-destruction-request`' })
  erase(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.requests.erase(principal, id);
  }

  @Get(':id/data')
  @RequirePermission('subject-requests.manage')
  @RecordsAccess('subject-data', { idParam: 'id' })
  @ApiOperation({ summary: 'What every module holds on the person in this business, to choose what to correct; only after the identity check' })
  data(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.requests.subjectData(principal, id);
  }

  @Post(':id/rectify')
  @RequirePermission('subject-requests.manage')
  @ApiOperation({ summary: 'Correct named fields in the modules that hold them (art. 21 part 2)' })
  rectify(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: RectifyRequestDto) {
    return this.requests.rectify(principal, id, body.corrections);
  }

  @Post(':id/block')
  @RequirePermission('subject-requests.manage')
  @ApiOperation({ summary: 'Block the person\'s data in every module (art. 21 part 1): no messages reach a blocked client until unblocked' })
  block(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: BlockRequestDto) {
    return this.requests.block(principal, id, body.reason, true);
  }

  @Post(':id/unblock')
  @RequirePermission('subject-requests.manage')
  @ApiOperation({ summary: 'Lift the blocking once the check is over' })
  unblock(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: BlockRequestDto) {
    return this.requests.block(principal, id, body.reason, false);
  }

  @Post(':id/close')
  @RequirePermission('subject-requests.manage')
  @ApiOperation({ summary: 'Close the request: fulfilled or refused, with the answer given' })
  close(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: CloseRequestDto) {
    return this.requests.close(principal, id, body.outcome, body.note);
  }
}

const PUBLIC_FORM_LIMIT = { limit: 10, windowSeconds: 3600 };
const PUBLIC_PAGE_LIMIT = { limit: 120, windowSeconds: 60 };

/** The request form a business publishes for its clients. */
@ApiTags('public')
@Controller('public/subject-requests')
export class PublicSubjectRequestsController {
  constructor(
    private readonly requests: SubjectRequestsService,
    private readonly limiter: RateLimiter,
  ) {}

  @Get(':tenantId')
  @Public('The request form a business publishes: its name and the kinds of request with their statutory terms')
  @ApiOperation({ summary: 'The business and what can be asked, with the statutory term of each' })
  async page(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await limitPublicCaller(this.limiter, reply, `subject-request-page:${request.ip}`, PUBLIC_PAGE_LIMIT);
    const { business } = await this.requests.publicPage(tenantId);
    return { business, kinds: SUBJECT_REQUEST_KINDS.map(({ id, ru, article, period }) => ({ id, ru, article, period })) };
  }

  @Post(':tenantId')
  @Public('A person files a request about their personal data with the business')
  @ApiOperation({ summary: 'File a request; answers its number and the date the answer is due' })
  async submit(@Param('tenantId', ParseUUIDPipe) tenantId: string, @Body() body: PublicSubjectRequestDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await limitPublicCaller(this.limiter, reply, `subject-request-form:${request.ip}`, PUBLIC_FORM_LIMIT);
    return this.requests.createPublic(tenantId, body);
  }
}

/** The acts of destruction (order No. 179), kept 3 years. */
@ApiTags('subject-requests')
@ApiBearerAuth()
@Controller('destruction-acts')
export class DestructionActsController {
  constructor(private readonly acts: DestructionActsService) {}

  @Get()
  @RequirePermission('subject-requests.read')
  @ApiOperation({ summary: 'The acts of destruction, newest first' })
  list(@CurrentPrincipal() principal: Principal) {
    return this.acts.list(principal);
  }

  @Get(':id')
  @RequirePermission('subject-requests.read')
  @RecordsAccess('destruction-act', { idParam: 'id' })
  @ApiOperation({ summary: 'An act: who, whose data, which categories, how, why, what was kept, and the log extract' })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.acts.get(principal, id);
  }

  @Get(':id/act.pdf')
  @RequirePermission('subject-requests.read')
  @RecordsAccess('destruction-act', { idParam: 'id', action: 'download' })
  @ApiOperation({ summary: 'The act as a PDF' })
  @ApiProduces('application/pdf')
  async pdf(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const file = await this.acts.pdf(principal, id);
    privateDownload(reply, 'application/pdf', file.fileName);
    return file.body;
  }
}
