import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { Category, PriorityLevel, Sentiment } from 'src/core/message-analysis';
import { AgentName } from 'src/core/routing-outcome';
import type { RoutingCondition, RoutingRule } from 'src/routing/routing-rules';
import {
  IsAgent,
  IsListOf,
  IsOmissible,
  IsUrgency,
  wordsOf,
} from 'src/routing/routing-rules-file.decorator';

// As the analyzer reports languages: two letters, or `und` when unknown.
const LANGUAGES = {
  isItem: (item: unknown) => typeof item === 'string' && /^([a-z]{2}|und)$/.test(item),
  item: 'an ISO 639-1 code',
  items: 'ISO 639-1 codes such as "en", "tr"',
};

function lowerCaseItems({ value }: { value: unknown }): unknown {
  return Array.isArray(value)
    ? value.map((item: unknown) => (typeof item === 'string' ? item.toLowerCase() : item))
    : value;
}

// A rule whose range is empty would never match: surely a mistake, so it stops the boot.
function HasReachableUrgencyRange(): PropertyDecorator {
  return ValidateBy({
    name: 'hasReachableUrgencyRange',
    validator: {
      validate: (when: Partial<RoutingCondition> | undefined) =>
        !(
          Number.isInteger(when?.minUrgency) &&
          Number.isInteger(when?.maxUrgency) &&
          Number(when?.minUrgency) > Number(when?.maxUrgency)
        ),
      defaultMessage: () => 'minUrgency is greater than maxUrgency, so the rule never matches',
    },
  });
}

export class RoutingConditionDto implements RoutingCondition {
  @IsOmissible()
  @IsListOf(wordsOf(Category))
  category?: Category[];

  @IsOmissible()
  @IsListOf(wordsOf(PriorityLevel))
  priorityLevel?: PriorityLevel[];

  @IsOmissible()
  @IsListOf(wordsOf(Sentiment))
  sentiment?: Sentiment[];

  @IsOmissible()
  @Transform(lowerCaseItems)
  @IsListOf(LANGUAGES)
  language?: string[];

  @IsOmissible()
  @IsUrgency()
  minUrgency?: number;

  @IsOmissible()
  @IsUrgency()
  maxUrgency?: number;
}

export class RoutingRuleDto implements RoutingRule {
  @IsOmissible()
  @IsString({ message: 'must be a string' })
  name?: string;

  @IsAgent()
  agent: AgentName;

  // class-validator checks a field's rules from the bottom up and stops at its first problem: the
  // range is looked at only once `when` is an object.
  @HasReachableUrgencyRange()
  @ValidateNested()
  @Type(() => RoutingConditionDto)
  @IsObject({ message: 'must be an object (use {} to match every message)' })
  when: RoutingConditionDto;
}

export class HumanHandoverDto {
  @IsListOf(wordsOf(PriorityLevel), true)
  priorityLevels: PriorityLevel[];
}

// The file as written: every field but `rules` may be left out and gets the built-in default.
export class RoutingRulesFileDto {
  @IsArray({ message: 'must be an array (it may be empty)' })
  @ValidateNested({ each: true, message: 'must be an object with "when" and "agent"' })
  @Type(() => RoutingRuleDto)
  rules: RoutingRuleDto[];

  @IsOmissible()
  @IsAgent()
  defaultAgent?: AgentName;

  // `null` turns the fallback off.
  @IsOptional()
  @IsAgent()
  fallbackAgent?: AgentName | null;

  @IsOmissible()
  @IsObject({ message: 'must be an object like {"priorityLevels": ["critical"]}' })
  @ValidateNested()
  @Type(() => HumanHandoverDto)
  humanHandover?: HumanHandoverDto;
}
