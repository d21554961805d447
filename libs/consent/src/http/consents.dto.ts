import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { CONSENT_ACTIONS, CONSENT_PURPOSES, CONSENT_SOURCES, MANUAL_CONSENT_SOURCES, type ConsentAction, type ConsentPurpose } from '../domain/consent-purposes';

export class ConsentProofFileDto {
  @ApiProperty({ maxLength: 255, example: 'согласие-иванов.pdf' }) @IsString() @Length(1, 255) fileName!: string;
  @ApiProperty({ description: 'The file\'s bytes as base64 (at most 5 MB decoded): a scan or photo of the signed form, a letter' })
  @IsString()
  @Length(4, 7_000_000)
  contentBase64!: string;
}

export class RecordConsentDto {
  @ApiProperty({ enum: CONSENT_PURPOSES }) @IsIn(CONSENT_PURPOSES) purpose!: ConsentPurpose;
  @ApiProperty({ enum: CONSENT_ACTIONS }) @IsIn(CONSENT_ACTIONS) action!: ConsentAction;
  @ApiProperty({ enum: MANUAL_CONSENT_SOURCES, description: 'The public form and the chat keyword record themselves' })
  @IsIn(MANUAL_CONSENT_SOURCES)
  source!: 'employee' | 'import';
  @ApiPropertyOptional({ maxLength: 50, description: 'How it reached the business, e.g. "paper", "e-mail", "phone"' }) @IsOptional() @IsString() @Length(1, 50) channel?: string;
  @ApiPropertyOptional({ maxLength: 500, description: 'Where the original is kept. No personal data: the record outlives an erasure request' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
  @ApiPropertyOptional({ description: 'The business\'s consent text for the purpose the consent was given to; default the one in effect' }) @IsOptional() @IsUUID() versionId?: string;
  @ApiPropertyOptional({ type: ConsentProofFileDto, description: 'Required when an employee records a consent (given)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConsentProofFileDto)
  proof?: ConsentProofFileDto;
}

export class ConsentStateDto {
  @ApiProperty() given!: boolean;
  @ApiPropertyOptional({ nullable: true, type: Date }) at!: Date | null;
  @ApiPropertyOptional({ nullable: true, enum: CONSENT_SOURCES }) source!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) versionSha256!: string | null;
}

export class CurrentConsentsDto {
  @ApiProperty({ type: ConsentStateDto }) processing!: ConsentStateDto;
  @ApiProperty({ type: ConsentStateDto }) advertising!: ConsentStateDto;
  @ApiProperty({ type: ConsentStateDto }) distribution!: ConsentStateDto;
}

export class ConsentProofFileViewDto {
  @ApiProperty() fileName!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ description: 'SHA-256 of the file: it stays after the file is erased' }) sha256!: string;
  @ApiProperty({ description: 'Whether GET /consents/{id}/proof serves it (false once erased)' }) available!: boolean;
}

export class ConsentSubmitterDto {
  @ApiPropertyOptional({ nullable: true, type: String }) fullName!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) phone!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) email!: string | null;
}

export class ConsentRecordDto {
  @ApiProperty() id!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) contactId!: string | null;
  @ApiProperty({ enum: CONSENT_PURPOSES }) purpose!: string;
  @ApiProperty({ enum: CONSENT_ACTIONS }) action!: string;
  @ApiProperty({ enum: CONSENT_SOURCES }) source!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) documentVersionId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) versionSha256!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) channel!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) note!: string | null;
  @ApiPropertyOptional({ nullable: true, type: ConsentProofFileViewDto }) proofFile!: ConsentProofFileViewDto | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The employee who recorded it' }) recordedBy!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) ipAnonymised!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) userAgent!: string | null;
  @ApiProperty() at!: Date;
  @ApiPropertyOptional({ nullable: true, type: ConsentSubmitterDto, description: 'What the person typed into the public form; null once erased' }) submitter!: ConsentSubmitterDto | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) erasedAt!: Date | null;
}

export class ContactConsentsDto {
  @ApiProperty({ type: CurrentConsentsDto }) current!: CurrentConsentsDto;
  @ApiProperty({ type: [ConsentRecordDto], description: 'Newest first' }) history!: ConsentRecordDto[];
}

export class PublicConsentTextDto {
  @ApiProperty({ enum: CONSENT_PURPOSES }) purpose!: string;
  @ApiProperty() versionId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ description: 'Markdown' }) text!: string;
  @ApiProperty() textSha256!: string;
}

export class PublicConsentBusinessDto {
  @ApiProperty() name!: string;
}

export class PublicConsentPageDto {
  @ApiProperty({ type: PublicConsentBusinessDto }) business!: PublicConsentBusinessDto;
  @ApiProperty({ type: [PublicConsentTextDto] }) texts!: PublicConsentTextDto[];
  @ApiProperty({ description: 'True when opened by a genuine personal link: the consent goes to that client\'s card' }) personal!: boolean;
}

export class PublicConsentQueryDto {
  @ApiPropertyOptional({ description: 'The signed personal link the business sent; a forged or expired one is a 400 on `link`' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  link?: string;
}

export class ConsentLinkDto {
  @ApiProperty({ description: 'The signed token naming this business and this client card' }) link!: string;
  @ApiProperty({ description: 'The public consent page with the token, ready to send to the client' }) url!: string;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt!: Date;
}

export class SubmitPublicConsentDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @Length(1, 200) fullName!: string;
  @ApiPropertyOptional({ example: '+7 916 123-45-67', description: 'A phone or an e-mail is required unless the page was opened by a personal link' })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{5,25}$/, { message: 'phone must be a phone number' })
  phone?: string;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsEmail() @MaxLength(200) email?: string;
  @ApiPropertyOptional({ description: 'The signed personal link the page was opened by; the consent then goes to that client\'s card' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  link?: string;
  @ApiProperty({ enum: CONSENT_PURPOSES, isArray: true }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(3) @IsIn(CONSENT_PURPOSES, { each: true }) purposes!: ConsentPurpose[];
  @ApiProperty({ type: [String], description: 'The version ids of the texts shown, one per purpose' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @IsUUID('all', { each: true })
  versionIds!: string[];
}

export class ConsentReceiptDto {
  @ApiProperty() receiptId!: string;
}
