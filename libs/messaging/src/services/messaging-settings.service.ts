import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '@perepiska/platform';
import { normaliseKeyword } from '../domain/opt-out';
import { type MessagingSettings, MessagingSettingsRepository } from '../persistence/messaging-settings.repository';

/** The business's opt-out wording and keywords (reference 001 §6.1) and its per-chat ceiling. */
@Injectable()
export class MessagingSettingsService {
  constructor(private readonly settings: MessagingSettingsRepository) {}

  get(tenantId: string): Promise<MessagingSettings> {
    return this.settings.get(tenantId);
  }

  async save(tenantId: string, input: MessagingSettings): Promise<MessagingSettings> {
    const keywords = [...new Set(input.optOutKeywords.map((k) => k.trim()).filter((k) => normaliseKeyword(k).length > 0))];
    if (!keywords.length) throw new InvalidInputError('Validation failed: optOutKeywords', [{ field: 'optOutKeywords', messages: ['must keep at least one keyword: clients must always be able to opt out'] }]);
    const settings = { ...input, optOutKeywords: keywords, optOutLine: input.optOutLine.trim(), optOutConfirmation: input.optOutConfirmation.trim() };
    await this.settings.save(tenantId, settings);
    return settings;
  }
}
