import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DEFAULT_OPT_OUT_CONFIRMATION, DEFAULT_OPT_OUT_KEYWORDS, DEFAULT_OPT_OUT_LINE } from '../domain/opt-out';

export interface MessagingSettings {
  optOutLine: string;
  optOutKeywords: string[];
  optOutConfirmation: string;
  perChatPerMinute: number;
}

export const DEFAULT_MESSAGING_SETTINGS: MessagingSettings = {
  optOutLine: DEFAULT_OPT_OUT_LINE,
  optOutKeywords: DEFAULT_OPT_OUT_KEYWORDS,
  optOutConfirmation: DEFAULT_OPT_OUT_CONFIRMATION,
  // A person does not type more than this; more is a script, which MSG-7 forbids.
  perChatPerMinute: 20,
};

@Injectable()
export class MessagingSettingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(tenantId: string, manager: EntityManager = this.dataSource.manager): Promise<MessagingSettings> {
    const rows = await manager.query<MessagingSettings[]>(
      `SELECT opt_out_line AS "optOutLine", opt_out_keywords AS "optOutKeywords", opt_out_confirmation AS "optOutConfirmation", per_chat_per_minute AS "perChatPerMinute"
         FROM messaging_settings WHERE tenant_id = $1`,
      [tenantId],
    );
    return rows[0] ?? DEFAULT_MESSAGING_SETTINGS;
  }

  async save(tenantId: string, settings: MessagingSettings): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO messaging_settings (tenant_id, opt_out_line, opt_out_keywords, opt_out_confirmation, per_chat_per_minute) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id) DO UPDATE SET opt_out_line = $2, opt_out_keywords = $3, opt_out_confirmation = $4, per_chat_per_minute = $5, updated_at = now()`,
      [tenantId, settings.optOutLine, settings.optOutKeywords, settings.optOutConfirmation, settings.perChatPerMinute],
    );
  }
}
