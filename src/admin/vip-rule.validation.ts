import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { normalizePhone } from 'src/common/text/phone';
import { hasLoneSurrogate } from 'src/common/text/unicode';

export const MIN_PRIORITY_BOOST = 1;
export const MAX_PRIORITY_BOOST = 5;
export const DEFAULT_PRIORITY_BOOST = 2;

// The column sizes; MySQL counts a VARCHAR's length in characters (code points), not bytes.
export const MAX_CUSTOMER_NAME_LENGTH = 255;
export const MAX_GROUP_NAME_LENGTH = 191;
export const MAX_PLATFORM_USER_ID_LENGTH = 191;

const PHONE_CHARACTERS = /^\+?[0-9 ().-]+$/;
// E.164: a country code (never starting with 0) and at most 15 digits in all.
const E164 = /^\+[1-9][0-9]{5,14}$/;

const isAbsent = (value: unknown): boolean => value === undefined || value === null;

export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim() : value,
  );
}

function textProblem(value: unknown, maxLength: number): string | null {
  if (typeof value !== 'string') {
    return 'must be a string';
  }
  if (value.length === 0) {
    return 'must not be empty';
  }
  if (hasLoneSurrogate(value)) {
    return 'must be valid Unicode text (it has a lone surrogate)';
  }
  return [...value].length > maxLength ? `must be at most ${maxLength} characters` : null;
}

// Absence is left to `IsDefined` or `IsRequiredWithout`, so a missing field is reported once.
export function IsRuleText(maxLength: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRuleText',
      constraints: [maxLength],
      validator: {
        validate: (value: unknown) => isAbsent(value) || textProblem(value, maxLength) === null,
        defaultMessage: ({ property, value }: ValidationArguments) =>
          `${property} ${textProblem(value, maxLength) ?? 'is invalid'}`,
      },
    },
    options,
  );
}

export function IsInternationalPhone(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInternationalPhone',
      validator: {
        validate: (value: unknown) =>
          isAbsent(value) ||
          (typeof value === 'string' &&
            PHONE_CHARACTERS.test(value) &&
            E164.test(normalizePhone(value) ?? '')),
        defaultMessage: ({ property, value }: ValidationArguments) =>
          typeof value === 'string'
            ? `${property} must be a phone number in international form: country code and ` +
              'number, 6 to 15 digits (spaces, dashes, dots and parentheses allowed)'
            : `${property} must be a string`,
      },
    },
    options,
  );
}

// One of two fields must be given; both carry this check so the 400 names both.
export function IsRequiredWithout(other: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRequiredWithout',
      constraints: [other],
      validator: {
        validate: (value: unknown, args?: ValidationArguments) =>
          !isAbsent(value) || !isAbsent((args?.object as Record<string, unknown>)[other]),
        defaultMessage: ({ property }: ValidationArguments) =>
          `${property} or ${other} is required`,
      },
    },
    options,
  );
}
