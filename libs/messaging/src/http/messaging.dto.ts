import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsBoolean,
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CONNECTION_STATES } from '../domain/channel-types';
import { MESSAGE_STATUSES } from '../domain/message-status';
import { REFUSAL_REASONS } from '../domain/outbound-refusal';

const CONVERSATION_STATUSES = ['open', 'pending', 'resolved'] as const;
const CHAT_KINDS = ['private', 'group', 'channel'] as const;
const KINDS = ['text', 'image', 'file', 'voice', 'video'] as const;

export class ConversationQueryDto {
  @ApiPropertyOptional({ enum: CONVERSATION_STATUSES }) @IsOptional() @IsIn(CONVERSATION_STATUSES) status?: (typeof CONVERSATION_STATUSES)[number];
  @ApiPropertyOptional({ description: '"me", "unassigned" or an employee\'s membership id' })
  @IsOptional()
  @Matches(/^(me|unassigned|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, { message: 'assignee must be "me", "unassigned" or a membership id' })
  assignee?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() connectionId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() teamId?: string;
  @ApiPropertyOptional({ description: 'Only conversations with unread messages' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
  @ApiPropertyOptional({ description: 'A client\'s name, username, phone or e-mail' }) @IsOptional() @IsString() @Length(1, 100) q?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class ConversationDto {
  @ApiProperty() id!: string;
  @ApiProperty() connectionId!: string;
  @ApiProperty() connectionName!: string;
  @ApiProperty() connectionType!: string;
  @ApiProperty() contactId!: string;
  @ApiProperty() contactName!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) contactUsername!: string | null;
  @ApiProperty({ enum: CHAT_KINDS }) chatKind!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) title!: string | null;
  @ApiProperty({ enum: CONVERSATION_STATUSES }) status!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) assigneeMembershipId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) assigneeName!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) teamId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) teamName!: string | null;
  @ApiProperty() unreadCount!: number;
  @ApiProperty() lastMessageAt!: Date;
  @ApiPropertyOptional({ nullable: true, type: String }) lastMessagePreview!: string | null;
  @ApiPropertyOptional({ nullable: true, enum: ['in', 'out'] }) lastMessageDirection!: string | null;
  @ApiProperty({ description: 'The client opted out: nothing can be sent' }) suppressed!: boolean;
  @ApiProperty() createdAt!: Date;
}

export class UnreadTotalsDto {
  @ApiProperty() conversations!: number;
  @ApiProperty() messages!: number;
}

export class ConversationPageDto {
  @ApiProperty({ type: [ConversationDto] }) items!: ConversationDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty({ type: UnreadTotalsDto, nullable: true, description: 'On the first page only (no cursor)' }) unread!: UnreadTotalsDto | null;
}

export class UpdateConversationDto {
  @ApiPropertyOptional({ enum: CONVERSATION_STATUSES }) @IsOptional() @IsIn(CONVERSATION_STATUSES) status?: (typeof CONVERSATION_STATUSES)[number];
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @ValidateIf((_o, v) => v !== null) @IsUUID() assigneeMembershipId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @ValidateIf((_o, v) => v !== null) @IsUUID() teamId?: string | null;
}

export class AttachmentDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['image', 'file', 'voice', 'video'] }) kind!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty() mimeType!: string;
  @ApiProperty() sizeBytes!: number;
}

export class MessageDto {
  @ApiProperty() id!: string;
  @ApiProperty() conversationId!: string;
  @ApiProperty({ enum: ['in', 'out'] }) direction!: string;
  @ApiProperty({ enum: KINDS }) kind!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) text!: string | null;
  @ApiProperty({ enum: MESSAGE_STATUSES }) status!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) failureReason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) senderMembershipId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) senderName!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) messengerSentAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) sentAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) deliveredAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) readAt!: Date | null;
  @ApiProperty({ type: [AttachmentDto] }) attachments!: AttachmentDto[];
}

export class MessagePageDto {
  @ApiProperty({ type: [MessageDto], description: 'Newest first' }) items!: MessageDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}

