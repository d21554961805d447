import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { limitPublicCaller, Public, RateLimiter } from '@perepiska/platform';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { PublicConsentService } from '../services/public-consent.service';
import { ConsentReceiptDto, PublicConsentPageDto, PublicConsentQueryDto, SubmitPublicConsentDto } from './consents.dto';
import { PUBLIC_LIMITS } from './public-rate-limit';

/** The business is addressed by its id until businesses get a public slug. */
@ApiTags('public')
@Controller('public/consent')
export class PublicConsentController {
  constructor(
    private readonly consents: PublicConsentService,
    private readonly limiter: RateLimiter,
  ) {}

  @Get(':tenantId')
  @Public('The consent page a business sends its clients: its name and its consent texts in effect')
  @ApiOperation({ summary: 'The business\'s consent texts in effect, with their version ids and hashes' })
  @ApiOkResponse({ type: PublicConsentPageDto })
  async page(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Query() query: PublicConsentQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PublicConsentPageDto> {
    await limitPublicCaller(this.limiter, reply, `consent-page:${request.ip}`, PUBLIC_LIMITS.consentPage);
    return this.consents.page(tenantId, query.link);
  }

  @Post(':tenantId')
  @Public('A client gives consent on the business\'s public consent page')
  @ApiOperation({ summary: 'Record the consents ticked, with the versions shown, the time, an anonymised IP and the user agent' })
  @ApiCreatedResponse({ type: ConsentReceiptDto })
  @ApiTooManyRequestsResponse({ description: 'Too many submissions from this address' })
  async submit(
    @Param('tenantId', ParseUUIDPipe) tenantId: string,
    @Body() body: SubmitPublicConsentDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConsentReceiptDto> {
    await limitPublicCaller(this.limiter, reply, `consent-form:${request.ip}`, PUBLIC_LIMITS.consentForm);
    const userAgent = request.headers['user-agent'];
    return this.consents.submit(tenantId, body, { ip: request.ip, userAgent: typeof userAgent === 'string' ? userAgent : undefined });
  }
}
