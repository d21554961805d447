import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDate, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { SUBJECT_REQUEST_KINDS, type SubjectRequestKind } from '../domain/subject-request-clock';

const KINDS = SUBJECT_REQUEST_KINDS.map((k) => k.id);
const PHONE = /^\+?[0-9 ()-]{5,25}$/;

export class RequestSubjectDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @Length(2, 200) fullName!: string;
  @ApiPropertyOptional({ example: '+7 916 123-45-67' }) @IsOptional() @Matches(PHONE, { message: 'phone must be a phone number' }) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail({}, { message: 'email must be an e-mail address' }) @MaxLength(254) email?: string;
  @ApiPropertyOptional({ description: 'The client card the request is about' }) @IsOptional() @IsUUID() contactId?: string;
}

export class CreateSubjectRequestDto {
  @ApiProperty({ enum: KINDS }) @IsIn(KINDS) kind!: SubjectRequestKind;
  @ApiProperty({ type: RequestSubjectDto }) @ValidateNested() @Type(() => RequestSubjectDto) subject!: RequestSubjectDto;
  @ApiProperty({ description: 'What the person asks, as written', maxLength: 4000 }) @IsString() @Length(3, 4000) details!: string;
  @ApiPropertyOptional({ description: 'The conversation the person wrote it in' }) @IsOptional() @IsUUID() conversationId?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'When it was received; default now' }) @IsOptional() @Type(() => Date) @IsDate() receivedAt?: Date;
}

export class PublicSubjectRequestDto {
  @ApiProperty({ enum: KINDS }) @IsIn(KINDS) kind!: SubjectRequestKind;
  @ApiProperty({ maxLength: 200 }) @IsString() @Length(2, 200) fullName!: string;
  @ApiPropertyOptional({ description: 'A phone or an e-mail is required' }) @IsOptional() @Matches(PHONE, { message: 'phone must be a phone number' }) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail({}, { message: 'email must be an e-mail address' }) @MaxLength(254) email?: string;
  @ApiProperty({ maxLength: 4000 }) @IsString() @Length(3, 4000) details!: string;
}

export class RequestListQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'closed', 'all'], default: 'open' }) @IsOptional() @IsIn(['open', 'closed', 'all']) status?: 'open' | 'closed' | 'all';
}

export class IdentityCheckDto {
  @ApiProperty({ enum: ['document', 'messenger-match', 'one-time-code'] }) @IsIn(['document', 'messenger-match', 'one-time-code']) method!: 'document' | 'messenger-match' | 'one-time-code';
  @ApiProperty({ description: 'What was checked (reference 003 §10.2): the document or the messenger identity; for `one-time-code`, the 6-digit code the person told back (never stored)' })
  @IsString()
  @Length(3, 1000)
  evidence!: string;
}

export class SendIdentityCodeDto {
  @ApiProperty({ description: 'One of the person\'s known channels, as `GET …/identity/code` lists them' }) @IsString() @Length(3, 200) channelId!: string;
}

export class ExtendRequestDto {
  @ApiProperty({ description: 'The motivated notice sent to the person: why more time is needed' }) @IsString() @Length(10, 2000) reason!: string;
}

export class CloseRequestDto {
  @ApiProperty({ enum: ['fulfilled', 'refused'] }) @IsIn(['fulfilled', 'refused']) outcome!: 'fulfilled' | 'refused';
  @ApiProperty({ description: 'The answer given, or the reason for refusing' }) @IsString() @Length(3, 4000) note!: string;
}

export class LegalHoldDto {
  @ApiProperty({ enum: ['tenant', 'contact', 'conversation'] }) @IsIn(['tenant', 'contact', 'conversation']) scope!: 'tenant' | 'contact' | 'conversation';
  @ApiPropertyOptional({ description: 'The client card or the conversation; none for the whole business' }) @IsOptional() @IsUUID() targetId?: string;
  @ApiProperty({ description: 'Why the data must be kept: a court case, an inspection, a claim' }) @IsString() @Length(3, 1000) reason!: string;
}

export class BlockRequestDto {
  @ApiProperty({ description: 'Why: the claim being checked, or why the check is over' }) @IsString() @Length(3, 1000) reason!: string;
}

export class FieldCorrectionDto {
  @ApiProperty({ description: 'The module holding the record, as the data listing names it' }) @IsString() @Length(1, 100) source!: string;
  @ApiProperty() @IsString() @Length(1, 200) recordId!: string;
  @ApiProperty({ example: 'phone' }) @IsString() @Length(1, 100) field!: string;
  @ApiProperty() @IsString() @Length(1, 500) value!: string;
}

export class RectifyRequestDto {
  @ApiProperty({ type: [FieldCorrectionDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => FieldCorrectionDto) corrections!: FieldCorrectionDto[];
}
