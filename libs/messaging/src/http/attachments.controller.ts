import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RecordsAccess, RequirePermission } from '@perepiska/platform';
import { type FastifyReply } from 'fastify';
import { AttachmentsService } from '../services/attachments.service';

/** Shown in the page: images, audio and video; anything else is a download. */
const INLINE = /^(image\/(jpeg|png|gif|webp)|audio\/|video\/)/;

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Get(':id')
  @RequirePermission('conversations.read')
  @RecordsAccess('attachment', { idParam: 'id', action: 'download' })
  @ApiOperation({ summary: 'A file of a conversation the caller may read' })
  @ApiOkResponse({ description: 'The file\'s bytes' })
  async download(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const { file, body } = await this.attachments.download(principal, id);
    const disposition = INLINE.test(file.mimeType) ? 'inline' : 'attachment';
    void reply
      .header('content-type', file.mimeType)
      .header('content-disposition', `${disposition}; filename="${file.fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, max-age=300');
    return body;
  }
}
