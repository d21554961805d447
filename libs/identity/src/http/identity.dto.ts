import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PERMISSIONS, type Permission } from '@perepiska/platform';
import { AUDIT_ACTIONS, type AuditAction } from '../services/audit.service';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsBoolean, IsDate, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';

export class CreateApiTokenDto {
  @ApiProperty({ example: 'CRM sync' })
  @IsString()
  @Length(2, 100)
  name!: string;

  @ApiProperty({ enum: PERMISSIONS, isArray: true })
  @ArrayMinSize(1)
  @IsIn(PERMISSIONS, { each: true })
  permissions!: Permission[];

  @ApiProperty({ description: 'At most 366 days ahead' })
  @Type(() => Date)
  @IsDate()
  expiresAt!: Date;
}

export class ApiTokenDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The first characters of the token, to tell tokens apart' }) prefix!: string;
  @ApiProperty({ type: [String] }) permissions!: string[];
  @ApiProperty() createdAt!: Date;
  @ApiProperty() expiresAt!: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) lastUsedAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) revokedAt!: Date | null;
}

export class CreatedApiTokenDto extends ApiTokenDto {
  @ApiProperty({ description: 'Shown once: store it now, it cannot be retrieved again' })
  token!: string;
}

export class MemberDto {
  @ApiProperty() id!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ description: 'The role\'s name' }) role!: string;
  @ApiProperty({ description: 'A built-in role key or a custom role\'s id' }) roleId!: string;
  @ApiProperty({ enum: ['active', 'deactivated'] }) status!: string;
  @ApiProperty() twoFactorEnabled!: boolean;
  @ApiProperty() createdAt!: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) deactivatedAt!: Date | null;
}

export class TenantDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() inn!: string;
  @ApiProperty() ogrn!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) kpp!: string | null;
  @ApiProperty() legalAddress!: string;
  @ApiProperty() requireTwoFactor!: boolean;
  @ApiProperty() createdAt!: Date;
}

export class UpdateTenantDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(2, 200) name?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{10}(\d{2})?$/, { message: 'inn must be 10 or 12 digits' }) inn?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{13}(\d{2})?$/, { message: 'ogrn must be 13 or 15 digits' }) ogrn?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsString() kpp?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(5, 500) legalAddress?: string;
  @ApiPropertyOptional({ description: 'Every employee must use two-factor authentication' }) @IsOptional() @IsBoolean() requireTwoFactor?: boolean;
}

export class AuditExportQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_ACTIONS }) @IsOptional() @IsIn(AUDIT_ACTIONS) action?: AuditAction;
  @ApiPropertyOptional() @IsOptional() @IsUUID() actorUserId?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  @ApiPropertyOptional() @IsOptional() @Type(() => Date) @IsDate() to?: Date;
}

export class AuditQueryDto extends AuditExportQueryDto {
  @ApiPropertyOptional({ description: 'Id of the last event of the previous page' }) @IsOptional() @Matches(/^\d{1,19}$/) before?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

export class AuditEventDto {
  @ApiProperty() id!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) actorUserId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) actorName!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) actorTokenId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The API token\'s name, when a token acted' }) actorTokenName!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) targetType!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) targetId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) ip!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) userAgent!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
}

export class RoleDto {
  @ApiProperty({ description: 'Built-in role key, or the custom role\'s id' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty() builtIn!: boolean;
  @ApiProperty({ type: [String] }) permissions!: string[];
  @ApiProperty({ description: 'Employees holding the role' }) members!: number;
}

export class CreateRoleDto {
  @ApiProperty({ example: 'Старший оператор' }) @IsString() @Length(2, 60) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) description?: string;
  @ApiProperty({ enum: PERMISSIONS, isArray: true }) @ArrayMinSize(1) @IsIn(PERMISSIONS, { each: true }) permissions!: Permission[];
}

export class UpdateRoleDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(2, 60) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) description?: string;
  @ApiPropertyOptional({ enum: PERMISSIONS, isArray: true }) @IsOptional() @ArrayMinSize(1) @IsIn(PERMISSIONS, { each: true }) permissions?: Permission[];
}

export class ChangeMemberRoleDto {
  @ApiProperty({ description: 'A built-in role key (e.g. "operator") or a custom role\'s id' }) @IsString() @Length(2, 60) role!: string;
}

export class CreateInvitationDto {
  @ApiProperty({ example: 'ivan@example.ru' }) @IsEmail({}, { message: 'email must be an e-mail address' }) @MaxLength(254) email!: string;
  @ApiProperty({ description: 'A built-in role key (e.g. "operator") or a custom role\'s id' }) @IsString() @Length(2, 60) role!: string;
}

export class InvitationDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() role!: string;
  @ApiProperty() roleId!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) invitedBy!: string | null;
  @ApiProperty({ enum: ['pending', 'accepted', 'expired', 'revoked'] }) status!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() expiresAt!: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) acceptedAt!: Date | null;
}

export class CreatedInvitationDto extends InvitationDto {
  @ApiProperty({ description: 'The link, shown once (it is also e-mailed): pass it on if the mail does not arrive' }) link!: string;
}

export class AccessJournalExportQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() actorUserId?: string;
  @ApiPropertyOptional({ example: 'contact' }) @IsOptional() @IsString() @Length(1, 60) resourceType?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) resourceId?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  @ApiPropertyOptional() @IsOptional() @Type(() => Date) @IsDate() to?: Date;
}

export class AccessJournalQueryDto extends AccessJournalExportQueryDto {
  @ApiPropertyOptional({ description: 'Id of the last entry of the previous page' }) @IsOptional() @Matches(/^\d{1,19}$/) before?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

export class AccessJournalEntryDto {
  @ApiProperty() id!: string;
  @ApiProperty() createdAt!: Date;
  @ApiPropertyOptional({ nullable: true, type: String }) actorUserId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) actorName!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) actorTokenId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The API token\'s name, when a token read' }) actorTokenName!: string | null;
  @ApiProperty() resourceType!: string;
  @ApiProperty() resourceId!: string;
  @ApiProperty() action!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) ip!: string | null;
}

export class CloseTenantDto {
  @ApiProperty({ description: 'The business\'s name, typed again to confirm' }) @IsString() @Length(1, 200) confirmName!: string;
  @ApiProperty() @IsString() @Length(1, 200) password!: string;
  @ApiPropertyOptional({ description: 'Required when the owner has two-factor on' }) @IsOptional() @Matches(/^\d{6}$/, { message: 'totpCode must be 6 digits' }) totpCode?: string;
}

export class ClosedTenantDto {
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the registration data is destroyed: the platform register\'s period since the closing (7 days); null if the register sets none' })
  purgeAfter!: Date | null;
}
