import { hasLoneSurrogate } from 'src/common/text/unicode';
import {
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';

// MySQL `TEXT` holds 65,535 bytes; UTF-8 length, not character count, is what must fit.
export const MAX_TEXT_BYTES = 65535;

// A lone surrogate has no UTF-8 form and fails utf8mb4 and JSON checks.
export function IsStorableText(maxBytes: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isStorableText',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [maxBytes],
      options,
      validator: {
        // Non-strings are left to `IsString`, so a wrong type is reported once.
        validate: (value: unknown) =>
          typeof value !== 'string' ||
          (!hasLoneSurrogate(value) && Buffer.byteLength(value, 'utf8') <= maxBytes),
        defaultMessage: ({ property, value }: ValidationArguments) =>
          typeof value === 'string' && hasLoneSurrogate(value)
            ? `${property} must be valid Unicode text (it has a lone surrogate)`
            : `${property} must be at most ${maxBytes} bytes of UTF-8`,
      },
    });
  };
}
