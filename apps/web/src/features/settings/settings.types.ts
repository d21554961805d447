import type { Schemas } from '@perepiska/api-client';

/** The business (tenant) with its legal requisites. */
export type Organisation = Schemas['TenantDto'];
export type OrganisationChanges = Schemas['UpdateTenantDto'];
/** The business's name typed again, the password and, with two-factor on, a code. */
export type BusinessClosing = Schemas['CloseTenantDto'];
export type ClosedBusiness = Schemas['ClosedTenantDto'];

/** Reference 004 §8: a closed business's registration data is purged within 7 days. */
export const PURGE_WITHIN_DAYS = 7;

/** A 12-digit INN belongs to an entrepreneur, who has an OGRNIP and no KPP. */
export function isEntrepreneurInn(inn: string): boolean {
  return inn.replace(/\D/g, '').length === 12;
}
