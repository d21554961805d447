import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';

export class SignupTenantDto {
  @ApiProperty({ example: 'ООО «Шарики»' })
  @IsString()
  @Length(2, 200)
  name!: string;

  @ApiProperty({ description: '10 digits (legal entity) or 12 (entrepreneur), checksum verified', example: '7707083893' })
  @IsString()
  @Matches(/^\d{10}(\d{2})?$/, { message: 'inn must be 10 or 12 digits' })
  inn!: string;

  @ApiProperty({ description: 'OGRN (13 digits) or OGRNIP (15 digits), checksum verified', example: '1027700132195' })
  @IsString()
  @Matches(/^\d{13}(\d{2})?$/, { message: 'ogrn must be 13 or 15 digits' })
  ogrn!: string;

  @ApiPropertyOptional({ description: 'Legal entities only', example: '773601001' })
  @IsOptional()
  @IsString()
  kpp?: string;

  @ApiProperty({ example: '117312, г. Москва, ул. Вавилова, д. 19' })
  @IsString()
  @Length(5, 500)
  legalAddress!: string;
}

export class SignupOwnerDto {
  @ApiProperty({ example: 'Анна Смирнова' })
  @IsString()
  @Length(2, 200)
  fullName!: string;

  @ApiProperty({ example: 'anna@shariki.ru' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 10, maxLength: 128 })
  @IsString()
  @Length(10, 128, { message: 'password must be 10 to 128 characters long' })
  password!: string;
}

export class SignupDto {
  @ApiProperty({ type: SignupTenantDto })
  @ValidateNested()
  @Type(() => SignupTenantDto)
  tenant!: SignupTenantDto;

  @ApiProperty({ type: SignupOwnerDto })
  @ValidateNested()
  @Type(() => SignupOwnerDto)
  owner!: SignupOwnerDto;

  @ApiProperty({ type: [String], description: 'The ids of the versions in force of the documents GET /public/legal/signup lists: ticking "I accept" on the form' })
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  acceptedVersionIds!: string[];
}

export class LoginDto {
  @ApiProperty()
  @IsString()
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(128)
  password!: string;

  @ApiPropertyOptional({ description: 'Six-digit code, when two-factor authentication is on' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'totpCode must be 6 digits' })
  totpCode?: string;

  @ApiPropertyOptional({ description: 'Which of the user\'s businesses to enter; the first by default' })
  @IsOptional()
  @IsUUID()
  tenantId?: string;
}

export class RefreshDto {
  @ApiPropertyOptional({ description: 'For API clients; the SPA sends its httpOnly cookie instead' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  refreshToken?: string;
}

export class SwitchTenantDto {
  @ApiProperty()
  @IsUUID()
  tenantId!: string;
}

export class SessionTokensDto {
  @ApiProperty({ description: 'Bearer token for the API; the SPA also receives it as an httpOnly cookie' })
  accessToken!: string;

  @ApiProperty({ description: 'Seconds until the access token expires' })
  expiresIn!: number;

  @ApiProperty({ description: 'For API clients: rotate with POST /auth/refresh; single use' })
  refreshToken!: string;
}

export class MeUserDto {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty() totpEnabled!: boolean;
}

export class MeTenantDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Built-in role key or the custom role\'s name' }) role!: string;
}

export class MeDto {
  @ApiProperty({ type: MeUserDto }) user!: MeUserDto;
  @ApiProperty({ description: 'The business requires two-factor and the user has not set it up: only set-up and sign-out work until then' })
  twoFactorSetupRequired!: boolean;
  @ApiProperty({ type: MeTenantDto }) tenant!: MeTenantDto;
  @ApiProperty({ nullable: true, type: String, description: 'The user\'s employment in this business (assignee of conversations, member of teams)' })
  membershipId!: string | null;
  @ApiProperty({ type: [String] }) permissions!: string[];
  @ApiProperty({ type: [MeTenantDto], description: 'Every business the user may switch to' }) memberships!: MeTenantDto[];
}

export class TotpCodeDto {
  @ApiProperty({ example: '123456' })
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code!: string;
}

export class TotpSetupDto {
  @ApiProperty({ description: 'Base32 secret, for typing into the app by hand' })
  secret!: string;

  @ApiProperty({ description: 'otpauth:// URI to show as a QR code' })
  otpauthUri!: string;
}

export class InvitationTokenDto {
  @ApiProperty({ description: 'The secret part of the invitation link' })
  @IsString()
  @Length(20, 200)
  token!: string;
}

export class InvitationPreviewDto {
  @ApiProperty() tenantName!: string;
  @ApiProperty() email!: string;
  @ApiProperty() role!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) invitedBy!: string | null;
  @ApiProperty() expiresAt!: Date;
  @ApiProperty({ description: 'Accepting asks for the existing account\'s password instead of a new one' }) existingAccount!: boolean;
}

export class AcceptInvitationDto extends InvitationTokenDto {
  @ApiProperty({ description: 'A new password, or the existing account\'s password', minLength: 10, maxLength: 128 })
  @IsString()
  @Length(10, 128, { message: 'password must be 10 to 128 characters long' })
  password!: string;

  @ApiPropertyOptional({ description: 'Required for a new account' })
  @IsOptional()
  @IsString()
  @Length(2, 200)
  fullName?: string;

  @ApiPropertyOptional({ description: 'When the existing account has two-factor on' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'totpCode must be 6 digits' })
  totpCode?: string;

  @ApiPropertyOptional({ type: [String], description: 'Required for a new account: the versions in force GET /public/legal/signup lists' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  acceptedVersionIds?: string[];
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'anna@shariki.ru' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ description: 'The secret part of the reset link' })
  @IsString()
  @Length(20, 200)
  token!: string;

  @ApiProperty({ minLength: 10, maxLength: 128 })
  @IsString()
  @Length(10, 128, { message: 'password must be 10 to 128 characters long' })
  password!: string;
}
