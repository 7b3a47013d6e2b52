import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { CompiledValidation } from 'src/common/validation/compiled-validation.pipe';
import { IsOptional } from 'src/common/validation/is-optional.decorator';
import { IsNestedObjectArray } from 'src/common/validation/nested-object.decorator';
import { IsStorableText, MAX_TEXT_BYTES } from 'src/common/validation/storable-text.decorator';
import { IsTimestamp } from 'src/common/validation/is-timestamp.decorator';

export const MAX_HISTORY_LINES = 500;

export class IzerHistoryLineDto {
  @ApiProperty({ example: 'Derya Yılmaz' })
  @IsString()
  @MaxLength(255)
  @IsStorableText(1020)
  sender: string;

  @ApiProperty({ example: 'Dün sipariş verdim, kırmızı şehir bisikleti.' })
  @IsString()
  @IsStorableText(MAX_TEXT_BYTES)
  content: string;

  @ApiPropertyOptional({ example: '2025-03-02T17:42:00Z' })
  @IsOptional()
  @IsTimestamp()
  timestamp?: string;

  @ApiPropertyOptional({ example: 'text' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  @IsStorableText(128)
  type?: string;
}

// Seed 004's `POST /webhook` body.
@CompiledValidation()
export class IzerWebhookDto {
  @ApiProperty({
    example: 'wamid.HBgMOTA1NTUxMjM0NTY3FQIAEhggQTdGMkM5RTE0QjNEMDVBNjE4QjI3QzlFMEQ0RjY1QTIA',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(191)
  @IsStorableText(764)
  // MySQL's binary collations pad with spaces: `id` and `id ` would be one delivery there.
  @Matches(/^\S(?:[\s\S]*\S)?$/, {
    message: 'message_id must not start or end with white space',
  })
  message_id: string;

  @ApiPropertyOptional({
    example: '2025-03-03T11:10:00Z',
    description: 'RFC 3339 date-time; defaults to arrival time',
  })
  @IsOptional()
  @IsTimestamp()
  chat_time?: string;

  @ApiPropertyOptional({ example: 'Derya Yılmaz' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @IsStorableText(1020)
  chat_name?: string;

  @ApiPropertyOptional({ example: '+905551234567' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9][0-9 ().-]{2,30}$/, {
    message: 'phone_number must be a phone number like +905551234567',
  })
  phone_number?: string;

  @ApiProperty({ example: 'Merhaba, bisikletim ne zaman gelir?' })
  @IsString()
  @IsStorableText(MAX_TEXT_BYTES)
  current_message: string;

  @ApiPropertyOptional({ type: [IzerHistoryLineDto] })
  @IsOptional()
  @IsNestedObjectArray(() => IzerHistoryLineDto, MAX_HISTORY_LINES)
  history?: IzerHistoryLineDto[];
}
