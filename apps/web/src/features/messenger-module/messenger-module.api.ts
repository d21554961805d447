import { requestJson } from '@/shared/api/client';
import type { Activation, ActivationResult, MessengerModule, ModuleState } from './messenger-module.types';

// until the OpenAPI document has the consent routes (notes/consent-design.md)
export const messengerModuleApi = {
  get: (): Promise<MessengerModule> => requestJson('GET', '/api/v1/messenger-module'),
  /** Accepts the agreement with every warranty and turns the module on (also from suspended). */
  activate: (body: Activation): Promise<ActivationResult> => requestJson('POST', '/api/v1/messenger-module/activate', body),
  /** Ends the agreement; the business's messengers are disconnected. */
  deactivate: (): Promise<{ state: ModuleState }> => requestJson('POST', '/api/v1/messenger-module/deactivate', {}),
};
