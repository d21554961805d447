import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { EXPORT_FORMATS, type ExportFormat } from '../services/register-exports.service';

const LAYERS = ['tenant', 'platform'] as const;

export class RegisterQueryDto {
  @ApiPropertyOptional({ enum: LAYERS, default: 'tenant', description: 'The business\'s own register, or the platform\'s (read-only)' })
  @IsOptional()
  @IsIn(LAYERS)
  layer?: (typeof LAYERS)[number];

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'The register as it stood then; default now' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  asOf?: Date;
}

export class ExportParamsDto {
  @ApiProperty({ enum: EXPORT_FORMATS }) @IsIn(EXPORT_FORMATS) format!: ExportFormat;
}

export class ActivityBodyDto {
  @ApiProperty({ description: 'The activity (ActivityData); every field is checked and a wrong one is named by its path, e.g. data.retention.0.period.amount' })
  @IsObject()
  data!: Record<string, unknown>;
}

export class UpdateActivityDto extends ActivityBodyDto {
  @ApiProperty({ description: 'The version the edit was made on: a save on an older one is a 409' }) @IsInt() @Min(1) expectedVersion!: number;
}

export class ArchiveActivityQueryDto {
  @ApiPropertyOptional({ description: 'The version the decision was made on: an archive over a newer one is a 409' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) expectedVersion?: number;
}

export class DiffQueryDto {
  @ApiPropertyOptional({ description: 'Default: the version before `to`' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) from?: number;
  @ApiPropertyOptional({ description: 'Default: the latest version' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) to?: number;
}

export class ResponsiblePersonDto {
  @ApiProperty() @IsString() @MaxLength(300) @Matches(/\S/, { message: 'name is required' }) name!: string;
  @ApiProperty() @IsString() @Matches(/^\+?[0-9 ()-]{5,40}$/, { message: 'phone must be a phone number' }) phone!: string;
  @ApiProperty() @IsString() @MaxLength(254) @Matches(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: 'email must be an e-mail address' }) email!: string;
  @ApiProperty() @IsString() @MaxLength(500) @Matches(/\S/, { message: 'address is required' }) address!: string;
}

export class OperatorProfileDto {
  @ApiProperty() @IsString() @MaxLength(254) @Matches(/^([^\s@]+@[^\s@]+\.[^\s@]+)?$/, { message: 'email must be an e-mail address' }) email!: string;
  @ApiProperty() @IsString() @MaxLength(40) @Matches(/^(\+?[0-9 ()-]{5,40})?$/, { message: 'phone must be a phone number' }) phone!: string;
  @ApiProperty({ type: ResponsiblePersonDto, nullable: true, description: 'The person responsible for organising processing (152-FZ art. 22.1)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ResponsiblePersonDto)
  responsible!: ResponsiblePersonDto | null;
}

export class RecordNotificationDto {
  @ApiProperty({ example: '2026-12-01', description: 'When it was sent (YYYY-MM-DD)' }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'submittedAt must be a date YYYY-MM-DD' }) submittedAt!: string;
  @ApiPropertyOptional({ description: 'The registration number Roskomnadzor gave' }) @IsOptional() @IsString() @MaxLength(200) reference?: string;
}

export class PublishPolicyDto {
  @ApiProperty({ description: 'A material change takes effect no sooner than 14 days after publication' }) @IsBoolean() material!: boolean;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) @IsOptional() @Type(() => Date) @IsDate() effectiveAt?: Date;
}

export class ActivityDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true }) key!: string | null;
  @ApiProperty({ enum: LAYERS }) layer!: string;
  @ApiProperty() version!: number;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ type: Object, nullable: true }) recordedBy!: { id: string; name: string } | null;
  @ApiProperty() archived!: boolean;
  @ApiProperty({ type: Object, description: 'ActivityData' }) data!: Record<string, unknown>;
}

export class RegisterListDto {
  @ApiProperty({ enum: LAYERS }) layer!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty({ type: Object, description: 'OperatorData' }) operator!: Record<string, unknown>;
  @ApiProperty({ type: [ActivityDto] }) activities!: ActivityDto[];
}
