import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, Matches } from 'class-validator';

const VISITOR_ID = /^[A-Za-z0-9_-]{8,100}$/;

export class RecordCookieConsentDto {
  @ApiProperty({ description: 'A random id the browser keeps for itself, 8..100 of [A-Za-z0-9_-]' })
  @Matches(VISITOR_ID, { message: 'visitorId must be 8..100 characters of A-Z, a-z, 0-9, "_" and "-"' })
  visitorId!: string;
  @ApiProperty() @IsBoolean() analytics!: boolean;
  @ApiProperty() @IsBoolean() functional!: boolean;
}

export class VisitorParamDto {
  @Matches(VISITOR_ID, { message: 'visitorId must be 8..100 characters of A-Z, a-z, 0-9, "_" and "-"' })
  visitorId!: string;
}

export class CookieChoiceDto {
  @ApiProperty() id!: string;
  @ApiProperty() visitorId!: string;
  @ApiProperty({ enum: [true], description: 'Strictly necessary cookies need no consent' }) necessary!: true;
  @ApiProperty() analytics!: boolean;
  @ApiProperty() functional!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The cookie policy in effect when the choice was made' }) policyVersionId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) ipAnonymised!: string | null;
  @ApiProperty() at!: Date;
}
