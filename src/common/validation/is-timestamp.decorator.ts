import {
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';

// RFC 3339: ISO-8601 week dates, ordinal dates and basic format pass `IsISO8601` but not `Date`.
const RFC_3339 =
  /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;
const EARLIEST_MS = Date.UTC(1970, 0, 1);
const LATEST_MS = Date.UTC(9999, 11, 31);

// Only date-times that JavaScript and the databases can hold.
export function IsTimestamp(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isTimestamp',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || !RFC_3339.test(value)) {
            return false;
          }
          const time = Date.parse(value);
          return !Number.isNaN(time) && time >= EARLIEST_MS && time <= LATEST_MS;
        },
        defaultMessage: ({ property }: ValidationArguments) =>
          `${property} must be an RFC 3339 date-time like 2025-03-03T11:10:00Z`,
      },
    });
  };
}
