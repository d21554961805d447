import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@perepiska/platform';
import { ApiChannelService } from '../services/api-channel.service';
import { AcceptedListDto, InboundMessagesDto, InboundStatusesDto } from './messaging.dto';

/**
 * Where an integrator's system posts to the API channel. The routes are public to the product's
 * guard because the connection's own inbound token authenticates them (checked in the service).
 */
@ApiTags('api-channel')
@ApiBearerAuth()
@Controller('channels/api')
export class ApiChannelController {
  constructor(private readonly apiChannel: ApiChannelService) {}

  @Post('messages')
  @HttpCode(202)
  @Public('authenticated by the API channel\'s inbound token')
  @ApiOperation({ summary: 'Inbound messages from your system (stored before this answers; a repeated id is absorbed)' })
  @ApiAcceptedResponse({ type: AcceptedListDto })
  async messages(@Headers('authorization') authorization: string | undefined, @Body() body: InboundMessagesDto): Promise<AcceptedListDto> {
    const results = await this.apiChannel.postMessages(
      authorization,
      body.messages.map((m) => ({
        externalMessageId: m.id,
        chat: { id: m.chat.id, kind: m.chat.kind ?? 'private', title: m.chat.title },
        from: { id: m.from.id, displayName: m.from.name, username: m.from.username, phone: m.from.phone },
        text: m.text,
        attachments: m.attachments?.map((a) => ({ fileName: a.fileName, content: Buffer.from(a.contentBase64, 'base64') })),
        sentAt: m.sentAt,
      })),
    );
    return { results };
  }

  @Post('statuses')
  @HttpCode(202)
  @Public('authenticated by the API channel\'s inbound token')
  @ApiOperation({ summary: 'Delivery and read statuses of our messages in your system' })
  @ApiAcceptedResponse({ type: AcceptedListDto })
  async statuses(@Headers('authorization') authorization: string | undefined, @Body() body: InboundStatusesDto): Promise<AcceptedListDto> {
    const results = await this.apiChannel.postStatuses(
      authorization,
      body.statuses.map((s) => ({ externalMessageId: s.messageId, status: s.status, at: s.at, reason: s.reason })),
    );
    return { results };
  }
}
