import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  DEFAULT_PRIORITY_BOOST,
  IsInternationalPhone,
  IsRequiredWithout,
  IsRuleText,
  MAX_CUSTOMER_NAME_LENGTH,
  MAX_PLATFORM_USER_ID_LENGTH,
  MAX_PRIORITY_BOOST,
  MIN_PRIORITY_BOOST,
  Trim,
} from 'src/admin/vip-rule.validation';

// `POST /admin/important-customers`; at least one of `phone_number` and `platform_user_id`.
export class CreateImportantCustomerDto {
  @ApiPropertyOptional({
    description:
      'International form; stored as E.164 (`+` and digits): "+90 555 111 22 33" and ' +
      '"0090 555 111 22 33" are both stored as "+905551112233"',
    example: '+90 555 111 22 33',
  })
  @Trim()
  @IsRequiredWithout('platform_user_id')
  @IsInternationalPhone()
  phone_number?: string | null;

  @ApiPropertyOptional({
    description: "The sender's id on the platform (WhatsApp wa_id, Userlike client id, …)",
    example: 'ul-client-4711',
    maxLength: MAX_PLATFORM_USER_ID_LENGTH,
  })
  @Trim()
  @IsRequiredWithout('phone_number')
  @IsRuleText(MAX_PLATFORM_USER_ID_LENGTH)
  platform_user_id?: string | null;

  @ApiProperty({ example: 'Derya Yılmaz 🌟', maxLength: MAX_CUSTOMER_NAME_LENGTH })
  @Trim()
  @IsDefined({ message: '$property is required' })
  @IsRuleText(MAX_CUSTOMER_NAME_LENGTH)
  name: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: MIN_PRIORITY_BOOST,
    maximum: MAX_PRIORITY_BOOST,
    default: DEFAULT_PRIORITY_BOOST,
    description: 'Added to the urgency score (1–10) of their messages',
  })
  @IsOptional()
  @IsInt()
  @Min(MIN_PRIORITY_BOOST)
  @Max(MAX_PRIORITY_BOOST)
  priority_boost?: number | null;
}
