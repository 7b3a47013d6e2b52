import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, ValidateNested } from 'class-validator';
import { NestedType } from 'src/common/validation/dto-schema';

type DtoClass = new () => object;

// `ValidateNested` alone walks into an array given where an object is expected and finds nothing
// wrong with `[]`; `IsObject` refuses arrays, `null` and primitives.

/** A nested DTO: a JSON object, validated by its class. */
export function IsNestedObject(type: () => DtoClass): PropertyDecorator {
  return applyDecorators(IsObject(), ValidateNested(), Type(type), NestedType(type));
}

/** An array of nested DTOs: every item a JSON object (never `[]`, `null` or a string). */
export function IsNestedObjectArray(type: () => DtoClass, maxItems: number): PropertyDecorator {
  return applyDecorators(
    IsArray(),
    ArrayMaxSize(maxItems),
    IsObject({ each: true, message: 'each item of $property must be an object' }),
    ValidateNested({ each: true }),
    Type(type),
    NestedType(type),
  );
}
