import { Injectable } from '@nestjs/common';
import { PolicyPublisher, type Principal, type PublishedPolicy } from '@perepiska/platform';
import { renderPrivacyPolicy } from '../domain/privacy-policy';
import { type RegisterLayer } from '../domain/processing-activity';
import { sha256Hex } from '../domain/register-view';
import {
  notificationDraft,
  notificationDraftPdf,
  privacyPolicyPdf,
  registerCsv,
  registerJson,
  registerPdf,
  type RegisterExport,
  registerXlsx,
} from '../exports/register-exports';
import { RegisterService } from './register.service';

export const EXPORT_FORMATS = ['xlsx', 'csv', 'json', 'pdf', 'notification-pdf', 'notification-md'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const RENDER: Record<ExportFormat, (snapshot: Parameters<typeof registerJson>[0]) => RegisterExport | Promise<RegisterExport>> = {
  xlsx: registerXlsx,
  csv: registerCsv,
  json: registerJson,
  pdf: registerPdf,
  'notification-pdf': notificationDraftPdf,
  'notification-md': notificationDraft,
};

export interface PolicyView {
  markdown: string;
  sha256: string;
  asOf: string;
  published: PublishedPolicy | null;
}

/** Everything generated from the register: its exports, the notification draft and the privacy policy. */
@Injectable()
export class RegisterExportsService {
  constructor(
    private readonly register: RegisterService,
    private readonly publisher: PolicyPublisher,
  ) {}

  async export(principal: Principal, layer: RegisterLayer, format: ExportFormat, asOf: Date | null): Promise<RegisterExport & { asOf: Date }> {
    const snapshot = await this.register.snapshot(principal, layer, asOf);
    return { ...(await RENDER[format](snapshot)), asOf: snapshot.asOf };
  }

  async policy(principal: Principal): Promise<PolicyView> {
    const snapshot = await this.register.snapshot(principal, 'tenant');
    const markdown = renderPrivacyPolicy(snapshot);
    return { markdown, sha256: sha256Hex(markdown), asOf: snapshot.asOf.toISOString(), published: await this.publisher.current(principal.tenantId) };
  }

  async policyPdf(principal: Principal): Promise<RegisterExport> {
    const snapshot = await this.register.snapshot(principal, 'tenant');
    return privacyPolicyPdf(renderPrivacyPolicy(snapshot), snapshot);
  }

  /** A new version of the business's policy document (the publisher refuses the text already in force). */
  async publishPolicy(principal: Principal, options: { material: boolean; effectiveAt?: Date }): Promise<PublishedPolicy> {
    const { markdown } = await this.policy(principal);
    return this.publisher.publish(principal, markdown, options);
  }
}
