import { ApiProperty } from '@nestjs/swagger';
import { PD_CATEGORIES } from '@perepiska/platform';
import { RETENTION_TRIGGERS, RETENTION_UNITS } from '../domain/processing-activity';

const CATEGORY_IDS = PD_CATEGORIES.map((c) => c.id);
const TRIGGER_IDS = RETENTION_TRIGGERS.map((t) => t.id);

export class RetentionPeriodDto {
  @ApiProperty({ minimum: 1 }) amount!: number;
  @ApiProperty({ enum: RETENTION_UNITS }) unit!: string;
}

export class RetentionRuleDto {
  @ApiProperty({ enum: CATEGORY_IDS, isArray: true }) categories!: string[];
  @ApiProperty({ type: RetentionPeriodDto }) period!: RetentionPeriodDto;
  @ApiProperty({ enum: TRIGGER_IDS }) trigger!: string;
}

export class RetentionPlanRuleDto {
  @ApiProperty({ description: 'The register\'s activity (purpose) the rule belongs to' }) activity!: string;
  @ApiProperty({ enum: CATEGORY_IDS, isArray: true }) categories!: string[];
  @ApiProperty({ example: '3 года с момента сбора' }) period!: string;
  @ApiProperty({ minimum: 1 }) amount!: number;
  @ApiProperty({ enum: RETENTION_UNITS }) unit!: string;
  @ApiProperty({ description: 'The shortest of the rules: the one the data goes by' }) applied!: boolean;
}

export class RetentionPlanItemDto {
  @ApiProperty({ example: 'messaging.message-content' }) target!: string;
  @ApiProperty({ description: 'What one record is, in Russian' }) description!: string;
  @ApiProperty({ enum: ['tenant', 'platform'], description: 'Whose register governs the data: the business\'s (its run destroys it) or the platform\'s (the platform\'s run does)' }) register!: string;
  @ApiProperty({ enum: TRIGGER_IDS, description: 'What the period counts from' }) trigger!: string;
  @ApiProperty({ enum: CATEGORY_IDS, isArray: true }) categories!: string[];
  @ApiProperty({ enum: ['destroy', 'depersonalise'] }) method!: string;
  @ApiProperty({ type: [RetentionPlanRuleDto], description: 'Every rule of that register covering the data with that trigger, shortest first' }) rules!: RetentionPlanRuleDto[];
  @ApiProperty({ type: RetentionRuleDto, nullable: true, description: 'The applied rule; null when the register sets no period for the data' }) rule!: RetentionRuleDto | null;
  @ApiProperty({ type: String, nullable: true, example: '12 месяцев с момента сбора' }) period!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Records whose period started before it go' }) cutoff!: string | null;
  @ApiProperty({ description: 'What a run now would destroy; for the platform\'s data, the records about this business' }) count!: number;
}

export class RetentionRunDto {
  @ApiProperty() records!: number;
  @ApiProperty({ type: String, nullable: true, example: 'АУ-2026-0001' }) act!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actId!: string | null;
}
