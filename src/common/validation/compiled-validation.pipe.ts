import { type ArgumentMetadata, ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import Ajv, { type ValidateFunction } from 'ajv';
import type { ValidationArguments } from 'class-validator';
import { type DelegatedCheck, dtoSchemaOf } from 'src/common/validation/dto-schema';

type DtoClass = new () => object;

const COMPILED = Symbol('compiledValidation');

/**
 * Marks a request body DTO for the compiled fast path (the hot webhook routes): see
 * `CompiledValidationPipe`. Its transforms must only change values its validators refuse.
 */
export function CompiledValidation(): ClassDecorator {
  return (target) => Reflect.defineMetadata(COMPILED, true, target);
}

/**
 * The app's one validation pipe. A body whose DTO is marked `@CompiledValidation()` is first
 * checked by a JSON schema compiled from the DTO's own class-validator metadata (ajv; properties
 * the DTO does not list are removed, as `whitelist` does): a body it accepts is handed on as it
 * is. Anything else, and every body it refuses, goes through class-validator as before, so each
 * 400 is class-validator's, naming every bad field.
 */
export class CompiledValidationPipe extends ValidationPipe {
  private readonly ajv = new Ajv({ removeAdditional: 'all', allErrors: false, strict: true });
  private readonly compiled = new Map<DtoClass, ValidateFunction | null>();
  private readonly checks: DelegatedCheck[] = [];

  constructor(options: ValidationPipeOptions) {
    super(options);
    const { checks } = this;
    this.ajv.addKeyword({
      keyword: 'checkedBy',
      schemaType: 'number',
      validate: (index: number, value: unknown, _schema?: unknown, context?: DataContext) => {
        const check = checks[index];
        const args: ValidationArguments = {
          value,
          constraints: check.constraints,
          targetName: check.targetName,
          object: context?.parentData ?? {},
          property: check.property,
        };
        return check.validate(value, args);
      },
    });
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    return this.acceptsCompiled(value, metadata)
      ? Promise.resolve(value)
      : super.transform(value, metadata);
  }

  /** Whether the compiled schema takes `value` as it is (its unknown properties removed). */
  acceptsCompiled(value: unknown, metadata: ArgumentMetadata): boolean {
    const validate = metadata.type === 'body' ? this.validatorFor(metadata.metatype) : null;
    return validate !== null && validate(value);
  }

  private validatorFor(metatype: ArgumentMetadata['metatype']): ValidateFunction | null {
    if (!metatype || Reflect.getMetadata(COMPILED, metatype) !== true) {
      return null;
    }
    const dto = metatype as DtoClass;
    if (!this.compiled.has(dto)) {
      this.compiled.set(dto, this.compile(dto));
    }
    return this.compiled.get(dto) ?? null;
  }

  private compile(dto: DtoClass): ValidateFunction | null {
    const schema = dtoSchemaOf(dto, this.checks);
    return schema ? this.ajv.compile(schema) : null;
  }
}

interface DataContext {
  parentData?: unknown;
}
