import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CompiledValidation } from 'src/common/validation/compiled-validation.pipe';
import { IsOptional } from 'src/common/validation/is-optional.decorator';
import { IsNestedObject, IsNestedObjectArray } from 'src/common/validation/nested-object.decorator';
import { IsStorableText } from 'src/common/validation/storable-text.decorator';
import {
  MAX_SHORT_TEXT_BYTES,
  WhatsappMessageDto,
} from 'src/platforms/whatsapp/whatsapp-message.dto';

// Meta batches, but never near these; they only bound what validation has to walk.
const MAX_ENTRIES = 1000;
const MAX_ITEMS = 1000;

export class WhatsappProfileDto {
  @ApiPropertyOptional({ example: 'Derya Yılmaz' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @IsStorableText(1020)
  name?: string;
}

export class WhatsappContactDto {
  @ApiPropertyOptional({ type: WhatsappProfileDto })
  @IsOptional()
  @IsNestedObject(() => WhatsappProfileDto)
  profile?: WhatsappProfileDto;

  @ApiPropertyOptional({ example: '905551234567' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @IsStorableText(256)
  wa_id?: string;
}

export class WhatsappMetadataDto {
  @ApiPropertyOptional({ example: '118273645509182' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @IsStorableText(256)
  phone_number_id?: string;
}

export class WhatsappStatusErrorDto {
  @ApiPropertyOptional({ example: 131047 })
  @IsOptional()
  @IsInt()
  code?: number;

  @ApiPropertyOptional({ example: 'Re-engagement message' })
  @IsOptional()
  @IsString()
  @IsStorableText(MAX_SHORT_TEXT_BYTES)
  title?: string;
}

// A report on a message we sent.
export class WhatsappStatusDto {
  @ApiProperty({ example: 'wamid.HBgMOTA1NTUxMjM0NTY3FQIAERgSOUY4RTdENkM1QjRBMzkyMQA=' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(191)
  @IsStorableText(764)
  id: string;

  @ApiProperty({
    example: 'delivered',
    description: 'sent, delivered, read, failed; others ignored',
  })
  @IsString()
  @MaxLength(64)
  @IsStorableText(256)
  status: string;

  @ApiPropertyOptional({ type: [WhatsappStatusErrorDto] })
  @IsOptional()
  @IsNestedObjectArray(() => WhatsappStatusErrorDto, MAX_ITEMS)
  errors?: WhatsappStatusErrorDto[];
}

export class WhatsappValueDto {
  @ApiPropertyOptional({ type: WhatsappMetadataDto })
  @IsOptional()
  @IsNestedObject(() => WhatsappMetadataDto)
  metadata?: WhatsappMetadataDto;

  @ApiPropertyOptional({ type: [WhatsappContactDto] })
  @IsOptional()
  @IsNestedObjectArray(() => WhatsappContactDto, MAX_ITEMS)
  contacts?: WhatsappContactDto[];

  @ApiPropertyOptional({ type: [WhatsappMessageDto] })
  @IsOptional()
  @IsNestedObjectArray(() => WhatsappMessageDto, MAX_ITEMS)
  messages?: WhatsappMessageDto[];

  @ApiPropertyOptional({ type: [WhatsappStatusDto] })
  @IsOptional()
  @IsNestedObjectArray(() => WhatsappStatusDto, MAX_ITEMS)
  statuses?: WhatsappStatusDto[];
}

export class WhatsappChangeDto {
  @ApiPropertyOptional({ example: 'messages' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @IsStorableText(256)
  field?: string;

  @ApiPropertyOptional({ type: WhatsappValueDto })
  @IsOptional()
  @IsNestedObject(() => WhatsappValueDto)
  value?: WhatsappValueDto;
}

export class WhatsappEntryDto {
  @ApiPropertyOptional({ type: [WhatsappChangeDto] })
  @IsOptional()
  @IsNestedObjectArray(() => WhatsappChangeDto, MAX_ITEMS)
  changes?: WhatsappChangeDto[];
}

// Meta's notification body (`POST /webhooks/whatsapp`); only the fields read are listed.
@CompiledValidation()
export class WhatsappWebhookDto {
  @ApiProperty({ example: 'whatsapp_business_account' })
  @IsIn(['whatsapp_business_account'])
  object: string;

  @ApiProperty({ type: [WhatsappEntryDto] })
  @IsNestedObjectArray(() => WhatsappEntryDto, MAX_ENTRIES)
  entry: WhatsappEntryDto[];
}
