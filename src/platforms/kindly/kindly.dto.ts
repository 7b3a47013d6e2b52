import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsNotEmpty,
  IsObject,
  IsString,
  MaxLength,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { hasLoneSurrogate } from 'src/common/text/unicode';
import { IsOptional } from 'src/common/validation/is-optional.decorator';
import { IsNestedObject } from 'src/common/validation/nested-object.decorator';
import {
  IsStorableJson,
  IsStorableText,
  MAX_TEXT_BYTES,
} from 'src/common/validation/storable-text.decorator';

export const MAX_ID_LENGTH = 191;
export const MAX_URL_LENGTH = 2048;
export const MAX_ATTACHMENTS = 50;

// Kindly's own ids are UUID strings today; older payloads and transcripts carry integers.
function IsKindlyId(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isKindlyId',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) =>
          Number.isSafeInteger(value) ||
          (typeof value === 'string' && value.length <= MAX_ID_LENGTH && !hasLoneSurrogate(value)),
        defaultMessage: ({ property }: ValidationArguments) =>
          `${property} must be an integer or a valid Unicode string of at most ${MAX_ID_LENGTH} characters`,
      },
    });
  };
}

export class KindlyExchangeDto {
  @ApiPropertyOptional({ example: '0e6b4f2a-9c1d-4a7e-8b3f-5d2c1e0a9b87' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ID_LENGTH)
  @IsStorableText(MAX_ID_LENGTH * 4)
  exchange_id?: string;

  @ApiPropertyOptional({ example: 'en' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  @IsStorableText(64)
  language_code?: string;
}

export class KindlyLinksDto {
  @ApiPropertyOptional({
    example: 'https://bot.kindly.ai/api/v1/chats/a3f1c9e2-57b4-4d8a-b6e0-2c9d7f1e4a58',
    description: 'Chat Transcript API URL; fetched only when its origin is in KINDLY_API_ORIGINS',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  @IsStorableText(MAX_URL_LENGTH * 4)
  chat?: string;
}

// Kindly's dialogue webhook body. Kindly calls its list "the most important fields": anything
// else is stripped, never refused.
export class KindlyWebhookDto {
  @ApiProperty({ example: 'a3f1c9e2-57b4-4d8a-b6e0-2c9d7f1e4a58' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_ID_LENGTH)
  @IsStorableText(MAX_ID_LENGTH * 4)
  chat_id: string;

  @ApiPropertyOptional({ example: 'web-visitor-90f3c2' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_ID_LENGTH)
  @IsStorableText(MAX_ID_LENGTH * 4)
  user_id?: string;

  @ApiPropertyOptional({ example: '5d8f2a1c-6b7e-4c3d-9a0b-1e2f3a4b5c6d' })
  @IsOptional()
  @IsKindlyId()
  bot_id?: string | number;

  @ApiPropertyOptional({ example: '7c1e5a90-2b3d-4e6f-8a1b-9c0d1e2f3a4b' })
  @IsOptional()
  @IsKindlyId()
  organization_id?: string | number;

  @ApiPropertyOptional({
    example: 'where is my order',
    description: 'The user text that triggered the dialogue; may be empty',
  })
  @IsOptional()
  @IsString()
  @IsStorableText(MAX_TEXT_BYTES)
  message?: string;

  @ApiPropertyOptional({ type: KindlyExchangeDto })
  @IsOptional()
  @IsNestedObject(() => KindlyExchangeDto)
  exchange?: KindlyExchangeDto;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'The chat context memory',
  })
  @IsOptional()
  @IsObject()
  @IsStorableJson()
  context?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ATTACHMENTS)
  @IsStorableJson()
  attachments?: unknown[];

  @ApiPropertyOptional({ example: 'web', description: 'web, facebook, slack, app or test' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  @IsStorableText(128)
  source?: string;

  @ApiPropertyOptional({ type: KindlyLinksDto })
  @IsOptional()
  @IsNestedObject(() => KindlyLinksDto)
  _links?: KindlyLinksDto;

  @ApiPropertyOptional({ description: 'Legacy name of `_links.chat`' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  @IsStorableText(MAX_URL_LENGTH * 4)
  chatlog_api_url?: string;
}
