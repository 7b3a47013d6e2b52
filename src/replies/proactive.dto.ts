import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';
import { IsOptional } from 'src/common/validation/is-optional.decorator';
import { IsNestedObject } from 'src/common/validation/nested-object.decorator';
import { IsStorableText } from 'src/common/validation/storable-text.decorator';
import { Platform } from 'src/core/inbound-message';
import type { ProactiveRequest } from 'src/replies/outbound-request';
import { ProactiveTemplateDto, templateOf } from 'src/replies/proactive-template.dto';

export const MAX_PROACTIVE_TEXT_LENGTH = 4096;
const PLATFORMS = Object.values(Platform) as string[];
const NO_SURROUNDING_SPACE = /^\S(?:[\s\S]*\S)?$/;
// Meta's `to`: the number in international form, digits only (a leading `+` is dropped).
const WHATSAPP_NUMBER = /^[0-9]{6,20}$/;

function isWhatsApp(body: object): boolean {
  return (body as { platform?: unknown }).platform === Platform.WhatsApp;
}

// Checks the recipient against the platform's form of address; only WhatsApp has a fixed one.
function IsRecipientOfPlatform(): PropertyDecorator {
  return ValidateBy({
    name: 'isRecipientOfPlatform',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) =>
        typeof value !== 'string' ||
        !args ||
        !isWhatsApp(args.object) ||
        WHATSAPP_NUMBER.test(value),
      defaultMessage: () =>
        'recipient must be a phone number in international form, 6 to 20 digits, for whatsapp',
    },
  });
}

const isGiven = (value: unknown): boolean => value !== undefined && value !== null;

// A template stands instead of the text: both at once is refused on `template`.
function IsWithoutText(): PropertyDecorator {
  return ValidateBy({
    name: 'isWithoutText',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) =>
        !isGiven((args?.object as { text?: unknown } | undefined)?.text),
      defaultMessage: () => 'template and text exclude each other: give one of them',
    },
  });
}

// `POST /messages/proactive`.
export class ProactiveMessageDto {
  @ApiProperty({ enum: PLATFORMS, example: Platform.WhatsApp })
  @IsString()
  @IsIn(PLATFORMS, { message: `platform must be one of: ${PLATFORMS.join(', ')}` })
  platform: string;

  @ApiProperty({
    description:
      'WhatsApp: the phone number in international form (digits, an optional leading + is dropped); ' +
      'Userlike: the conversation `cid`; Kore: the user identity (e-mail)',
    example: '905551234567',
    maxLength: 191,
  })
  @Transform(({ value, obj }: { value: unknown; obj: object }) =>
    isWhatsApp(obj) && typeof value === 'string' ? value.replace(/^\+/, '') : value,
  )
  @IsString()
  @IsNotEmpty()
  @MaxLength(191)
  @IsStorableText(764)
  @Matches(NO_SURROUNDING_SPACE, { message: 'recipient must not start or end with white space' })
  @IsRecipientOfPlatform()
  recipient: string;

  @ApiPropertyOptional({
    description: 'The message; required unless `template` is given',
    example: 'Siparişiniz yola çıktı 🚲',
    maxLength: MAX_PROACTIVE_TEXT_LENGTH,
  })
  @ValidateIf((body: ProactiveMessageDto) => !isGiven(body.template))
  @IsDefined({ message: 'text or template is required' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_PROACTIVE_TEXT_LENGTH)
  @IsStorableText(MAX_PROACTIVE_TEXT_LENGTH * 4)
  @Matches(/\S/, { message: 'text must not be blank' })
  text?: string;

  @ApiPropertyOptional({
    type: ProactiveTemplateDto,
    description:
      'WhatsApp only, instead of `text`: an approved template, which may go out at any time; ' +
      'free text may only go within 24 hours of the recipient’s last message',
  })
  @IsOptional()
  @IsWithoutText()
  @IsNestedObject(() => ProactiveTemplateDto)
  template?: ProactiveTemplateDto;

  @ApiPropertyOptional({
    description: 'The conversation it belongs to; defaults to the recipient',
    maxLength: 191,
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(191)
  @IsStorableText(764)
  @Matches(NO_SURROUNDING_SPACE, {
    message: 'conversation_id must not start or end with white space',
  })
  conversation_id?: string;
}

export function toProactiveRequest(body: ProactiveMessageDto): ProactiveRequest {
  const address = {
    platform: body.platform,
    recipient: body.recipient,
    conversationId: body.conversation_id ?? null,
  };
  return body.template
    ? { ...address, template: templateOf(body.template) }
    : { ...address, text: body.text ?? '' };
}

export class ProactiveMessageResponse {
  @ApiProperty({ description: 'The `outbound_messages` row' }) id: number;
  @ApiProperty({ enum: ['queued'] }) status: 'queued';
}