export class SendMessageDto {
  @ApiPropertyOptional({ maxLength: 4096 }) @IsOptional() @IsString() @MaxLength(4096) text?: string;
  @ApiPropertyOptional({ type: [String], description: 'Files uploaded to this conversation first' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
  @ApiPropertyOptional({ description: 'Idempotency key: the same key in the same conversation sends once' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  clientMessageId?: string;
  @ApiPropertyOptional({ enum: ['service', 'advertising'], default: 'service', description: 'Advertising needs the client\'s recorded consent (38-FZ art. 18)' })
  @IsOptional()
  @IsIn(['service', 'advertising'])
  purpose?: 'service' | 'advertising';
}

export class RefusalDetailsDto {
  @ApiProperty({ enum: REFUSAL_REASONS }) reason!: string;
  @ApiPropertyOptional() retryAfterSeconds?: number;
}

export class ContactIdentityDto {
  @ApiProperty() channel!: string;
  @ApiProperty() externalId!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) username!: string | null;
}

export class SuppressionDto {
  @ApiProperty({ enum: ['opt-out-keyword', 'manual', 'subject-request'] }) reason!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) keyword!: string | null;
  @ApiProperty() createdAt!: Date;
}

export class ContactDto {
  @ApiProperty() id!: string;
  @ApiProperty() displayName!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) phone!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ type: [ContactIdentityDto] }) identities!: ContactIdentityDto[];
  @ApiPropertyOptional({ nullable: true, type: SuppressionDto }) suppression!: SuppressionDto | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Processing blocked on the client\'s request' }) blockedReason!: string | null;
  @ApiProperty() createdAt!: Date;
}

export class ClientQueryDto {
  @ApiPropertyOptional({ description: 'A client\'s name, phone, e-mail or messenger username (part of it), or their messenger id' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class ClientChannelDto {
  @ApiProperty({ description: 'The messenger: telegram, telegram-bot, whatsapp, vk, avito, max, api' }) type!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The client\'s username there, where the messenger has one' }) username!: string | null;
}

export class ClientDto {
  @ApiProperty() id!: string;
  @ApiProperty() displayName!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ type: [ClientChannelDto] }) channels!: ClientChannelDto[];
  @ApiProperty({ description: 'When the client first wrote to the business' }) firstSeenAt!: Date;
  @ApiProperty({ description: 'The last message of their conversations the caller sees' }) lastMessageAt!: Date;
  @ApiProperty({ description: 'Their conversations the caller sees' }) conversations!: number;
  @ApiProperty({ description: 'The most recent of those conversations' }) latestConversationId!: string;
}

export class ClientPageDto {
  @ApiProperty({ type: [ClientDto], description: 'The latest activity first' }) items!: ClientDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ConnectionDto {
  @ApiProperty() id!: string;
  @ApiProperty() type!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: CONNECTION_STATES }) state!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) stateReason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) floodWaitUntil!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The platform suspended this messenger type' }) suspendedReason!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) webhookUrl!: string | null;
  @ApiProperty() perMinuteLimit!: number;
  @ApiProperty({ type: [String], description: 'Employees (membership ids) who work this connection\'s conversations' }) memberIds!: string[];
  @ApiProperty() createdAt!: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) disconnectedAt!: Date | null;
}

export class DisconnectQueryDto {
  @ApiPropertyOptional({ description: 'Also end the session on the messenger\'s side (Telegram: auth.logOut)', default: false })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  logOut?: boolean;
}

export class ChannelTypeDto {
  @ApiProperty() type!: string;
  @ApiProperty() available!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String }) suspendedReason!: string | null;
}

const webhookUrl = { require_tld: false, protocols: ['http', 'https'], require_protocol: true };

export class CreateConnectionDto {
  @ApiProperty({ enum: ['api', 'telegram-bot'] }) @IsIn(['api', 'telegram-bot', 'memory']) type!: 'api' | 'telegram-bot' | 'memory';
  @ApiPropertyOptional({ example: 'Сайт', description: 'Required, except for a Telegram bot: its name and @username by default' })
  @ValidateIf((o: CreateConnectionDto) => o.type !== 'telegram-bot' || o.displayName !== undefined)
  @IsString()
  @Length(1, 100)
  displayName?: string;
  @ApiPropertyOptional({ description: 'telegram-bot: the token @BotFather gave the bot; checked with Telegram, kept sealed, never shown again' })
  @ValidateIf((o: CreateConnectionDto) => o.type === 'telegram-bot')
  @IsDefined({ message: 'botToken is required to connect a Telegram bot' })
  @IsString()
  @MaxLength(200)
  botToken?: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Where outgoing messages are posted (API channel)' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUrl(webhookUrl, { message: 'webhookUrl must be an http(s) URL' })
  webhookUrl?: string | null;
}

export class UpdateConnectionDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) displayName?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @ValidateIf((_o, v) => v !== null) @IsUrl(webhookUrl, { message: 'webhookUrl must be an http(s) URL' }) webhookUrl?: string | null;
  @ApiPropertyOptional({ minimum: 1, maximum: 600 }) @IsOptional() @IsInt() @Min(1) @Max(600) perMinuteLimit?: number;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true }) memberIds?: string[];
}

