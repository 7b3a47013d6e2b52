import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsNumber, IsString, Matches, MaxLength } from 'class-validator';
import { IsOptional } from 'src/common/validation/is-optional.decorator';
import { IsNestedObject } from 'src/common/validation/nested-object.decorator';
import { IsStorableText, MAX_TEXT_BYTES } from 'src/common/validation/storable-text.decorator';

// One item of a Cloud API delivery's `messages[]` and what it may carry; the envelope around it
// (entries, changes, contacts, statuses) is in whatsapp.dto.ts.

export const MAX_SHORT_TEXT_BYTES = 4096;

// Meta sends Unix seconds as a string; a number is taken too.
const toStringIfNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'number' ? String(value) : value;

export class WhatsappTextDto {
  @ApiProperty({ example: 'Merhaba, bisikletim ne zaman gelir?' })
  @IsString()
  @IsStorableText(MAX_TEXT_BYTES)
  body: string;
}

// `button_reply`, `list_reply` (and the same shape for what a user picked elsewhere).
export class WhatsappReplyOptionDto {
  @ApiPropertyOptional({ example: 'track_order' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  @IsStorableText(1024)
  id?: string;

  @ApiPropertyOptional({ example: 'Track order' })
  @IsOptional()
  @IsString()
  @IsStorableText(MAX_SHORT_TEXT_BYTES)
  title?: string;
}

// WhatsApp Flows answer (`nfm_reply`).
export class WhatsappFlowReplyDto {
  @ApiPropertyOptional({ example: 'Sent' })
  @IsOptional()
  @IsString()
  @IsStorableText(MAX_SHORT_TEXT_BYTES)
  body?: string;
}

export class WhatsappInteractiveDto {
  @ApiPropertyOptional({ example: 'button_reply' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  @IsStorableText(128)
  type?: string;

  @ApiPropertyOptional({ type: WhatsappReplyOptionDto })
  @IsOptional()
  @IsNestedObject(() => WhatsappReplyOptionDto)
  button_reply?: WhatsappReplyOptionDto;

  @ApiPropertyOptional({ type: WhatsappReplyOptionDto })
  @IsOptional()
  @IsNestedObject(() => WhatsappReplyOptionDto)
  list_reply?: WhatsappReplyOptionDto;

  @ApiPropertyOptional({ type: WhatsappFlowReplyDto })
  @IsOptional()
  @IsNestedObject(() => WhatsappFlowReplyDto)
  nfm_reply?: WhatsappFlowReplyDto;
}

// A template's quick-reply button.
export class WhatsappButtonDto {
  @ApiPropertyOptional({ example: 'Yes' })
  @IsOptional()
  @IsString()
  @IsStorableText(MAX_SHORT_TEXT_BYTES)
  text?: string;

  @ApiPropertyOptional({ example: 'confirm_delivery' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  @IsStorableText(1024)
  payload?: string;
}

// image, video, audio, document, sticker: only an id, to be fetched from the Graph API.
export class WhatsappMediaDto {
  @ApiPropertyOptional({ example: '1029384756473829' })
  @IsOptional()
  @IsString()
  @MaxLength(191)
  @IsStorableText(764)
  id?: string;

  @ApiPropertyOptional({ example: 'image/jpeg' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @IsStorableText(1020)
  mime_type?: string;

  @ApiPropertyOptional({ example: 'Kırık vites kolu' })
  @IsOptional()
  @IsString()
  @IsStorableText(MAX_TEXT_BYTES)
  caption?: string;
}

export class WhatsappLocationDto {
  @ApiPropertyOptional({ example: 41.0082 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  latitude?: number;

  @ApiPropertyOptional({ example: 28.9784 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  longitude?: number;

  @ApiPropertyOptional({ example: 'İzer Bisiklet Kadıköy' })
  @IsOptional()
  @IsString()
  @IsStorableText(MAX_SHORT_TEXT_BYTES)
  name?: string;

  @ApiPropertyOptional({ example: 'Rıhtım Cd. 1, Kadıköy, İstanbul' })
  @IsOptional()
  @IsString()
  @IsStorableText(MAX_SHORT_TEXT_BYTES)
  address?: string;
}

export class WhatsappReactionDto {
  @ApiPropertyOptional({ example: '👍' })
  @IsOptional()
  @IsString()
  @IsStorableText(64)
  emoji?: string;
}

// Notices such as "user changed number".
export class WhatsappSystemDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsStorableText(MAX_SHORT_TEXT_BYTES)
  body?: string;
}

export class WhatsappOrderDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsStorableText(MAX_SHORT_TEXT_BYTES)
  text?: string;
}

export class WhatsappMessageDto {
  // Digits today; taken as any id so a new id format does not make Meta retry for days.
  @ApiProperty({ example: '905551234567', description: 'wa_id of the sender: digits, no +' })
  @IsString()
  @MaxLength(191)
  @IsStorableText(764)
  @Matches(/^\S+$/, { message: 'from must be an id without white space' })
  from: string;

  @ApiProperty({ example: 'wamid.HBgMOTA1NTUxMjM0NTY3FQIAEhggQTdG' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(191)
  @IsStorableText(764)
  // MySQL's binary collations pad with spaces: `id` and `id ` would be one delivery there.
  @Matches(/^\S(?:[\s\S]*\S)?$/, { message: 'id must not start or end with white space' })
  id: string;

  @ApiPropertyOptional({ example: '1741000200', description: 'Unix seconds' })
  @IsOptional()
  @Transform(toStringIfNumber)
  @IsString()
  @MaxLength(32)
  @IsStorableText(128)
  timestamp?: string;

  @ApiProperty({ example: 'text', description: 'Unknown types are stored too' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  @IsStorableText(256)
  type: string;

  @ApiPropertyOptional({ type: WhatsappTextDto })
  @IsOptional()
  @IsNestedObject(() => WhatsappTextDto)
  text?: WhatsappTextDto;

  @ApiPropertyOptional({ type: WhatsappInteractiveDto })
  @IsOptional()
  @IsNestedObject(() => WhatsappInteractiveDto)
  interactive?: WhatsappInteractiveDto;

  @ApiPropertyOptional({ type: WhatsappButtonDto })
  @IsOptional()
  @IsNestedObject(() => WhatsappButtonDto)
  button?: WhatsappButtonDto;

  @ApiPropertyOptional({ type: WhatsappMediaDto })
  @IsOptional()
  @IsNestedObject(() => WhatsappMediaDto)
  image?: WhatsappMediaDto;

  @ApiPropertyOptional({ type: WhatsappMediaDto })
  @IsOptional()
  @IsNestedObject(() => WhatsappMediaDto)
  video?: WhatsappMediaDto;

  @ApiPropertyOptional({ type: WhatsappMediaDto })
  @IsOptional()
  @IsNestedObject(() => WhatsappMediaDto)
  audio?: WhatsappMediaDto;

  @ApiPropertyOptional({ type: WhatsappMediaDto })
  @IsOptional()
  @IsNestedObject(() => WhatsappMediaDto)
  document?: WhatsappMediaDto;

  @ApiPropertyOptional({ type: WhatsappMediaDto })
  @IsOptional()
  @IsNestedObject(() => WhatsappMediaDto)
  sticker?: WhatsappMediaDto;

  @ApiPropertyOptional({ type: WhatsappLocationDto })
  @IsOptional()
  @IsNestedObject(() => WhatsappLocationDto)
  location?: WhatsappLocationDto;

  @ApiPropertyOptional({ type: WhatsappReactionDto })
  @IsOptional()
  @IsNestedObject(() => WhatsappReactionDto)
  reaction?: WhatsappReactionDto;

  @ApiPropertyOptional({ type: WhatsappSystemDto })
  @IsOptional()
  @IsNestedObject(() => WhatsappSystemDto)
  system?: WhatsappSystemDto;

  @ApiPropertyOptional({ type: WhatsappOrderDto })
  @IsOptional()
  @IsNestedObject(() => WhatsappOrderDto)
  order?: WhatsappOrderDto;
}
