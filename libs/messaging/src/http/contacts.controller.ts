import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RecordsAccess, RequirePermission, privateDownload } from '@perepiska/platform';
import { type FastifyReply } from 'fastify';
import { ContactsService } from '../services/contacts.service';
import { ClientPageDto, ClientQueryDto, ContactDto } from './messaging.dto';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @RequirePermission('contacts.read')
  @RecordsAccess('contacts')
  @ApiOperation({ summary: 'The client base: clients whose conversations the caller sees, the latest activity first; blocked clients are left out (written to the access journal)' })
  @ApiOkResponse({ type: ClientPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ClientQueryDto): Promise<ClientPageDto> {
    return this.contacts.list(principal, query);
  }

  @Get('export.csv')
  @RequirePermission('contacts.read', 'contacts.export')
  @RecordsAccess('contacts', { action: 'export' })
  @ApiOperation({ summary: 'The whole client base as CSV, without blocked clients (written to the access journal; the audit log counts the rows)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV, UTF-8 with a BOM', content: { 'text/csv': { schema: { type: 'string' } } } })
  async export(@CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const file = await this.contacts.export(principal);
    privateDownload(reply, 'text/csv; charset=utf-8', 'clients.csv');
    return new StreamableFile(file);
  }

  @Get(':id')
  @RequirePermission('contacts.read')
  @RecordsAccess('contact', { idParam: 'id' })
  @ApiOperation({ summary: 'A client\'s card (written to the access journal)' })
  @ApiOkResponse({ type: ContactDto })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ContactDto> {
    return this.contacts.get(principal, id);
  }

  @Post(':id/suppression')
  @HttpCode(204)
  @RequirePermission('contacts.manage')
  @ApiOperation({ summary: 'Put the client on the suppression list (they asked not to be written to)' })
  async suppress(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.contacts.suppress(principal, id);
  }

  @Delete(':id/suppression')
  @HttpCode(204)
  @RequirePermission('contacts.manage')
  @ApiOperation({ summary: 'Take the client off the suppression list (they asked to be written to again)' })
  async lift(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.contacts.lift(principal, id);
  }
}