export class ConnectionSecretsDto {
  @ApiProperty({ description: 'Shown once: the integrator posts inbound messages with it' }) inboundToken!: string;
  @ApiProperty({ description: 'Shown once: our webhooks are signed with it' }) signingSecret!: string;
}

export class CreatedConnectionDto {
  @ApiProperty({ type: ConnectionDto }) connection!: ConnectionDto;
  @ApiPropertyOptional({ nullable: true, type: ConnectionSecretsDto }) secrets!: ConnectionSecretsDto | null;
}

export class WebhookDeliveryDto {
  @ApiProperty() id!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) messageId!: string | null;
  @ApiProperty() event!: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional({ nullable: true, type: Number }) responseStatus!: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiPropertyOptional({ nullable: true, type: Date }) lastAttemptAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, type: Date }) deliveredAt!: Date | null;
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto] }) items!: WebhookDeliveryDto[];
  @ApiPropertyOptional({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ReplayResultDto {
  @ApiProperty() delivered!: boolean;
}

export class InboundChatDto {
  @ApiProperty() @IsString() @Length(1, 200) id!: string;
  @ApiPropertyOptional({ enum: CHAT_KINDS, default: 'private' }) @IsOptional() @IsIn(CHAT_KINDS) kind?: (typeof CHAT_KINDS)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) title?: string;
}

export class InboundSenderDto {
  @ApiProperty() @IsString() @Length(1, 200) id!: string;
  @ApiProperty() @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) username?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\+?\d{5,15}$/, { message: 'phone must be digits with an optional leading +' }) phone?: string;
}

export class InboundFileDto {
  @ApiProperty() @IsString() @Length(1, 255) fileName!: string;
  @ApiProperty({ description: 'The file\'s bytes, base64' }) @IsString() @Matches(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'contentBase64 must be base64' }) contentBase64!: string;
}

export class InboundMessageDto {
  @ApiProperty({ description: 'Your id of the message: a repeated post with the same id is absorbed' }) @IsString() @Length(1, 200) id!: string;
  @ApiProperty({ type: InboundChatDto }) @IsDefined() @ValidateNested() @Type(() => InboundChatDto) chat!: InboundChatDto;
  @ApiProperty({ type: InboundSenderDto }) @IsDefined() @ValidateNested() @Type(() => InboundSenderDto) from!: InboundSenderDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4096) text?: string;
  @ApiPropertyOptional({ type: [InboundFileDto] }) @IsOptional() @IsArray() @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => InboundFileDto) attachments?: InboundFileDto[];
  @ApiPropertyOptional() @IsOptional() @Type(() => Date) @IsDate() sentAt?: Date;
}

export class InboundMessagesDto {
  @ApiProperty({ type: [InboundMessageDto], maxItems: 500 }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => InboundMessageDto) messages!: InboundMessageDto[];
}

export class InboundStatusDto {
  @ApiProperty({ description: 'Our message id, as our webhook gave it' }) @IsString() @Length(1, 200) messageId!: string;
  @ApiProperty({ enum: ['sent', 'delivered', 'read', 'failed'] }) @IsIn(['sent', 'delivered', 'read', 'failed']) status!: 'sent' | 'delivered' | 'read' | 'failed';
  @ApiPropertyOptional() @IsOptional() @Type(() => Date) @IsDate() at?: Date;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) reason?: string;
}

export class InboundStatusesDto {
  @ApiProperty({ type: [InboundStatusDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => InboundStatusDto) statuses!: InboundStatusDto[];
}

export class AcceptedDto {
  @ApiProperty() eventId!: string;
  @ApiProperty({ description: 'The same event had been received before; nothing new was stored' }) duplicate!: boolean;
}

export class AcceptedListDto {
  @ApiProperty({ type: [AcceptedDto] }) results!: AcceptedDto[];
}

export class TeamDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) memberIds!: string[];
  @ApiProperty() createdAt!: Date;
}

export class CreateTeamDto {
  @ApiProperty() @IsString() @Length(1, 100) name!: string;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true }) memberIds!: string[];
}

export class UpdateTeamDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) name?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true }) memberIds?: string[];
}

export class MessagingSettingsDto {
  @ApiProperty({ description: 'Added to the first message of every conversation (reference 001 §6.1)' }) @IsString() @Length(5, 300) optOutLine!: string;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 40, { each: true }) optOutKeywords!: string[];
  @ApiProperty() @IsString() @Length(5, 500) optOutConfirmation!: string;
  @ApiProperty({ minimum: 1, maximum: 60 }) @IsInt() @Min(1) @Max(60) perChatPerMinute!: number;
}
