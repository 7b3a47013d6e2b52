import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsObject, IsString, Matches, MaxLength } from 'class-validator';
import { IsOptional } from 'src/common/validation/is-optional.decorator';
import {
  IsStorableJson,
  IsStorableText,
  MAX_TEXT_BYTES,
} from 'src/common/validation/storable-text.decorator';

const MAX_URL_LENGTH = 2048;

// Kore sends some ids as numbers; they are stored and echoed as strings.
const numberToString = ({ value }: { value: unknown }): unknown =>
  typeof value === 'number' && Number.isFinite(value) ? String(value) : value;

/**
 * What Kore.ai's BotKit channel posts for every event (BotKit's `OnMessagePayload`,
 * `OnAgentTransferPayload`, `OnHookPayload`, `OnEventPayload`, `OnAlertPayload` and
 * `OnVariableUpdate`). Besides the fields read, it lists those BotKit sends back to Kore when it
 * passes a message on or answers an event; they are kept as Kore sent them (`@IsStorableJson`).
 */
export class KoreBotkitPayloadDto {
  @ApiPropertyOptional({ example: 'OnMessagePayload' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @IsStorableText(256)
  __payloadClass?: string;

  @ApiPropertyOptional({ example: '1741000123456', description: "Kore's id of this request" })
  @Transform(numberToString)
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(150)
  @IsStorableText(600)
  // MySQL's binary collations pad with spaces: `id` and `id ` would be one delivery there.
  @Matches(/^\S(?:[\s\S]*\S)?$/, { message: 'requestId must not start or end with white space' })
  requestId?: string;

  @ApiPropertyOptional({ example: 'st-3f2a9c1e-7b44-5d10-9a8e-0c6d5e4b3a21' })
  @IsOptional()
  @IsString()
  @MaxLength(191)
  @IsStorableText(764)
  botId?: string;

  @ApiPropertyOptional({ example: 'default' })
  @IsOptional()
  @IsString()
  @MaxLength(191)
  @IsStorableText(764)
  componentId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(191)
  @IsStorableText(764)
  dialogComponentName?: string;

  @IsOptional()
  @IsString()
  @MaxLength(191)
  @IsStorableText(764)
  contextId?: string;

  @ApiPropertyOptional({
    description: 'Where replies to the user go; used only on the origin of KORE_API_HOST',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  @IsStorableText(MAX_URL_LENGTH * 4)
  sendUserMessageUrl?: string;

  @ApiPropertyOptional({
    description:
      "Where a message is handed to Kore's bot; used only on the origin of KORE_API_HOST",
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  @IsStorableText(MAX_URL_LENGTH * 4)
  sendBotMessageUrl?: string;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  @IsStorableText(MAX_URL_LENGTH * 4)
  baseUrl?: string;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  @IsStorableText(MAX_URL_LENGTH * 4)
  callbackUrl?: string;

  @ApiPropertyOptional({ example: 'cancel my order', description: 'The user’s or bot’s text' })
  @IsOptional()
  @IsString()
  @IsStorableText(MAX_TEXT_BYTES)
  message?: string;

  @ApiPropertyOptional({ example: { type: 'rtm', from: 'u-6c5d4e3f-2a1b-5c0d-9e8f-7a6b5c4d3e2f' } })
  @IsOptional()
  @IsObject()
  @IsStorableJson()
  channel?: Record<string, unknown>;

  @ApiPropertyOptional({ description: "The bot's context; `session.UserContext` names the user" })
  @IsOptional()
  @IsObject()
  @IsStorableJson()
  context?: Record<string, unknown>;

  @IsStorableJson() agent_transfer?: unknown;
  @IsStorableJson() isTemplate?: unknown;
  @IsStorableJson() metaInfo?: unknown;
  @IsStorableJson() metaTags?: unknown;
  @IsStorableJson() formattedMessage?: unknown;
  @IsStorableJson() overrideMessagePayload?: unknown;
  @IsStorableJson() ackMessage?: unknown;
  @IsStorableJson() messageObject?: unknown;
  @IsStorableJson() event?: unknown;
  @IsStorableJson() data?: unknown;
}
