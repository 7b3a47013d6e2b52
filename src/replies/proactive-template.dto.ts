import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsObject, IsString, Matches } from 'class-validator';
import { IsOptional } from 'src/common/validation/is-optional.decorator';
import { IsStorableJson } from 'src/common/validation/storable-text.decorator';
import type { OutboundTemplate, TemplateComponent } from 'src/core/outbound-template';

// Meta's template names: lowercase letters, digits and underscores, at most 512 characters.
const TEMPLATE_NAME = /^[a-z0-9_]{1,512}$/;
// `en`, `en_US` (Meta's form) or `en-US`; three letters for the few Meta lists so (`fil`).
const LANGUAGE_CODE = /^[a-z]{2,3}(?:[_-][A-Z]{2})?$/;
// Header, body, footer and up to ten buttons make far fewer; the cap only bounds the row.
const MAX_COMPONENTS = 32;

// `template` of `POST /messages/proactive` (WhatsApp).
export class ProactiveTemplateDto {
  @ApiProperty({
    description: 'The approved template’s name',
    pattern: TEMPLATE_NAME.source,
    example: 'order_shipped',
  })
  @IsString()
  @Matches(TEMPLATE_NAME, {
    message: 'name must be a template name: lowercase letters, digits and _, 1 to 512 of them',
  })
  name: string;

  @ApiProperty({
    description: 'The template’s language: `en`, `en_US` or `en-US` (sent as `en_US`)',
    pattern: LANGUAGE_CODE.source,
    example: 'tr',
  })
  @IsString()
  @Matches(LANGUAGE_CODE, {
    message: 'language must be a language code such as en, en_US, pt_BR or pt-BR',
  })
  language: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    maxItems: MAX_COMPONENTS,
    description: 'Meta’s `components` (header, body and button parameters), passed on as given',
    example: [{ type: 'body', parameters: [{ type: 'text', text: 'A-1042' }] }],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_COMPONENTS)
  @IsObject({ each: true, message: 'each item of components must be an object' })
  @IsStorableJson()
  components?: TemplateComponent[];
}

export function templateOf({ name, language, components }: ProactiveTemplateDto): OutboundTemplate {
  return { name, language, ...(components ? { components } : {}) };
}
