import { api, unwrap } from '@/shared/api/client';
import type { BusinessClosing, ClosedBusiness, Organisation, OrganisationChanges } from './settings.types';

export const settingsApi = {
  organisation: (): Promise<Organisation> => unwrap(api.GET('/api/v1/tenant')),
  /** Checksums of INN, OGRN and KPP are verified by the API; failures come back per field. */
  updateOrganisation: (body: OrganisationChanges): Promise<Organisation> => unwrap(api.PATCH('/api/v1/tenant', { body })),
  /** Closes the business at once (every session and token ends); its data is purged later. */
  closeBusiness: (body: BusinessClosing): Promise<ClosedBusiness> => unwrap(api.DELETE('/api/v1/tenant', { body })),
};
