import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CurrentPrincipal, InvalidInputError, type Principal, RecordsAccess, RequirePermission } from '@perepiska/platform';
import { type FastifyRequest } from 'fastify';
import { AttachmentsService } from '../services/attachments.service';
import { ConversationsService } from '../services/conversations.service';
import { OutboundService } from '../services/outbound.service';
import {
  AttachmentDto,
  ConversationDto,
  ConversationPageDto,
  ConversationQueryDto,
  MessageDto,
  MessagePageDto,
  PageQueryDto,
  RefusalDetailsDto,
  SendMessageDto,
  UpdateConversationDto,
} from './messaging.dto';

type MultipartRequest = FastifyRequest & { isMultipart?: () => boolean; file?: () => Promise<{ filename: string; toBuffer: () => Promise<Buffer> } | undefined> };

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('conversations')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly outbound: OutboundService,
    private readonly attachments: AttachmentsService,
  ) {}

  @Get()
  @RequirePermission('conversations.read')
  @ApiOperation({ summary: 'The inbox: conversations the caller may see, most recent first' })
  @ApiOkResponse({ type: ConversationPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ConversationQueryDto): Promise<ConversationPageDto> {
    return this.conversations.list(principal, { ...query, search: query.q });
  }

  @Get(':id')
  @RequirePermission('conversations.read')
  @RecordsAccess('conversation', { idParam: 'id' })
  @ApiOperation({ summary: 'One conversation (written to the access journal)' })
  @ApiOkResponse({ type: ConversationDto })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ConversationDto> {
    return this.conversations.get(principal, id);
  }

  @Get(':id/messages')
  @RequirePermission('conversations.read')
  @RecordsAccess('conversation', { idParam: 'id', action: 'read-messages' })
  @ApiOperation({ summary: 'The conversation\'s messages, newest first; older pages by cursor' })
  @ApiOkResponse({ type: MessagePageDto })
  messages(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Query() query: PageQueryDto): Promise<MessagePageDto> {
    return this.conversations.history(principal, id, query.cursor, query.limit);
  }

  @Post(':id/messages')
  @RequirePermission('conversations.reply')
  @ApiOperation({ summary: 'Send a message; the guard may refuse it (422 with details.reason)' })
  @ApiCreatedResponse({ type: MessageDto })
  @ApiUnprocessableEntityResponse({ description: 'Refused by the outbound guard', type: RefusalDetailsDto })
  send(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: SendMessageDto): Promise<MessageDto> {
    return this.outbound.send(principal, id, body);
  }

  @Post(':id/attachments')
  @RequirePermission('conversations.reply')
  @ApiOperation({ summary: 'Upload a file to send with the next message (multipart field "file")' })
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({ type: AttachmentDto })
  async upload(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Req() request: MultipartRequest): Promise<AttachmentDto> {
    return this.attachments.upload(principal, id, async () => {
      const part = request.isMultipart?.() && request.file ? await request.file() : undefined;
      if (!part) throw new InvalidInputError('Validation failed: file', [{ field: 'file', messages: ['a multipart/form-data body with a "file" field is required'] }]);
      return { fileName: part.filename, content: await part.toBuffer() };
    });
  }

  @Patch(':id')
  @RequirePermission('conversations.reply')
  @ApiOperation({ summary: 'Resolve or reopen (anyone who replies); assign or move to a team (conversations.assign)' })
  @ApiOkResponse({ type: ConversationDto })
  change(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateConversationDto): Promise<ConversationDto> {
    return this.conversations.change(principal, id, body);
  }

  @Post(':id/read')
  @HttpCode(204)
  @RequirePermission('conversations.read')
  @ApiOperation({ summary: 'Mark the conversation read (the messenger is told where it can be)' })
  async read(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.conversations.markRead(principal, id);
  }
}
