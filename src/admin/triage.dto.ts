import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, ValidateIf } from 'class-validator';
import { Category, PriorityLevel } from 'src/core/message-analysis';
import { PageQueryDto } from 'src/common/validation/page-query.dto';

export class TriageCorrectionDto {
  @ApiPropertyOptional({ enum: Category, description: 'The category the message should have had' })
  @ValidateIf(
    (body: TriageCorrectionDto) => body.category !== undefined || body.priority_level === undefined,
  )
  @IsIn(Object.values(Category), {
    message: 'category must be one of: $constraint1 (or give priority_level)',
  })
  category?: Category;

  @ApiPropertyOptional({ enum: PriorityLevel, description: 'The priority it should have had' })
  @ValidateIf(
    (body: TriageCorrectionDto) => body.priority_level !== undefined || body.category === undefined,
  )
  @IsIn(Object.values(PriorityLevel), {
    message: 'priority_level must be one of: $constraint1 (or give category)',
  })
  priority_level?: PriorityLevel;
}

export class TriageLabelsQueryDto extends PageQueryDto {}

export class TriageLabelResponse {
  @ApiProperty({ example: 7 }) id: number;
  @ApiProperty({ example: 42 }) message_id: number;
  @ApiProperty({ description: 'The message text the correction applies to (compared folded)' })
  text: string;
  @ApiProperty({ example: 'tr' }) language: string;
  @ApiProperty({ enum: Category, nullable: true }) category: Category | null;
  @ApiProperty({ enum: PriorityLevel, nullable: true }) priority_level: PriorityLevel | null;
  @ApiProperty({ enum: Category, nullable: true, description: 'What the analysis had said' })
  predicted_category: Category | null;
  @ApiProperty({ enum: PriorityLevel, nullable: true })
  predicted_priority_level: PriorityLevel | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The analyzer model that was corrected',
  })
  model: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

export class TriageLabelsResponse {
  @ApiProperty({ type: [TriageLabelResponse] }) labels: TriageLabelResponse[];
  @ApiProperty({ type: Number, nullable: true, description: 'Pass as `before_id` for more' })
  next_before_id: number | null;
}

export class TriageFiguresResponse {
  @ApiProperty() messages: number;
  @ApiProperty() urgent: number;
  @ApiProperty({ type: Number, nullable: true }) urgent_recall: number | null;
  @ApiProperty({ type: Number, nullable: true }) urgency_agreement: number | null;
  @ApiProperty() scored: number;
  @ApiProperty({ type: Number, nullable: true }) category_agreement: number | null;
}

export class RetrainStatusResponse {
  @ApiProperty({ enum: ['idle', 'training', 'accepted', 'rejected', 'failed'] }) state: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) started_at: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) finished_at: string | null;
  @ApiProperty({ description: 'Operators’ corrections added to the corpus' }) corrections: number;
  @ApiProperty({ type: String, nullable: true }) candidate_version: string | null;
  @ApiProperty({ type: TriageFiguresResponse, nullable: true, description: 'On the test split' })
  candidate_figures: TriageFiguresResponse | null;
  @ApiProperty({ type: TriageFiguresResponse, nullable: true, description: 'On the test split' })
  current_figures: TriageFiguresResponse | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
}

export class AgreementResponse {
  @ApiProperty({ description: 'Corrections that say this' }) corrections: number;
  @ApiProperty({ description: 'Of those, how many the current model answers the same' })
  agreed: number;
  @ApiProperty({ type: Number, nullable: true, description: 'agreed ÷ corrections' })
  agreement: number | null;
}

export class TriageEvaluationResponse {
  @ApiProperty({ example: 'triage-2026-12-05-1a2b3c4d' }) model_version: string;
  @ApiProperty({ description: 'The model that ships with this release' }) shipped_version: string;
  @ApiProperty({ description: 'Operators’ corrections stored' }) corrections: number;
  @ApiProperty({ type: AgreementResponse, description: 'Corrections that set a category' })
  category: AgreementResponse;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/AgreementResponse' },
    description: 'Per corrected category',
  })
  by_category: Record<string, AgreementResponse>;
  @ApiProperty({
    type: AgreementResponse,
    description: 'Corrections that set a priority: urgent (critical/high) or routine alike',
  })
  urgency: AgreementResponse;
  @ApiProperty({ type: RetrainStatusResponse }) retraining: RetrainStatusResponse;
}
