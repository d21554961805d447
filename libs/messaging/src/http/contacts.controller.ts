import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RecordsAccess, RequirePermission } from '@perepiska/platform';
import { ContactsService } from '../services/contacts.service';
import { ContactDto } from './messaging.dto';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

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
