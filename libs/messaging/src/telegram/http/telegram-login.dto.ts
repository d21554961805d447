import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { LOGIN_ERROR_CODES, LOGIN_STATES } from '../domain/login-flow';

const METHODS = ['qr', 'phone'] as const;

export class StartTelegramLoginDto {
  @ApiProperty({ enum: METHODS, description: 'QR code scanned in the Telegram app, or a code sent to the phone' })
  @IsIn(METHODS)
  method!: (typeof METHODS)[number];

  @ApiPropertyOptional({ example: '+79991234567', description: 'Required for the phone method; international format' })
  @ValidateIf((o: StartTelegramLoginDto) => o.method === 'phone')
  @IsString()
  @Length(5, 32)
  phone?: string;

  @ApiPropertyOptional({ description: 'Log an existing Telegram connection in again (it needs re-login)' })
  @IsOptional()
  @IsUUID()
  connectionId?: string;

  @ApiPropertyOptional({ example: 'Магазин', description: 'The connection\'s name; the account\'s name when omitted' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  displayName?: string;
}

export class TelegramLoginCodeDto {
  @ApiProperty({ example: '12345' }) @IsString() @Length(1, 16) code!: string;
}

export class TelegramLoginPasswordDto {
  @ApiProperty({ description: 'The account\'s two-step verification password: checked by SRP, never stored' })
  @IsString()
  @Length(1, 256)
  password!: string;
}

export class LoginErrorDto {
  @ApiProperty({ enum: LOGIN_ERROR_CODES }) code!: string;
  @ApiProperty() message!: string;
}

export class TelegramLoginDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: METHODS }) method!: string;
  @ApiProperty({ enum: LOGIN_STATES }) state!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'tg://login?token=… while waiting for the scan; renewed before it expires' }) qrUrl!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) qrExpiresAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Masked: +7 ••• •••-••-67' }) phone!: string | null;
  @ApiPropertyOptional({ nullable: true, enum: ['app', 'sms', 'call', 'other'] }) codeDelivery!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) passwordHint!: string | null;
  @ApiPropertyOptional({ nullable: true, type: LoginErrorDto }) error!: LoginErrorDto | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: 'With a flood-wait error: how long Telegram asks to wait' }) retryAfterSeconds!: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The connection, once the login is done' }) connectionId!: string | null;
  @ApiProperty() expiresAt!: Date;
}
