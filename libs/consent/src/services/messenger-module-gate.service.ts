import { Injectable } from '@nestjs/common';
import { MessengerModuleGate, type MessengerModuleState } from '@perepiska/platform';
import { MessengerModuleService } from './messenger-module.service';

/** Consent's answer to the platform port messaging consults before connecting and sending. */
@Injectable()
export class ConsentMessengerModuleGate extends MessengerModuleGate {
  constructor(private readonly module: MessengerModuleService) {
    super();
  }

  async state(tenantId: string): Promise<MessengerModuleState> {
    return (await this.module.reconcile(tenantId)).state;
  }
}
