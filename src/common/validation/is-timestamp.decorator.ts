import {
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';

// RFC 3339: ISO-8601 week dates, ordinal dates and basic format pass `IsISO8601` but not `Date`.
const RFC_3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;
const EARLIEST_MS = Date.UTC(1970, 0, 1);
const LATEST_MS = Date.UTC(9999, 11, 31);

// `Date` rolls 2025-02-30 over to 2 March: such a date is refused, not silently moved.
function isOnCalendar([year, month, day, hour, minute, second]: number[]): boolean {
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= lastDay &&
    hour <= 23 &&
    minute <= 59 &&
    (Number.isNaN(second) || second <= 59)
  );
}

export function IsTimestamp(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isTimestamp',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => {
          const parts = typeof value === 'string' ? RFC_3339.exec(value) : null;
          if (!parts || !isOnCalendar(parts.slice(1, 7).map(Number))) {
            return false;
          }
          const time = Date.parse(parts[0]);
          return !Number.isNaN(time) && time >= EARLIEST_MS && time <= LATEST_MS;
        },
        defaultMessage: ({ property }: ValidationArguments) =>
          `${property} must be an RFC 3339 date-time like 2025-03-03T11:10:00Z`,
      },
    });
  };
}
