import 'reflect-metadata';
import { getMetadataStorage, type ValidationArguments } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { groupBy } from 'src/common/collections/group-by';

type DtoClass = new () => object;
type JsonSchema = Record<string, unknown>;

const NESTED_TYPE = Symbol('nestedType');

/** Records the class of a nested DTO property (`IsNestedObject`, `IsNestedObjectArray`). */
export function NestedType(type: () => DtoClass): PropertyDecorator {
  return (target, property) => Reflect.defineMetadata(NESTED_TYPE, type, target, property);
}

/**
 * A DTO's own validators that JSON Schema has no keyword for (`IsStorableText`, `Matches`, …),
 * called as `checkedBy: <index>`: the very functions class-validator calls, with the same
 * arguments.
 */
export interface DelegatedCheck {
  validate: (value: unknown, args: ValidationArguments) => boolean;
  constraints: unknown[];
  property: string;
  targetName: string;
}

// class-validator's decorators that say what JSON type a value is, and the schema for it.
const TYPE_KEYWORDS: Record<string, (constraints: unknown[]) => JsonSchema> = {
  isString: () => ({ type: 'string' }),
  isInt: () => ({ type: 'integer' }),
  isNumber: () => ({ type: 'number' }),
  isBoolean: () => ({ type: 'boolean' }),
  isArray: () => ({ type: 'array' }),
  isObject: () => ({ type: 'object' }),
};

// Bounds and sets with the same meaning in JSON Schema (lengths in code points in both). Each
// names its type too: class-validator's bound refuses a value of another type, JSON Schema's
// would let it through.
const BOUND_KEYWORDS: Record<string, (constraints: unknown[]) => JsonSchema> = {
  maxLength: ([max]) => ({ type: 'string', maxLength: max }),
  minLength: ([min]) => ({ type: 'string', minLength: min }),
  arrayMaxSize: ([max]) => ({ type: 'array', maxItems: max }),
  arrayMinSize: ([min]) => ({ type: 'array', minItems: min }),
  isIn: ([values]) => ({ enum: values }),
};

class NotCompilable extends Error {}

/**
 * The JSON schema of a DTO, read from class-validator's metadata, that accepts only what
 * class-validator accepts (with `whitelist`: properties it does not know are left out), or `null`
 * when the DTO uses something this does not translate. It may refuse more than class-validator
 * (a `null` where a field is optional): such bodies are left to class-validator, which also
 * writes every 400. Transforms are not run: a DTO given a fast path must only transform values
 * the schema refuses (`IsOptional`'s `null`, a number where a string is due).
 */
export function dtoSchemaOf(dto: DtoClass, checks: DelegatedCheck[]): JsonSchema | null {
  const before = checks.length;
  try {
    return objectSchema(dto, checks, new Set());
  } catch (error) {
    if (error instanceof NotCompilable) {
      checks.length = before;
      return null;
    }
    throw error;
  }
}

// `checks` collects the delegated checks; a schema names each by its index there.
function objectSchema(dto: DtoClass, checks: DelegatedCheck[], seen: Set<DtoClass>): JsonSchema {
  if (seen.has(dto)) {
    throw new NotCompilable(`${dto.name} refers to itself`);
  }
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(dto, '', true, false, undefined);
  const byProperty = groupBy(metadatas, (metadata) => metadata.propertyName);
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const inner = new Set(seen).add(dto);
  for (const [property, own] of byProperty) {
    if (own.some((metadata) => (metadata.groups?.length ?? 0) > 0)) {
      throw new NotCompilable(`${dto.name}.${property} uses validation groups`);
    }
    // `IsDefined` is checked even where `IsOptional` would skip the rest.
    const isOptional =
      own.some((metadata) => metadata.type === 'conditionalValidation') &&
      !own.some((metadata) => metadata.type === 'isDefined');
    if (!isOptional) {
      required.push(property);
    }
    properties[property] = propertySchema(dto, property, own, checks, inner);
  }
  return { type: 'object', properties, required };
}

function propertySchema(
  dto: DtoClass,
  property: string,
  metadatas: ValidationMetadata[],
  checks: DelegatedCheck[],
  seen: Set<DtoClass>,
): JsonSchema {
  const own: JsonSchema[] = [];
  const each: JsonSchema[] = [];
  const storage = getMetadataStorage();
  for (const metadata of metadatas) {
    const target = metadata.each ? each : own;
    switch (metadata.type) {
      case 'conditionalValidation':
      case 'whitelistValidation':
      case 'isDefined': // required above; `null` is refused below for every property
        break;
      case 'nestedValidation': {
        const nested = Reflect.getMetadata(NESTED_TYPE, dto.prototype as object, property) as
          (() => DtoClass) | undefined;
        if (!nested) {
          throw new NotCompilable(`${dto.name}.${property}: nested type not recorded`);
        }
        target.push(objectSchema(nested(), checks, seen));
        break;
      }
      case 'customValidation': {
        const constraint = metadata.constraintCls
          ? storage.getTargetValidatorConstraints(metadata.constraintCls)[0]
          : undefined;
        const name = constraint?.name ?? '';
        const constraints = (metadata.constraints ?? []) as unknown[];
        const keyword = TYPE_KEYWORDS[name] ?? BOUND_KEYWORDS[name];
        if (keyword) {
          target.push(keyword(constraints));
          break;
        }
        const validator = new (
          metadata.constraintCls as new () => {
            validate: DelegatedCheck['validate'];
          }
        )();
        checks.push({
          validate: (value, args) => validator.validate(value, args),
          constraints,
          property,
          targetName: dto.name,
        });
        target.push({ checkedBy: checks.length - 1 });
        break;
      }
      default:
        throw new NotCompilable(`${dto.name}.${property}: ${metadata.type} is not translated`);
    }
  }
  if (each.length > 0) {
    own.push({ type: 'array', items: { allOf: each } });
  }
  // A `null` is left to class-validator (`IsOptional` makes it absent).
  own.push({ not: { type: 'null' } });
  return { allOf: own };
}
