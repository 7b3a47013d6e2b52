import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Expose, plainToInstance, Transform, Type } from 'class-transformer';
import {
  Allow,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsStorableText, MAX_TEXT_BYTES } from 'src/common/validation/storable-text.decorator';

// Every event Userlike's Chatbot API sends to the webhook.
export enum UserlikeEventName {
  Start = 'start',
  Message = 'message',
  Click = 'click',
  Media = 'media',
  Location = 'location',
  ForwardFailed = 'forward_failed',
  CampaignUnsubscribe = 'campaign_unsubscribe',
}

const EVENT_NAMES = Object.values(UserlikeEventName);

// `message`: the contact wrote text.
export class UserlikeMessagePayloadDto {
  @ApiProperty({ example: 'Where is my order?' })
  @IsString()
  @IsStorableText(MAX_TEXT_BYTES)
  body: string;
}

export class UserlikeClickValueDto {
  @ApiProperty({ example: 'delivery_status' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  @IsStorableText(4000)
  id: string;

  // Unconfirmed by Userlike's docs: read when it is usable text, never a reason to refuse.
  @ApiPropertyOptional({ example: 'Delivery status of an order' })
  @Allow()
  label?: unknown;
}

// `click`: the contact chose an option of a choice message.
export class UserlikeClickPayloadDto {
  @ApiProperty({ type: UserlikeClickValueDto })
  @IsObject()
  @ValidateNested()
  @Type(() => UserlikeClickValueDto)
  value: UserlikeClickValueDto;
}

// `start` (a messaging channel may already carry the first message or an upload) and `media`.
// Only `body` is confirmed; the upload's field names are guesses, read when usable.
export class UserlikeMediaPayloadDto {
  @ApiPropertyOptional({ example: 'Hi, I need help with my bike order' })
  @IsOptional()
  @IsString()
  @IsStorableText(MAX_TEXT_BYTES)
  body?: string;

  @ApiPropertyOptional() @Allow() url?: unknown;
  @ApiPropertyOptional() @Allow() link?: unknown;
  @ApiPropertyOptional() @Allow() name?: unknown;
  @ApiPropertyOptional() @Allow() file_name?: unknown;
  @ApiPropertyOptional() @Allow() mime_type?: unknown;
  @ApiPropertyOptional() @Allow() content_type?: unknown;
  @ApiPropertyOptional() @Allow() caption?: unknown;
}

// `location` (WhatsApp): field names unconfirmed, read when usable.
export class UserlikeLocationPayloadDto {
  @ApiPropertyOptional({ example: 41.0256 }) @Allow() latitude?: unknown;
  @ApiPropertyOptional({ example: 28.9742 }) @Allow() longitude?: unknown;
  @ApiPropertyOptional() @Allow() name?: unknown;
  @ApiPropertyOptional() @Allow() address?: unknown;
}

export type UserlikePayloadDto =
  | UserlikeMessagePayloadDto
  | UserlikeClickPayloadDto
  | UserlikeMediaPayloadDto
  | UserlikeLocationPayloadDto;

const PAYLOAD_TYPES: Partial<Record<string, new () => UserlikePayloadDto>> = {
  [UserlikeEventName.Start]: UserlikeMediaPayloadDto,
  [UserlikeEventName.Message]: UserlikeMessagePayloadDto,
  [UserlikeEventName.Click]: UserlikeClickPayloadDto,
  [UserlikeEventName.Media]: UserlikeMediaPayloadDto,
  [UserlikeEventName.Location]: UserlikeLocationPayloadDto,
};

// The payload's shape depends on the packet's name. `forward_failed` has none and
// `campaign_unsubscribe`'s is not read, so theirs is dropped.
function toPayload({ value, obj }: { value: unknown; obj: Record<string, unknown> }): unknown {
  const type = typeof obj.name === 'string' ? PAYLOAD_TYPES[obj.name] : undefined;
  if (!type) {
    return undefined;
  }
  return plainToInstance(type, value ?? {});
}

export class UserlikeInfoDto {
  @ApiProperty({ example: 'chatbot::412:3c9e0a7b51d24f6e8a0b9c1d2e3f4a5b' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(191)
  @IsStorableText(764)
  // MySQL's binary collations pad with spaces: `id` and `id ` would be one session there.
  @Matches(/^\S(?:[\s\S]*\S)?$/, { message: 'cid must not start or end with white space' })
  cid: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'Our own state, echoed back by Userlike (answered extended with `triage`)',
  })
  @IsOptional()
  @IsObject()
  context?: Record<string, unknown>;

  // Inner fields unconfirmed: the adapter reads `id`, `email`, `name`, `mobile_number` when usable.
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  contact?: Record<string, unknown>;
}

export class UserlikePacketDto {
  @ApiProperty({ enum: UserlikeEventName, example: UserlikeEventName.Message })
  @IsIn(EVENT_NAMES, { message: `packet.name must be one of: ${EVENT_NAMES.join(', ')}` })
  name: UserlikeEventName;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { body: 'Hi' } })
  // Exposed so the transform also runs when `payload` is missing (a `message` needs its body).
  @Expose()
  @Transform(toPayload)
  @IsOptional()
  @IsObject()
  @ValidateNested()
  payload?: UserlikePayloadDto;
}

// Userlike Chatbot API webhook call (`POST /webhooks/userlike`).
export class UserlikeWebhookDto {
  @ApiProperty({ type: UserlikeInfoDto })
  @IsObject()
  @ValidateNested()
  @Type(() => UserlikeInfoDto)
  info: UserlikeInfoDto;

  @ApiProperty({ type: UserlikePacketDto })
  @IsObject()
  @ValidateNested()
  @Type(() => UserlikePacketDto)
  packet: UserlikePacketDto;
}
