import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  DEFAULT_PRIORITY_BOOST,
  IsRuleText,
  MAX_GROUP_NAME_LENGTH,
  MAX_PRIORITY_BOOST,
  MIN_PRIORITY_BOOST,
  Trim,
} from 'src/admin/vip-rule.validation';

// `POST /admin/critical-groups`.
export class CreateCriticalGroupDto {
  @ApiProperty({
    description:
      'Chat/group name (or sender name) to match; matching ignores case, accents and repeated spaces',
    example: 'İzer Kargo Ekibi 🚚',
    maxLength: MAX_GROUP_NAME_LENGTH,
  })
  @Trim()
  @IsDefined({ message: '$property is required' })
  @IsRuleText(MAX_GROUP_NAME_LENGTH)
  name: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: MIN_PRIORITY_BOOST,
    maximum: MAX_PRIORITY_BOOST,
    default: DEFAULT_PRIORITY_BOOST,
    description: 'Added to the urgency score (1–10) of messages from this chat',
  })
  @IsOptional()
  @IsInt()
  @Min(MIN_PRIORITY_BOOST)
  @Max(MAX_PRIORITY_BOOST)
  priority_boost?: number | null;
}
