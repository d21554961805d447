import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { limitPublicCaller, Public, RateLimiter } from '@perepiska/platform';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { CookieConsentsService } from '../services/cookie-consents.service';
import { CookieChoiceDto, RecordCookieConsentDto, VisitorParamDto } from './cookie-consents.dto';
import { PUBLIC_LIMITS } from './public-rate-limit';

@ApiTags('public')
@Controller('public/cookie-consent')
export class CookieConsentController {
  constructor(
    private readonly cookies: CookieConsentsService,
    private readonly limiter: RateLimiter,
  ) {}

  @Post()
  @Public('The cookie banner asks before anyone signs in')
  @ApiOperation({ summary: 'Record a visitor\'s choice of cookie categories (strictly necessary ones need none)' })
  @ApiCreatedResponse({ type: CookieChoiceDto })
  async record(@Body() body: RecordCookieConsentDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<CookieChoiceDto> {
    await limitPublicCaller(this.limiter, reply, `cookie-choice:${request.ip}`, PUBLIC_LIMITS.cookieChoice);
    const userAgent = request.headers['user-agent'];
    return this.cookies.record(body, { ip: request.ip, userAgent: typeof userAgent === 'string' ? userAgent : undefined });
  }

  @Get(':visitorId')
  @Public('The cookie banner reads back its own visitor\'s choice')
  @ApiOperation({ summary: 'The visitor\'s choice in force (404 before any)' })
  @ApiOkResponse({ type: CookieChoiceDto })
  latest(@Param() params: VisitorParamDto): Promise<CookieChoiceDto> {
    return this.cookies.latest(params.visitorId);
  }
}
