import { getMetadataStorage, type ValidationError } from 'class-validator';

// class-validator's name for the check `forbidNonWhitelisted` adds.
const UNKNOWN_FIELD = 'whitelistValidation';

// The fields a DTO declares, in order, read from class-validator's public metadata.
function fieldsOf(target: object | undefined): string[] {
  if (target === undefined) {
    return [];
  }
  const rules = getMetadataStorage().getTargetValidationMetadatas(
    target.constructor,
    '',
    true,
    false,
  );
  return [...new Set(rules.map((rule) => rule.propertyName))];
}

function pathOf(parent: string, property: string): string {
  if (/^\d+$/.test(property)) {
    return `${parent}[${property}]`;
  }
  return parent ? `${parent}.${property}` : property;
}

/**
 * One line per problem, `path: what is wrong`, with the path written as in the file
 * (`rules[2].when.minUrgency`). An unknown field lists the allowed ones: a misspelt condition would
 * otherwise be dropped and its rule would match everything.
 */
export function problemsOf(errors: readonly ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = pathOf(parent, error.property);
    const own = Object.entries(error.constraints ?? {}).map(([check, message]) =>
      check === UNKNOWN_FIELD
        ? `${path}: unknown field (allowed: ${fieldsOf(error.target).join(', ')})`
        : `${path}: ${message}`,
    );
    return [...own, ...problemsOf(error.children ?? [], path)];
  });
}
