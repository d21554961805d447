import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequirePermission } from '@perepiska/platform';
import { withoutSignatoryContacts } from '../services/legal-views';
import { MessengerModuleService } from '../services/messenger-module.service';
import { ActivateMessengerModuleDto, MessengerModuleActivationDto, MessengerModuleDto, MessengerModuleOffDto } from './legal.dto';

@ApiTags('legal')
@ApiBearerAuth()
@Controller('messenger-module')
export class MessengerModuleController {
  constructor(private readonly module: MessengerModuleService) {}

  @Get()
  @RequirePermission('consent.read')
  @ApiOperation({ summary: 'Whether the messenger module is on, the agreement in force with its text, and the warranties it needs' })
  @ApiOkResponse({ type: MessengerModuleDto })
  async view(@CurrentPrincipal() principal: Principal): Promise<MessengerModuleDto> {
    const view = await this.module.view(principal.tenantId);
    // Who accepted is shown to every reader; their e-mail, IP and browser only to ledger readers.
    return principal.permissions.has('acceptances.read') || !view.acceptance ? view : { ...view, acceptance: withoutSignatoryContacts(view.acceptance) };
  }

  @Post('activate')
  @RequirePermission('messenger-module.manage')
  @ApiOperation({ summary: 'Accept the agreement in force with every warranty (reference 001 §3.1, §7.5): turns the module on or resumes it' })
  @ApiCreatedResponse({ type: MessengerModuleActivationDto })
  activate(@CurrentPrincipal() principal: Principal, @Body() body: ActivateMessengerModuleDto): Promise<MessengerModuleActivationDto> {
    return this.module.activate(principal, body.versionId, body.warranties);
  }

  @Post('deactivate')
  @HttpCode(200)
  @RequirePermission('messenger-module.manage')
  @ApiOperation({ summary: 'End the agreement: the module turns off' })
  @ApiOkResponse({ type: MessengerModuleOffDto })
  deactivate(@CurrentPrincipal() principal: Principal): Promise<MessengerModuleOffDto> {
    return this.module.deactivate(principal);
  }
}
