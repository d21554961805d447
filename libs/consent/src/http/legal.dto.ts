import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDate, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { MESSENGER_MODULE_STATES } from '@perepiska/platform';
import { type ChainBreakReason } from '../domain/acceptance-chain';
import { type DocumentKind, MAX_DOCUMENT_TEXT_LENGTH, PLATFORM_DOCUMENT_KINDS, TENANT_DOCUMENT_KINDS, type TenantDocumentKind } from '../domain/document-kinds';

const KINDS = [...PLATFORM_DOCUMENT_KINDS, ...TENANT_DOCUMENT_KINDS];
const BREAK_REASONS: ChainBreakReason[] = ['seq-gap', 'prev-hash-mismatch', 'record-hash-mismatch', 'version-hash-mismatch', 'signatory-mismatch'];

export class CreateLegalDocumentDto {
  @ApiProperty({ enum: TENANT_DOCUMENT_KINDS }) @IsIn(TENANT_DOCUMENT_KINDS) kind!: TenantDocumentKind;
  @ApiProperty() @IsString() @Length(1, 200) title!: string;
}

export class PublishVersionDto {
  @ApiProperty({ description: 'Markdown', maxLength: MAX_DOCUMENT_TEXT_LENGTH }) @IsString() @Length(1, MAX_DOCUMENT_TEXT_LENGTH) text!: string;
  @ApiProperty({ description: 'A material change: takes effect no sooner than 14 days after publication (reference 004 §11)' }) @IsBoolean() material!: boolean;
  @ApiPropertyOptional({ description: 'Default: now. A material version: at least 14 days from now' }) @IsOptional() @Type(() => Date) @IsDate() effectiveAt?: Date;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) summary?: string;
}

export class DiffQueryDto {
  @ApiPropertyOptional({ description: 'The version to compare against; default: the one before it' }) @IsOptional() @IsUUID() against?: string;
}

export class AcceptVersionDto {
  @ApiPropertyOptional({ type: [String], description: 'For the messenger-module agreement: every warranty id' }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(100, { each: true }) warranties?: string[];
}

export class ActivateMessengerModuleDto {
  @ApiProperty({ description: 'The messenger-module agreement version in force' }) @IsUUID() versionId!: string;
  @ApiProperty({ type: [String], description: 'All five warranty ids of §3.1' }) @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(100, { each: true }) warranties!: string[];
}

export class AcceptancePageQueryDto {
  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(40) cursor?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class LegalVersionDto {
  @ApiProperty() id!: string;
  @ApiProperty() documentId!: string;
  @ApiProperty({ enum: KINDS }) kind!: DocumentKind;
  @ApiProperty() version!: number;
  @ApiProperty({ description: 'SHA-256 of the canonical text (hex)' }) textSha256!: string;
  @ApiProperty() material!: boolean;
  @ApiProperty({ type: String, nullable: true }) summary!: string | null;
  @ApiProperty() publishedAt!: string;
  @ApiProperty() effectiveAt!: string;
  @ApiPropertyOptional({ description: 'Markdown; present where the route says so' }) text?: string;
}

export class SignupAgreementDto {
  @ApiProperty({ enum: PLATFORM_DOCUMENT_KINDS }) kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'The version in force: send its id in acceptedVersionIds' }) versionId!: string;
  @ApiProperty() version!: number;
  @ApiProperty() textSha256!: string;
}

export class PlatformDocumentKindParamDto {
  @ApiProperty({ enum: PLATFORM_DOCUMENT_KINDS }) @IsIn(PLATFORM_DOCUMENT_KINDS) kind!: string;
}

export class LegalDocumentDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: KINDS }) kind!: DocumentKind;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['platform', 'tenant'] }) scope!: 'platform' | 'tenant';
  @ApiProperty({ type: LegalVersionDto, nullable: true }) current!: LegalVersionDto | null;
  @ApiProperty({ type: LegalVersionDto, nullable: true }) upcoming!: LegalVersionDto | null;
}

export class DiffLineDto {
  @ApiProperty({ enum: ['same', 'added', 'removed'] }) op!: 'same' | 'added' | 'removed';
  @ApiProperty() text!: string;
}

export class VersionDiffDto {
  @ApiProperty({ type: LegalVersionDto, nullable: true, description: 'null when comparing the first version with nothing' }) from!: LegalVersionDto | null;
  @ApiProperty({ type: LegalVersionDto }) to!: LegalVersionDto;
  @ApiProperty({ type: [DiffLineDto] }) lines!: DiffLineDto[];
}

export class NoticeDocumentDto {
  @ApiProperty() id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() title!: string;
}

export class LegalNoticeDto {
  @ApiProperty({ type: LegalVersionDto }) version!: LegalVersionDto;
  @ApiProperty({ type: NoticeDocumentDto }) document!: NoticeDocumentDto;
  @ApiProperty() acceptedByMe!: boolean;
}

export class SignatoryDto {
  @ApiProperty({ type: String, nullable: true }) userId!: string | null;
  @ApiProperty({ type: String, nullable: true }) fullName!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) ip!: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent!: string | null;
}

export class AcceptanceDto {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Position in the business\'s chain, from 1' }) seq!: number;
  @ApiProperty() documentVersionId!: string;
  @ApiProperty({ enum: KINDS }) kind!: DocumentKind;
  @ApiProperty() version!: number;
  @ApiProperty() versionSha256!: string;
  @ApiProperty({ type: [String] }) warranties!: string[];
  @ApiProperty() method!: string;
  @ApiProperty() acceptedAt!: string;
  @ApiProperty({ type: SignatoryDto, nullable: true, description: 'null once the signatory\'s personal data was erased' }) signatory!: SignatoryDto | null;
  @ApiProperty() prevHash!: string;
  @ApiProperty() recordHash!: string;
}

export class AcceptancePageDto {
  @ApiProperty({ type: [AcceptanceDto] }) items!: AcceptanceDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class ChainBreakDto {
  @ApiProperty() id!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({ enum: BREAK_REASONS }) reason!: ChainBreakReason;
}

export class ChainVerificationDto {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ description: 'Rows checked, up to and including the first broken one' }) checked!: number;
  @ApiProperty({ type: ChainBreakDto, nullable: true }) firstBroken!: ChainBreakDto | null;
}

export class WarrantyDto {
  @ApiProperty() id!: string;
  @ApiProperty() text!: string;
}

export class MessengerModuleDto {
  @ApiProperty({ enum: MESSENGER_MODULE_STATES }) state!: (typeof MESSENGER_MODULE_STATES)[number];
  @ApiProperty({ enum: ['not-activated', 'agreement-accepted', 'new-material-version-unaccepted', 'deactivated'] }) reason!: string;
  @ApiProperty({ type: LegalVersionDto, nullable: true, description: 'The agreement in force, with its text' }) currentAgreement!: LegalVersionDto | null;
  @ApiProperty({ type: [WarrantyDto] }) warranties!: WarrantyDto[];
  @ApiProperty({ type: AcceptanceDto, nullable: true }) acceptance!: AcceptanceDto | null;
}

export class MessengerModuleActivationDto {
  @ApiProperty({ enum: MESSENGER_MODULE_STATES }) state!: (typeof MESSENGER_MODULE_STATES)[number];
  @ApiProperty({ type: AcceptanceDto }) acceptance!: AcceptanceDto;
}

export class MessengerModuleOffDto {
  @ApiProperty({ enum: ['off'] }) state!: 'off';
}
