import { requestBlob, requestJson } from '@/shared/api/client';
import type {
  Activity,
  ActivityData,
  ActivityDiff,
  ExportFormat,
  NewNotification,
  NotificationEntry,
  OperatorData,
  OperatorProfile,
  PolicyPublication,
  PrivacyPolicy,
  RegisterFindings,
  RegisterLayer,
  RegisterView,
  Taxonomy,
} from './register.types';

// until the OpenAPI document has the register routes (notes/register-api.md)
const id = encodeURIComponent;

/** Which register and as of when; both left out mean the business's own, as it is now. */
export interface RegisterScope {
  layer?: RegisterLayer;
  /** ISO 8601. */
  asOf?: string;
}

function query(values: Record<string, string | number | undefined>): string {
  const defined = Object.entries(values).filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '');
  return defined.length ? `?${new URLSearchParams(defined.map(([key, value]) => [key, String(value)])).toString()}` : '';
}

export const registerApi = {
  taxonomy: (): Promise<Taxonomy> => requestJson('GET', '/api/v1/register/taxonomy'),
  /** The operator and its activities (archived ones left out), sorted by name. */
  register: (scope: RegisterScope = {}): Promise<RegisterView> => requestJson('GET', `/api/v1/register/activities${query({ layer: scope.layer, asOf: scope.asOf })}`),
  /** 404 when it did not exist at `asOf`. */
  activity: (activityId: string, asOf?: string): Promise<Activity> => requestJson('GET', `/api/v1/register/activities/${id(activityId)}${query({ asOf })}`),
  create: (data: ActivityData): Promise<Activity> => requestJson('POST', '/api/v1/register/activities', { data }),
  /** 409 when someone saved a version after `expectedVersion`. */
  update: (activityId: string, expectedVersion: number, data: ActivityData): Promise<Activity> =>
    requestJson('PUT', `/api/v1/register/activities/${id(activityId)}`, { expectedVersion, data }),
  /** A new, archived version; the history stays. */
  archive: (activityId: string, expectedVersion: number): Promise<Activity> =>
    requestJson('DELETE', `/api/v1/register/activities/${id(activityId)}${query({ expectedVersion })}`),
  /** Every version, archived included, newest first. */
  versions: (activityId: string): Promise<Activity[]> => requestJson('GET', `/api/v1/register/activities/${id(activityId)}/versions`),
  diff: (activityId: string, from: number, to: number): Promise<ActivityDiff> => requestJson('GET', `/api/v1/register/activities/${id(activityId)}/diff${query({ from, to })}`),
  operator: (layer?: RegisterLayer): Promise<OperatorData> => requestJson('GET', `/api/v1/register/operator${query({ layer })}`),
  updateOperator: (profile: OperatorProfile): Promise<OperatorData> => requestJson('PUT', '/api/v1/register/operator', profile),
  findings: (layer?: RegisterLayer): Promise<RegisterFindings> => requestJson('GET', `/api/v1/register/findings${query({ layer })}`),
  /** Newest first. */
  notifications: (): Promise<NotificationEntry[]> => requestJson('GET', '/api/v1/register/notifications'),
  /** Records that the notification was sent with the register as it is now. */
  recordNotification: (body: NewNotification): Promise<unknown> => requestJson('POST', '/api/v1/register/notifications', body),
  /** Written to the access journal by the API. */
  export: (format: ExportFormat, scope: RegisterScope = {}): Promise<Blob> => requestBlob(`/api/v1/register/exports/${id(format)}${query({ layer: scope.layer, asOf: scope.asOf })}`),
  policy: (): Promise<PrivacyPolicy> => requestJson('GET', '/api/v1/register/policy'),
  policyPdf: (): Promise<Blob> => requestBlob('/api/v1/register/policy.pdf'),
  /** 409 when the generated text equals the version in force. */
  publishPolicy: (body: { material: boolean; effectiveAt?: string }): Promise<PolicyPublication> => requestJson('POST', '/api/v1/register/policy/publish', body),
};
