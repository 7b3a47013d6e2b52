import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** Longest text kept: MySQL TEXT holds 65,535 bytes and a UTF-16 unit is at most 3 UTF-8 bytes. */
export const MAX_TEXT_LENGTH = 20000;
export const MAX_HISTORY_LINES = 500;

export class IzerHistoryLineDto {
  @ApiProperty({ example: 'Derya Yılmaz' })
  @IsString()
  @MaxLength(255)
  sender: string;

  @ApiProperty({ example: 'Dün sipariş verdim, kırmızı şehir bisikleti.' })
  @IsString()
  @MaxLength(MAX_TEXT_LENGTH)
  content: string;

  @ApiPropertyOptional({ example: '2025-03-02T17:42:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  timestamp?: string;

  @ApiPropertyOptional({ example: 'text' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  type?: string;
}

/** Seed 004's `POST /webhook` body. */
export class IzerWebhookDto {
  @ApiProperty({
    example: 'wamid.HBgMOTA1NTUxMjM0NTY3FQIAEhggQTdGMkM5RTE0QjNEMDVBNjE4QjI3QzlFMEQ0RjY1QTIA',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(191)
  message_id: string;

  @ApiPropertyOptional({
    example: '2025-03-03T11:10:00Z',
    description: 'ISO-8601; defaults to arrival time',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  chat_time?: string;

  @ApiPropertyOptional({ example: 'Derya Yılmaz' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
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
  @MaxLength(MAX_TEXT_LENGTH)
  current_message: string;

  @ApiPropertyOptional({ type: [IzerHistoryLineDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_HISTORY_LINES)
  @ValidateNested({ each: true })
  @Type(() => IzerHistoryLineDto)
  history?: IzerHistoryLineDto[];
}
