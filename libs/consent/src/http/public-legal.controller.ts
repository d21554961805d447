import { Controller, Get, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { limitPublicCaller, Public, RateLimiter, SignupAgreements } from '@perepiska/platform';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type PlatformDocumentKind } from '../domain/document-kinds';
import { LegalDocumentsService } from '../services/legal-documents.service';
import { LegalVersionDto, PlatformDocumentKindParamDto, SignupAgreementDto } from './legal.dto';
import { PUBLIC_LIMITS } from './public-rate-limit';

/** The platform's own documents are public: a person reads them before having an account. */
@ApiTags('public')
@Controller('public/legal')
export class PublicLegalController {
  constructor(
    private readonly documents: LegalDocumentsService,
    private readonly agreements: SignupAgreements,
    private readonly limiter: RateLimiter,
  ) {}

  @Get('signup')
  @Public('The sign-up form shows the documents a new account accepts, before there is an account')
  @ApiOperation({ summary: 'The documents accepted by creating an account, in the versions in force: send their ids as acceptedVersionIds' })
  @ApiOkResponse({ type: [SignupAgreementDto] })
  async signup(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<SignupAgreementDto[]> {
    await limitPublicCaller(this.limiter, reply, `legal-page:${request.ip}`, PUBLIC_LIMITS.legalPage);
    return this.agreements.toAccept();
  }

  @Get('documents/:kind')
  @Public('The platform\'s documents are published for anyone to read')
  @ApiOperation({ summary: 'The version in force of a platform document, with its text' })
  @ApiOkResponse({ type: LegalVersionDto })
  async inForce(@Param() params: PlatformDocumentKindParamDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LegalVersionDto> {
    await limitPublicCaller(this.limiter, reply, `legal-page:${request.ip}`, PUBLIC_LIMITS.legalPage);
    return this.documents.publicInForce(params.kind as PlatformDocumentKind);
  }

  @Get('versions/:id')
  @Public('The platform\'s documents are published for anyone to read, every version of them')
  @ApiOperation({ summary: 'A version of a platform document with its text; a business\'s own texts are not here' })
  @ApiOkResponse({ type: LegalVersionDto })
  async version(@Param('id', ParseUUIDPipe) id: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LegalVersionDto> {
    await limitPublicCaller(this.limiter, reply, `legal-page:${request.ip}`, PUBLIC_LIMITS.legalPage);
    return this.documents.publicVersion(id);
  }
}
