import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Expose, plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsOptional } from 'src/common/validation/is-optional.decorator';
import { IsNestedObject } from 'src/common/validation/nested-object.decorator';
import {
  IsStorableJson,
  IsStorableText,
  MAX_TEXT_BYTES,
} from 'src/common/validation/storable-text.decorator';

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
  @IsStorableJson()
  label?: unknown;
}

// `click`: the contact chose an option of a choice message.
export class UserlikeClickPayloadDto {
  @ApiProperty({ type: UserlikeClickValueDto })
  @IsNestedObject(() => UserlikeClickValueDto)
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

  @ApiPropertyOptional() @IsStorableJson() url?: unknown;
  @ApiPropertyOptional() @IsStorableJson() link?: unknown;
  @ApiPropertyOptional() @IsStorableJson() name?: unknown;
  @ApiPropertyOptional() @IsStorableJson() file_name?: unknown;
  @ApiPropertyOptional() @IsStorableJson() mime_type?: unknown;
  @ApiPropertyOptional() @IsStorableJson() content_type?: unknown;
  @ApiPropertyOptional() @IsStorableJson() caption?: unknown;
}

// `location` (WhatsApp): field names unconfirmed, read when usable.
export class UserlikeLocationPayloadDto {
  @ApiPropertyOptional({ example: 41.0256 }) @IsStorableJson() latitude?: unknown;
  @ApiPropertyOptional({ example: 28.9742 }) @IsStorableJson() longitude?: unknown;
  @ApiPropertyOptional() @IsStorableJson() name?: unknown;
  @ApiPropertyOptional() @IsStorableJson() address?: unknown;
}

export type UserlikePayloadDto =
  | UserlikeMessagePayloadDto
  | UserlikeClickPayloadDto
  | UserlikeMediaPayloadDto
  | UserlikeLocationPayloadDto;

// A Map: the name comes from the request, and an object literal would also "have"
// `toString`, `constructor` or `__proto__`.
const PAYLOAD_TYPES = new Map<unknown, new () => UserlikePayloadDto>([
  [UserlikeEventName.Start, UserlikeMediaPayloadDto],
  [UserlikeEventName.Message, UserlikeMessagePayloadDto],
  [UserlikeEventName.Click, UserlikeClickPayloadDto],
  [UserlikeEventName.Media, UserlikeMediaPayloadDto],
  [UserlikeEventName.Location, UserlikeLocationPayloadDto],
]);

// The payload's shape depends on the packet's name. `forward_failed` has none and
// `campaign_unsubscribe`'s is not read, so theirs is dropped.
function toPayload({ value, obj }: { value: unknown; obj: Record<string, unknown> }): unknown {
  const type = PAYLOAD_TYPES.get(obj.name);
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
  @IsStorableJson()
  context?: Record<string, unknown>;

  // Inner fields unconfirmed: the adapter reads `id`, `email`, `name`, `mobile_number` when usable.
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  @IsStorableJson()
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
  @IsNestedObject(() => UserlikeInfoDto)
  info: UserlikeInfoDto;

  @ApiProperty({ type: UserlikePacketDto })
  @IsNestedObject(() => UserlikePacketDto)
  packet: UserlikePacketDto;
}
