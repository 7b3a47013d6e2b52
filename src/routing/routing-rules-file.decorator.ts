import { applyDecorators } from '@nestjs/common';
import {
  IsIn,
  IsInt,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  type ValidationArguments,
} from 'class-validator';
import { AgentName } from 'src/core/routing-outcome';

const AGENTS: readonly string[] = Object.values(AgentName);

/** How a value from the rules file is quoted in a problem: as it was written. */
export function describeValue(value: unknown): string {
  return value === undefined ? 'missing value' : JSON.stringify(value);
}

/**
 * A field that may be left out. Unlike class-validator's `IsOptional`, `null` is not "left out":
 * it is checked, and refused wherever a list or a number is expected.
 */
export function IsOmissible(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

export function IsAgent(): PropertyDecorator {
  return IsIn(AGENTS, {
    message: ({ value }) => `${describeValue(value)} is not an agent (one of ${AGENTS.join(', ')})`,
  });
}

// One message whichever check fails; the loader stops at a field's first problem.
export function IsUrgency(): PropertyDecorator {
  const message = ({ value }: { value: unknown }): string =>
    `${describeValue(value)} is not an integer from 1 to 10`;
  return applyDecorators(IsInt({ message }), Min(1, { message }), Max(10, { message }));
}

export interface ListItems {
  isItem: (item: unknown) => boolean;
  // What one item must be: `one of sales, support` or `an ISO 639-1 code`.
  item: string;
  // What the list holds: `sales, support` or `ISO 639-1 codes such as "en", "tr"`.
  items: string;
}

/** A list of allowed words: every item is checked, and each bad one is named with its place. */
export function IsListOf(list: ListItems, isEmptyAllowed = false): PropertyDecorator {
  return ValidateBy({
    name: 'isListOf',
    validator: {
      validate: (value: unknown) =>
        Array.isArray(value) && (isEmptyAllowed || value.length > 0) && value.every(list.isItem),
      defaultMessage: (args?: ValidationArguments) => {
        const value: unknown = args?.value;
        return Array.isArray(value) && (isEmptyAllowed || value.length > 0)
          ? value
              .flatMap((item: unknown, index) =>
                list.isItem(item)
                  ? []
                  : [`${describeValue(item)} (item ${index}) is not ${list.item}`],
              )
              .join('; ')
          : `must be ${isEmptyAllowed ? 'an' : 'a non-empty'} array of ${list.items}`;
      },
    },
  });
}

export function wordsOf(values: Record<string, string>): ListItems {
  const allowed: readonly string[] = Object.values(values);
  return {
    isItem: (item) => typeof item === 'string' && allowed.includes(item),
    item: `one of ${allowed.join(', ')}`,
    items: allowed.join(', '),
  };
}
