import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Grouped = Record<string, ValidationMetadata[]>;

// The parts of class-validator's metadata storage that validation asks on every nested object.
interface MetadataLookups {
  getTargetValidationMetadatas(
    target: object,
    targetSchema: string | undefined,
    always: boolean,
    strictGroups: boolean,
    groups?: string[],
  ): ValidationMetadata[];
  groupByPropertyName(metadata: ValidationMetadata[]): Grouped;
  addValidationMetadata(metadata: ValidationMetadata): void;
}

let isCached = false;

/**
 * class-validator works out which rules apply to a class again for every object it validates,
 * walking every registered class to find parents: most of the cost of validating a webhook body.
 * The answer only changes when rules are registered (when classes load), so it is kept per class
 * and options until then. Idempotent.
 */
export function cacheValidationMetadata(): void {
  if (isCached) {
    return;
  }
  isCached = true;
  const storage = getMetadataStorage() as unknown as MetadataLookups;
  const findRules = storage.getTargetValidationMetadatas.bind(storage);
  const groupRules = storage.groupByPropertyName.bind(storage);
  const addRule = storage.addValidationMetadata.bind(storage);
  let rulesByTarget = new WeakMap<object, Map<string, ValidationMetadata[]>>();
  let groupedByRules = new WeakMap<ValidationMetadata[], Grouped>();

  storage.getTargetValidationMetadatas = (target, targetSchema, always, strictGroups, groups) => {
    const key = `${targetSchema ?? ''}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let byOptions = rulesByTarget.get(target);
    if (!byOptions) {
      byOptions = new Map();
      rulesByTarget.set(target, byOptions);
    }
    let rules = byOptions.get(key);
    if (!rules) {
      rules = findRules(target, targetSchema, always, strictGroups, groups);
      byOptions.set(key, rules);
    }
    return rules;
  };
  storage.groupByPropertyName = (rules) => {
    let grouped = groupedByRules.get(rules);
    if (!grouped) {
      grouped = groupRules(rules);
      groupedByRules.set(rules, grouped);
    }
    return grouped;
  };
  storage.addValidationMetadata = (metadata) => {
    rulesByTarget = new WeakMap();
    groupedByRules = new WeakMap();
    addRule(metadata);
  };
}
