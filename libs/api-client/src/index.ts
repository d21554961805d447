/**
 * Types generated from the API's OpenAPI document (`npm run api:generate`). The SPA builds its
 * one typed client from these; a test fails when they drift from the code.
 */
export type { paths, components, operations } from './schema';
import { type components } from './schema';

export type Schemas = components['schemas'];
export type HealthReport = Schemas['HealthReportDto'];

/** The error shape every failure of the API answers with. */
export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
}
