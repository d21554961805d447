import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PERMISSIONS, type Permission } from '@perepiska/platform';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsBoolean, IsDate, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';

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
  @ApiProperty() role!: string;
  @ApiProperty({ enum: ['active', 'deactivated'] }) status!: string;
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

export class AuditQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) action?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() actorUserId?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  @ApiPropertyOptional() @IsOptional() @Type(() => Date) @IsDate() to?: Date;
  @ApiPropertyOptional({ description: 'Id of the last event of the previous page' }) @IsOptional() @Matches(/^\d{1,19}$/) before?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}

export class AuditEventDto {
  @ApiProperty() id!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty() action!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) actorUserId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) actorName!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) actorTokenId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) targetType!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) targetId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) ip!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) userAgent!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
}

export class RoleDto {
  @ApiProperty({ description: 'Built-in role key, or the custom role\'s id' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() builtIn!: boolean;
  @ApiProperty({ type: [String] }) permissions!: string[];
}
