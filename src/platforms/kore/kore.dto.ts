import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { IsOptional } from 'src/common/validation/is-optional.decorator';
import { IsNestedObject } from 'src/common/validation/nested-object.decorator';
import { IsStorableText, MAX_TEXT_BYTES } from 'src/common/validation/storable-text.decorator';

// MySQL's binary collations pad with spaces: `id` and `id ` would be one key there.
const NO_OUTER_SPACE = /^\S(?:[\s\S]*\S)?$/;

export class KoreUserInfoDto {
  @ApiProperty({ example: 'mira.kaya@example.org', description: 'The user identity' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(191)
  @IsStorableText(764)
  @Matches(NO_OUTER_SPACE, { message: 'userInfo.email must not start or end with white space' })
  email: string;
}

export class KoreParametersDto {
  @ApiPropertyOptional({ example: 'urgent: my card was blocked' })
  @IsOptional()
  @IsString()
  @IsStorableText(MAX_TEXT_BYTES)
  text?: string;
}

// Seed 000's `POST /kore-webhook` body.
export class KoreWebhookEventDto {
  @ApiProperty({ type: KoreUserInfoDto })
  @IsDefined()
  @IsNestedObject(() => KoreUserInfoDto)
  userInfo: KoreUserInfoDto;

  @ApiPropertyOptional({ example: 'message', description: "Defaults to seed 000's `unknown`" })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  @IsStorableText(128)
  eventType?: string;

  @ApiPropertyOptional({ type: KoreParametersDto })
  @IsOptional()
  @IsNestedObject(() => KoreParametersDto)
  parameters?: KoreParametersDto;

  @ApiPropertyOptional({
    example: 'evt-20250303-0001',
    description:
      'Gateway extension: the caller’s id for this event. Without it the id is derived from ' +
      'the user, event type and text, so an identical event is answered as a repeat.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(180)
  @IsStorableText(720)
  @Matches(NO_OUTER_SPACE, { message: 'messageId must not start or end with white space' })
  messageId?: string;
}
