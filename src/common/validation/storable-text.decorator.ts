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

function hasLoneSurrogateAnywhere(value: unknown): boolean {
  if (typeof value === 'string') {
    return hasLoneSurrogate(value);
  }
  if (Array.isArray(value)) {
    return value.some(hasLoneSurrogateAnywhere);
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(
      ([key, inner]) => hasLoneSurrogate(key) || hasLoneSurrogateAnywhere(inner),
    );
  }
  return false;
}

/**
 * A free-form JSON value kept as the platform sent it (a context, an unconfirmed field): any
 * shape, but every string in it, keys included, must be valid Unicode, or it could not be stored
 * (or echoed) exactly as sent. Also marks the field as one to keep (like `@Allow`).
 */
export function IsStorableJson(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isStorableJson',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => !hasLoneSurrogateAnywhere(value),
        defaultMessage: ({ property }: ValidationArguments) =>
          `${property} must hold valid Unicode text only (it has a lone surrogate)`,
      },
    });
  };
}
